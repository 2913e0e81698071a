// Which Host headers the server answers (plain Node).
// Tor delivers requests with Host set to the onion address; local use and
// benchmarks use an IP literal. Refusing every other name defeats DNS
// rebinding: a web page in the user's ordinary browser could otherwise point
// its own host name at 127.0.0.1 and read a private share, client auth and all.
import { isIP } from 'node:net';

export function isAllowedHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const value = host.trim().toLowerCase();
  let name: string;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) return false;
    name = value.slice(1, close);
    const rest = value.slice(close + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return false;
    return isIP(name) === 6;
  }
  const m = /^([^:]+)(?::\d{1,5})?$/.exec(value);
  if (!m || m[1] === undefined) return false;
  name = m[1].endsWith('.') ? m[1].slice(0, -1) : m[1];
  if (isIP(name) === 4 || name === 'localhost') return true;
  // v3 onion: 56 base32 characters, optionally under subdomains.
  return /^(?:[a-z0-9-]+\.)*[a-z2-7]{56}\.onion$/.test(name);
}
