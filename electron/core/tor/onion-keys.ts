// Onion service keys made by the app itself (plain Node): an ED25519-V3
// service key whose address is known before tor sees it (scheduled and
// persistent shares), and x25519 client-authorization key pairs.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { ClientAuthKeys, OnionKey } from './link-types';

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32 without padding, lower case (onion addresses) or upper (keys). */
export function base32(bytes: Uint8Array, upper = false): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return upper ? out.toUpperCase() : out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toLowerCase().replace(/=+$/, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = BASE32_ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error('not base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** rend-spec-v3 6: onion address = base32(PUBKEY | CHECKSUM | VERSION). */
export function serviceIdFromPublicKey(publicKey: Uint8Array): string {
  const version = Buffer.from([3]);
  const checksum = createHash('sha3-256')
    .update(Buffer.from('.onion checksum'))
    .update(publicKey)
    .update(version)
    .digest()
    .subarray(0, 2);
  return base32(Buffer.concat([publicKey, checksum, version]));
}

export function isServiceId(text: string): boolean {
  if (!/^[a-z2-7]{56}$/.test(text)) return false;
  const raw = base32Decode(text);
  return serviceIdFromPublicKey(raw.subarray(0, 32)) === text;
}

/** Raw 32-byte keys out of Node's key objects, through JWK (the portable way). */
function rawKeys(privateKey: ReturnType<typeof createPrivateKey>): { seed: Buffer; pub: Buffer } {
  const jwk = privateKey.export({ format: 'jwk' });
  if (typeof jwk.d !== 'string' || typeof jwk.x !== 'string') throw new Error('unexpected key export');
  return { seed: Buffer.from(jwk.d, 'base64url'), pub: Buffer.from(jwk.x, 'base64url') };
}

// --- The address of a key -------------------------------------------------
// Tor's ED25519-V3 blob is the *expanded* secret key (clamped scalar | prefix),
// from which Node's crypto cannot derive the public key (it wants the seed).
// The scalar times the base point is that public key; a few lines of curve
// arithmetic (RFC 8032, extended coordinates) give it. Only public data comes
// out; the scalar is not kept.

const P = 2n ** 255n - 19n;
const mod = (a: bigint): bigint => ((a % P) + P) % P;
function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}
const inv = (a: bigint): bigint => pow(a, P - 2n);
const D = mod(-121665n * inv(121666n));
/** The base point, y = 4/5 and x positive (even). */
const BASE_Y = mod(4n * inv(5n));
const BASE_X = ((): bigint => {
  const y2 = BASE_Y * BASE_Y;
  const x2 = mod((y2 - 1n) * inv(D * y2 + 1n));
  let x = pow(x2, (P + 3n) / 8n);
  if (mod(x * x - x2) !== 0n) x = mod(x * pow(2n, (P - 1n) / 4n));
  return x % 2n === 0n ? x : P - x;
})();

type Point = readonly [bigint, bigint, bigint, bigint];

function add([x1, y1, z1, t1]: Point, [x2, y2, z2, t2]: Point): Point {
  const a = mod((y1 - x1) * (y2 - x2));
  const b = mod((y1 + x1) * (y2 + x2));
  const c = mod(2n * D * t1 * t2);
  const d = mod(2n * z1 * z2);
  const e = b - a;
  const f = d - c;
  const g = d + c;
  const h = b + a;
  return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
}

/** The ED25519 public key of tor's expanded secret key (its first 32 bytes are the clamped scalar). */
export function publicKeyOfExpanded(expanded: Uint8Array): Buffer {
  let scalar = 0n;
  for (let i = 31; i >= 0; i -= 1) scalar = (scalar << 8n) | BigInt(expanded[i] as number);
  let result: Point = [0n, 1n, 1n, 0n];
  let addend: Point = [BASE_X, BASE_Y, 1n, mod(BASE_X * BASE_Y)];
  for (let k = scalar; k > 0n; k >>= 1n) {
    if (k & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  const zi = inv(result[2]);
  const x = mod(result[0] * zi);
  let y = mod(result[1] * zi);
  if (x & 1n) y |= 1n << 255n;
  const out = Buffer.alloc(32);
  for (let i = 0; i < 32; i += 1) {
    out[i] = Number(y & 0xffn);
    y >>= 8n;
  }
  return out;
}

/** The onion address (56 characters, no ".onion") a key gives: what tor must answer to ADD_ONION with it. */
export function serviceIdOfKey(key: OnionKey): string {
  const expanded = Buffer.from(key.blob, 'base64');
  if (expanded.length !== 64) throw new Error('an ED25519-V3 key is 64 bytes');
  return serviceIdFromPublicKey(publicKeyOfExpanded(expanded));
}

/**
 * A new ED25519-V3 key in tor's own form: the 64-byte expanded secret key
 * (SHA-512 of the seed, clamped), base64. Tor accepts it in ADD_ONION and
 * answers with the ServiceID computed here.
 */
export function generateOnionKey(): { key: OnionKey; serviceId: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const { seed, pub } = rawKeys(privateKey);
  const expanded = createHash('sha512').update(seed).digest();
  expanded[0] = (expanded[0] as number) & 248;
  expanded[31] = ((expanded[31] as number) & 63) | 64;
  seed.fill(0);
  return { key: { type: 'ED25519-V3', blob: expanded.toString('base64') }, serviceId: serviceIdFromPublicKey(pub) };
}

/**
 * A v3 client-auth pair. Tor wants the public half in base32
 * (ClientAuthV3=); Tor Browser asks for the private half in base32.
 */
export function generateClientAuthKeys(): ClientAuthKeys {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const priv = rawKeys(privateKey).seed;
  const jwk = publicKey.export({ format: 'jwk' });
  const pub = Buffer.from(String(jwk.x), 'base64url');
  return { publicKey: base32(pub, true), privateKey: base32(priv, true) };
}

/** The public half of a stored client-auth private key (to re-add after a restart). */
export function clientAuthFromPrivate(privateKeyBase32: string): ClientAuthKeys {
  const raw = base32Decode(privateKeyBase32);
  if (raw.length !== 32) throw new Error('a client-auth private key is 32 bytes');
  // PKCS#8 wrapping of a raw X25519 private key (RFC 8410): a fixed 16-byte prefix.
  const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), raw]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const pub = Buffer.from(String(createPublicKey(key).export({ format: 'jwk' }).x), 'base64url');
  return { publicKey: base32(pub, true), privateKey: privateKeyBase32.toUpperCase() };
}
