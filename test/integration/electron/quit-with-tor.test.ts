// Quitting the app with a share up on a real, networkless tor (plain Node):
// electron/main.ts runs with a stand-in 'electron' (the binary cannot run
// here) and the real service, talking to tor through the onion-grater test
// proxy with OnionDrop's own profile, whose log shows every command that
// passed. A real download keeps a transfer running; the user is asked, Cancel
// keeps the share up, Quit sends DEL_ONION before the app exits.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import en from '../../../i18n/locales/en.json';
import type { ShareView } from '../../../electron/contract';
import { invokeChannel } from '../../../electron/api-methods';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import { startOnionGrater, type OnionGraterProxy } from '../../fixtures/onion-grater/onion-grater';
import { createFakeElectron, importWithFakeElectron, settle, type FakeElectron, type FakeWebContents } from '../../unit/electron/fake-electron';

const PROFILE = readFileSync(new URL('../../../assets/onion-grater/40_oniondrop.yml', import.meta.url), 'utf8');

let work: string;
let tor: TorHandle;
let proxy: OnionGraterProxy;
let fake: FakeElectron;
let held: ClientRequest | null = null;
const argv = process.argv;
const exitListeners = process.listeners('exit');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'oniondrop-quit-'));
  tor = await startTor();
  proxy = await startOnionGrater({
    profile: PROFILE,
    upstream: { path: tor.controlSocketPath as string },
    upstreamCookieFile: tor.cookiePath,
    listen: { path: join(work, 'grater.sock') },
  });
  const home = join(work, 'home');
  mkdirSync(home);
  vi.stubEnv('HOME', home);
  vi.stubEnv('XDG_CONFIG_HOME', join(home, '.config'));
  vi.stubEnv('XDG_DATA_HOME', join(home, '.local', 'share'));
  vi.stubEnv('TOR_CONTROL_IPC_PATH', join(work, 'grater.sock'));
  vi.stubEnv('ONIONDROP_TOR_PUBLISH_TIMEOUT', '1');
  vi.stubEnv('ONIONDROP_TOR_START_OWN', 'false');
  vi.stubEnv('LANG', 'C.UTF-8');
  fake = createFakeElectron();
  process.argv = ['/usr/bin/electron', '.'];
  await importWithFakeElectron(fake, '../../../electron/main');
  await settle();
}, 120_000);

afterAll(async () => {
  held?.destroy();
  process.argv = argv;
  vi.unstubAllEnvs();
  for (const listener of process.listeners('exit')) if (!exitListeners.includes(listener)) process.off('exit', listener);
  await proxy?.close();
  await tor?.dispose();
  await stopAllTors();
  rmSync(work, { recursive: true, force: true });
});

/** What the window's page would call, from the window's own frame. */
function call(method: string, ...args: unknown[]): Promise<unknown> {
  const wc = fake.windows[0]?.webContents as FakeWebContents;
  return fake.ipcMain.invoke(invokeChannel(method), wc, wc.mainFrame, ...args);
}

async function view(id: string): Promise<ShareView> {
  const snapshot = (await call('getSnapshot')) as { shares: ShareView[] };
  const found = snapshot.shares.find((s) => s.id === id);
  if (!found) throw new Error(`no share ${id}`);
  return found;
}

/** GET a URL; `hold` stops reading after the first bytes, so the transfer stays running. */
function download(url: string, hold: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let got = 0;
      res.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (hold) {
          res.pause();
          resolve(got);
        }
      });
      res.on('end', () => resolve(got));
      res.on('error', reject);
    });
    req.on('error', (e) => (hold && held === req ? undefined : reject(e)));
    if (hold) held = req;
    req.end();
  });
}

const delOnions = (log: readonly string[]): string[] => log.filter((l) => /^allowed: DEL_ONION /.test(l));

describe('quitting with a share up on tor', () => {
  it('a finished download is announced in catalogue words; quitting mid-transfer asks, Cancel keeps the onion, Quit removes it (DEL_ONION) before the app exits', async () => {
    const file = join(work, 'recording.ogg');
    writeFileSync(file, Buffer.alloc(32 * 1024 * 1024, 7));
    const { id } = (await call('newShare', 'share')) as ShareView;
    await call('addPaths', id, [file]);
    await call('setOptions', id, { stopAfterFirstDownload: false });
    await call('startShare', id);
    await vi.waitFor(async () => expect((await view(id)).state).toBe('ready'), { timeout: 60_000, interval: 100 });
    const ready = await view(id);
    const serviceId = ready.onion?.address.replace(/\.onion$/, '') ?? '';
    expect(serviceId).toMatch(/^[a-z2-7]{56}$/);
    const url = `${ready.localUrl}/download/recording.ogg`;

    // A whole download: the desktop notification, titled from the catalogue.
    expect(await download(url, false)).toBe(32 * 1024 * 1024);
    await vi.waitFor(() => expect(fake.notifications).toContainEqual({ title: en.main.notice.downloadComplete, body: 'recording.ogg', silent: false }));

    // A download that stays open: a transfer is running.
    await download(url, true);
    await vi.waitFor(async () => expect((await view(id)).transfers.some((t) => t.state === 'running')).toBe(true));

    fake.app.quit();
    await vi.waitFor(() => expect(fake.messageBoxes).toHaveLength(1));
    expect(fake.messageBoxes[0]?.options.message).toBe(en.main.quit.message);
    fake.messageBoxes[0]?.answer(0);
    await settle();
    expect(fake.app.quitted).toBe(false);
    expect((await view(id)).state).toBe('ready');
    expect(delOnions(proxy.log)).toEqual([]);

    let logWhenQuitted: string[] = [];
    fake.app.once('will-quit', () => (logWhenQuitted = [...proxy.log]));
    fake.app.quit();
    await vi.waitFor(() => expect(fake.messageBoxes).toHaveLength(2));
    fake.messageBoxes[1]?.answer(1);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true), { timeout: 30_000, interval: 50 });
    expect(delOnions(logWhenQuitted)).toEqual([`allowed: DEL_ONION ${serviceId}`]);
    expect(fake.windows[0]?.destroyed).toBe(true);
  });
});
