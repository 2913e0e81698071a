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
