// Keys the app makes itself are accepted by a real tor, which computes the
// same onion address the app predicted (plain Node, real tor).
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { startTor, stopAllTors } from '../../helpers/tor-process';
import {
  base32,
  base32Decode,
  clientAuthFromPrivate,
  generateClientAuthKeys,
  generateOnionKey,
  isServiceId,
  serviceIdOfKey,
} from '../../../electron/core/tor/onion-keys';

afterAll(stopAllTors);

/** Minimal raw control session: one command at a time, waits for the end line. */
async function session(path: string, cookiePath: string) {
  const s = connect(path);
  let buf = '';
  const waiters: Array<() => void> = [];
  s.on('data', (d) => {
    buf += d.toString();
    waiters.splice(0).forEach((w) => w());
  });
  const ask = async (line: string): Promise<string> => {
    buf = '';
    s.write(line + '\r\n');
    while (!/^\d{3} .*\r\n/m.test(buf)) await new Promise<void>((r) => waiters.push(r));
    return buf;
  };
  await ask(`AUTHENTICATE ${readFileSync(cookiePath).toString('hex')}`);
  return { ask, close: () => s.end() };
}

describe('app-made onion keys', () => {
  it('base32 round-trips', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32(bytes))).toEqual(bytes);
  });

  it('tor accepts the ED25519-V3 key and reports the predicted address; client auth is accepted too', async () => {
    const tor = await startTor();
    const c = await session(tor.controlSocketPath!, tor.cookiePath);
    const { key, serviceId } = generateOnionKey();
    expect(isServiceId(serviceId)).toBe(true);
    const auth = generateClientAuthKeys();
    expect(auth.publicKey).toMatch(/^[A-Z2-7]{52}$/);
    expect(auth.privateKey).toMatch(/^[A-Z2-7]{52}$/);
    expect(clientAuthFromPrivate(auth.privateKey).publicKey).toBe(auth.publicKey);
    const reply = await c.ask(`ADD_ONION ED25519-V3:${key.blob} Flags=V3Auth Port=80,17600 ClientAuthV3=${auth.publicKey}`);
    expect(reply).toContain(`250-ServiceID=${serviceId}`);
    const current = await c.ask('GETINFO onions/current');
    expect(current).toContain(serviceId);
    c.close();
    await tor.dispose();
  });

  it("a key's address is computed from the key alone, exactly as tor does, for keys tor made too", async () => {
    const tor = await startTor();
    const c = await session(tor.controlSocketPath!, tor.cookiePath);
    try {
      for (let i = 0; i < 5; i += 1) {
        const reply = await c.ask('ADD_ONION NEW:ED25519-V3 Port=80,17600');
        const id = /ServiceID=([a-z2-7]{56})/.exec(reply)?.[1];
        const blob = /PrivateKey=ED25519-V3:(\S+)/.exec(reply)?.[1];
        if (!id || !blob) throw new Error(`unexpected reply: ${reply}`);
        expect(serviceIdOfKey({ type: 'ED25519-V3', blob })).toBe(id);
        await c.ask(`DEL_ONION ${id}`);
      }
      const made = generateOnionKey();
      expect(serviceIdOfKey(made.key)).toBe(made.serviceId);
      // One bit changed in the scalar: another address.
      const bytes = Buffer.from(made.key.blob, 'base64');
      bytes[5] = (bytes[5] as number) ^ 1;
      expect(serviceIdOfKey({ type: 'ED25519-V3', blob: bytes.toString('base64') })).not.toBe(made.serviceId);
    } finally {
      c.close();
      await tor.dispose();
    }
  });

  it('a corrupted address fails its checksum', () => {
    const { serviceId } = generateOnionKey();
    const broken = (serviceId[0] === 'a' ? 'b' : 'a') + serviceId.slice(1);
    expect(isServiceId(broken)).toBe(false);
  });
});
