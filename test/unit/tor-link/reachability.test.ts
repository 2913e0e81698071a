// The reachability self-check against a local fake SOCKS server: retries the
// early "host unreachable", stops on answers retrying cannot change, lends a
// private share's client-auth key to tor only for the check, and says "can't
// check here" when the filter refuses that.
import { afterEach, describe, expect, it } from 'vitest';
import { checkReachable, type ClientAuthControl } from '../../../electron/core/tor/reachability';
import { TorControlError } from '../../../electron/core/tor/errors';
import type { Reply } from '../../../electron/core/tor/reply';
import { generateClientAuthKeys, base32Decode } from '../../../electron/core/tor/onion-keys';
import { startFakeSocks, type FakeSocks } from './fake-socks';

const ID = 'q57rgv2s6vgv6oeylqnzy43keovtk6ifbmb36jl34arwdfwpyur5y2id';
const OK_PAGE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const FAST = { attempts: 4, timeoutMs: 2_000, retryDelayMs: 10 };

let socks: FakeSocks | undefined;
afterEach(async () => {
  await socks?.close();
  socks = undefined;
});

const ok = (text = 'OK'): Reply => ({ status: 250, lines: [{ status: 250, divider: ' ', text }] });

function recordingControl(answer: (line: string) => Reply | TorControlError): ClientAuthControl & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    send: async (line: string) => {
      lines.push(line);
      const a = answer(line);
      if (a instanceof TorControlError) throw a;
      return a;
    },
  };
}

describe('checkReachable', () => {
  it('reports reachable once the onion answers HTTP, after the early "host unreachable"', async () => {
    socks = await startFakeSocks([
      { kind: 'reply', code: 0x04 },
      { kind: 'reply', code: 0, respondHttp: OK_PAGE },
    ]);
    const isolation = { username: 'share-7', password: 'secret-7' };
    const result = await checkReachable({ socks: socks.endpoint, serviceId: ID, isolation }, FAST);
    expect(result).toMatchObject({ reachable: true, attempts: 2, httpStatus: 200 });
    // Every try used the share's own SOCKS credentials, and asked for its own page.
    expect(socks.seen.map((s) => [s.username, s.password, s.host, s.port])).toEqual([
      ['share-7', 'secret-7', `${ID}.onion`, 80],
      ['share-7', 'secret-7', `${ID}.onion`, 80],
    ]);
    expect(socks.seen[1]?.request).toMatch(new RegExp(`^GET / HTTP/1\\.1\\r\\nHost: ${ID}\\.onion\\r\\n`));
  });

  it('counts any HTTP answer (a 404 still proves the path works)', async () => {
    socks = await startFakeSocks([{ kind: 'reply', code: 0, respondHttp: 'HTTP/1.1 404 Not Found\r\n\r\n' }]);
    const result = await checkReachable({ socks: socks.endpoint, serviceId: ID, isolation: { username: 'u', password: 'p' } }, FAST);
    expect(result).toMatchObject({ reachable: true, httpStatus: 404 });
  });

  it('gives up after the attempts and says why (the last SOCKS reply)', async () => {
    socks = await startFakeSocks([{ kind: 'reply', code: 0xf2 }]);
    const result = await checkReachable({ socks: socks.endpoint, serviceId: ID, isolation: { username: 'u', password: 'p' } }, { ...FAST, attempts: 3 });
    expect(result.reachable).toBe(false);
    if (result.reachable) return;
    expect(result.attempts).toBe(3);
    expect(result.reason).toMatchObject({ kind: 'socks', error: { reply: { name: 'onion-introduction-failed' } } });
    expect(socks.seen).toHaveLength(3);
  });

  it('does not retry what retrying cannot change (client authorization missing)', async () => {
    socks = await startFakeSocks([{ kind: 'reply', code: 0xf4 }]);
    const result = await checkReachable({ socks: socks.endpoint, serviceId: ID, isolation: { username: 'u', password: 'p' } }, FAST);
    expect(result).toMatchObject({ reachable: false, attempts: 1, reason: { kind: 'socks', error: { reply: { code: 0xf4 } } } });
  });

  it('reports "not HTTP" and "timeout" as such, within the deadline', async () => {
    socks = await startFakeSocks([{ kind: 'reply', code: 0, respondHttp: 'SSH-2.0-OpenSSH\r\n' }]);
    const notHttp = await checkReachable({ socks: socks.endpoint, serviceId: ID, isolation: { username: 'u', password: 'p' } }, { ...FAST, attempts: 1 });
    expect(notHttp).toMatchObject({ reachable: false, reason: { kind: 'not-http' } });
    await socks.close();
    socks = await startFakeSocks([{ kind: 'silent' }]);
    const started = Date.now();
    const silent = await checkReachable(
      { socks: socks.endpoint, serviceId: ID, isolation: { username: 'u', password: 'p' } },
      { attempts: 2, timeoutMs: 150, retryDelayMs: 10 },
    );
    expect(silent).toMatchObject({ reachable: false, attempts: 2, reason: { kind: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('lends a private share\'s client-auth key to tor for the check only', async () => {
    socks = await startFakeSocks([{ kind: 'reply', code: 0, respondHttp: OK_PAGE }]);
    const keys = generateClientAuthKeys();
    const control = recordingControl(() => ok());
    const result = await checkReachable(
      { socks: socks.endpoint, serviceId: ID, isolation: { username: 'u', password: 'p' }, clientAuth: { privateKey: keys.privateKey, control } },
      FAST,
    );
    expect(result.reachable).toBe(true);
    // control-spec: x25519 private key as base64 of its 32 raw bytes.
    const b64 = base32Decode(keys.privateKey).toString('base64');
    expect(control.lines).toEqual([`ONION_CLIENT_AUTH_ADD ${ID} x25519:${b64}`, `ONION_CLIENT_AUTH_REMOVE ${ID}`]);
  });

  it('leaves a key tor already had (251 replaced) in place', async () => {
    socks = await startFakeSocks([{ kind: 'reply', code: 0, respondHttp: OK_PAGE }]);
    const control = recordingControl(() => ({ status: 251, lines: [{ status: 251, divider: ' ', text: 'Client for onion existed and replaced' }] }));
    await checkReachable(
      { socks: socks.endpoint, serviceId: ID, isolation: { username: 'u', password: 'p' }, clientAuth: { privateKey: generateClientAuthKeys().privateKey, control } },
      FAST,
    );
    expect(control.lines.map((l) => l.split(' ')[0])).toEqual(['ONION_CLIENT_AUTH_ADD']);
  });

  it("says it can't self-check a private share when the filter refuses ONION_CLIENT_AUTH_ADD", async () => {
    socks = await startFakeSocks([{ kind: 'reply', code: 0, respondHttp: OK_PAGE }]);
    const control = recordingControl(
      (line) => new TorControlError(line, { status: 510, lines: [{ status: 510, divider: ' ', text: 'Command filtered' }] }),
    );
    const result = await checkReachable(
      { socks: socks.endpoint, serviceId: ID, isolation: { username: 'u', password: 'p' }, clientAuth: { privateKey: generateClientAuthKeys().privateKey, control } },
      FAST,
    );
    expect(result).toMatchObject({ reachable: false, attempts: 0, reason: { kind: 'cannot-check', why: 'client-auth-filtered' } });
    // Nothing was fetched, and the private key does not appear in the error.
    expect(socks.seen).toHaveLength(0);
    if (!result.reachable && result.reason.kind === 'cannot-check') {
      expect(result.reason.error.command).toMatch(/^ONION_CLIENT_AUTH_ADD \S+ x25519:\*+$/);
    }
  });
});
