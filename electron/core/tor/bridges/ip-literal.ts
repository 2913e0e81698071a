// IP literals as tor's Bridge option takes them, without node:net (neutral: the
// window checks pasted bridge lines with the same code the main process uses).

const IPV4_PART = /^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => IPV4_PART.test(p));
}

/** RFC 4291 text forms: 8 groups, one `::`, an IPv4 tail. No zone (`%eth0`): tor takes none. */
export function isIPv6(text: string): boolean {
  if (text.length > 45 || text.includes('%')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (half: string): string[] | null => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === null || tail === null) return false;
  const all = [...head, ...tail];
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    all.pop();
    count += 1; // an IPv4 tail fills two groups
  }
  if (!all.every((g) => HEX_GROUP.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export type AddressPort =
  | { ok: true; host: string; family: 4 | 6; port: number }
  | { ok: false; why: 'hostname' | 'port' | 'address'; host: string };

/** `1.2.3.4:443` or `[2001:db8::1]:443`; a port is required (bridge distributors always give one). */
export function parseAddressPort(text: string): AddressPort {
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (!isIPv6(host)) return { ok: false, why: 'address', host: text };
  } else {
    const colon = text.lastIndexOf(':');
    host = colon === -1 ? text : text.slice(0, colon);
    portText = colon === -1 ? undefined : text.slice(colon + 1);
    // An unbracketed IPv6 address: its port cannot be told from its groups.
    if (host.includes(':')) return { ok: false, why: 'address', host: text };
    if (!isIPv4(host)) {
      const looksLikeName = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(host) && /[A-Za-z]/.test(host);
      return { ok: false, why: looksLikeName ? 'hostname' : 'address', host };
    }
  }
  const port = portText !== undefined && /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return { ok: false, why: 'port', host };
  return { ok: true, host, family: bracketed ? 6 : 4, port };
}
