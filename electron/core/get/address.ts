// What the recipient pastes: the share's address and, for a private share, its client key (plain Node, pure).
//
// The address as `oniondrop share` prints it ("Address: http://<id>.onion"),
// with or without the label, "http://", a trailing slash or a path (a link to
// one file of the share is still the share). The key as the sharer copies it
// (52 characters of base32, "Private key: ..." included) or as a line of
// tor's client-auth folder ("<id>:descriptor:x25519:<key>").
import type { Problem } from '../../contract';
import { base32Decode, isServiceId } from '../tor/onion-keys';

export interface ShareAddress {
  /** 56 base32 characters, without ".onion". */
  serviceId: string;
  /** "<id>.onion": the SOCKS target and the Host header. */
  host: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** How much of a wrong input a problem repeats back. */
const MAX_ECHO = 120;

function echo(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must not be echoed (terminal escapes)
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return clean.length > MAX_ECHO ? `${clean.slice(0, MAX_ECHO - 1)}…` : clean;
}

export function parseShareAddress(text: string): Parsed<ShareAddress> {
  const wrong: Parsed<ShareAddress> = { ok: false, problem: { kind: 'get-address', input: echo(text) } };
  let rest = text.trim().replace(/^address:\s*/i, '');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    // The share listens on plain HTTP (the onion encrypts); anything else is another kind of address.
    if (scheme[1]?.toLowerCase() !== 'http') return wrong;
    rest = rest.slice(scheme[0].length);
  }
  const hostPart = rest.split(/[/?#]/, 1)[0] ?? '';
  const host = hostPart.replace(/:80$/, '').replace(/\.$/, '').toLowerCase();
  if (host.includes('@') || host.includes(':') || !host.endsWith('.onion')) return wrong;
  // Tor ignores labels before the service id (www.<id>.onion).
  const labels = host.slice(0, -'.onion'.length).split('.');
  const serviceId = labels[labels.length - 1] ?? '';
  if (!isServiceId(serviceId)) return wrong;
  return { ok: true, value: { serviceId, host: `${serviceId}.onion` } };
}

const KEY = /^[A-Z2-7]{52}$/;

/** The client key (upper-case base32 of 32 bytes) for `serviceId`. */
export function parseClientKey(text: string, serviceId: string): Parsed<string> {
  const malformed: Parsed<string> = { ok: false, problem: { kind: 'get-client-key', reason: 'malformed' } };
  let rest = text.trim().replace(/^private key:\s*/i, '');
  const line = /^([a-z2-7]{56})(?:\.onion)?:descriptor:x25519:(\S+)$/i.exec(rest);
  if (line) {
    if (line[1]?.toLowerCase() !== serviceId) return { ok: false, problem: { kind: 'get-client-key', reason: 'other-onion' } };
    rest = line[2] ?? '';
  }
  const key = rest.replace(/=+$/, '').toUpperCase();
  if (!KEY.test(key)) return malformed;
  const raw = base32Decode(key);
  const ok = raw.length === 32;
  raw.fill(0);
  return ok ? { ok: true, value: key } : malformed;
}
