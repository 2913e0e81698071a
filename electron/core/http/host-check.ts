// Which Host headers the front door answers (plain Node).
// Tor delivers requests with Host set to the onion address; local use and
// benchmarks use an IP literal. Refusing every other name defeats DNS
// rebinding: a web page in the user's ordinary browser could otherwise point
// its own host name at 127.0.0.1 and read a private share, client auth and all.
import type { IncomingMessage } from 'node:http';
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

export type HostProblem = 'missing' | 'duplicate' | 'foreign';

/**
 * What is wrong with a request's Host, or null. RFC 9112 section 3.2: a
 * request with no Host or more than one gets a 400. Node keeps only the first
 * of two Host headers in `req.headers`, so they are counted in the raw list;
 * two different names would otherwise let one check pass on a name the
 * routes never see.
 */
export function hostProblem(req: IncomingMessage, checkName: boolean): HostProblem | null {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === 'host') count++;
  }
  if (count > 1) return 'duplicate';
  if (!checkName) return null;
  if (count === 0) return 'missing';
  return isAllowedHost(req.headers.host) ? null : 'foreign';
}

/**
 * Whether a browser says the request comes from a page of another origin
 * than this address. WebSocket handshakes are not bound by the same-origin
 * policy, so a page elsewhere could otherwise open a socket into a room with
 * the visitor's cookie (cross-site WebSocket hijacking). Browsers always send
 * Origin on a WebSocket handshake; a client that sends none is not a browser
 * and could send any Origin it likes, so only a present, foreign one (or the
 * opaque "null") is refused.
 */
export function isForeignOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  const host = req.headers.host;
  if (host === undefined || origin === 'null') return true;
  const plain = (hostPart: string): string => hostPart.trim().toLowerCase().replace(/:80$/, '');
  const m = /^http:\/\/([^/]+)$/i.exec(origin.trim());
  return m === null || m[1] === undefined || plain(m[1]) !== plain(host);
}
