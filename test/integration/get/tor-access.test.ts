// Reaching tor for a download: the SOCKS port found as the share side finds it, and SOCKS alone when no control port answers (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { GetError, openTorForGet } from '../../../electron/core/get';
import { startFakeController } from '../../fixtures/fake-controller/fake-controller';
import { tempDir } from '../../helpers/local';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const noWhonix = { whonix: null, markers: [] };

function root(): string {
  const tmp = tempDir('get-tor');
  cleanups.push(() => tmp.remove());
  return tmp.path;
}

describe('openTorForGet', () => {
  it('takes the SOCKS port tor reports, with the control connection to lend a key', async () => {
    const dir = root();
    const fake = await startFakeController({ listen: { path: join(dir, 'control') }, script: { socksListeners: '"unix:/run/tor/socks-test"' } });
    cleanups.push(() => fake.close());
    const tor = await openTorForGet({ detect: { config: { controlSocket: join(dir, 'control') }, env: {}, root: dir }, platform: noWhonix, ownTor: null }, true);
    cleanups.push(() => tor.close());
    expect(tor.socks).toEqual({ path: '/run/tor/socks-test' });
    expect(tor.control).not.toBeNull();
  });

  it('uses an explicitly set SOCKS port alone when no control port answers and no key must be lent', async () => {
    const dir = root();
    const env = { TOR_SOCKS_HOST: '127.0.0.1', TOR_SOCKS_PORT: '19050', TOR_CONTROL_IPC_PATH: join(dir, 'nothing-here') };
    const detect = { env, root: dir };
    const tor = await openTorForGet({ detect, platform: noWhonix, ownTor: null, connectTimeoutMs: 500 }, false);
    expect(tor).toMatchObject({ socks: { host: '127.0.0.1', port: 19050 }, control: null });
    const needed = openTorForGet({ detect, platform: noWhonix, ownTor: null, connectTimeoutMs: 500 }, true);
    await expect(needed).rejects.toBeInstanceOf(GetError);
    expect(await needed.catch((e: GetError) => e.problem.kind)).toBe('tor-unreachable');
  });
});
