// The Get tab in Chromium, against a real share of the real service (plain Node + Chromium): paste the address and key a sharer shows, see the list with sizes, choose a folder, download with bars, pause, resume, cancel, the verification, Show in folder.
//
// Two machines over one real networkless tor: the sharer's service shares a
// folder (a real ADD_ONION, a real share server on loopback, hashes computed in
// the background); the getter's Get tab downloads it. A networkless tor cannot
// reach an onion, so tor's SOCKS port is stood in for by a SOCKS server that
// forwards every CONNECT to the share's loopback listener (the `--local-only`
// path), through a slow link so the window has time to show progress. The app
// finds that SOCKS port as it finds Tor Browser's (TOR_SOCKS_HOST/PORT) beside
// the real tor's control socket, to which it lends the private share's key.
// The get client's own fake server is kept for hostile faults a real share
// cannot produce (test/integration/get/hostile.test.ts).
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ShareView } from '../../electron/contract';
import type { Service } from '../../electron/service';
import { startSocksRecorder } from '../integration/get/fake-share';
import { run } from '../integration/zip/zip-tools';
import { bridgeFromService, openApp, REPO_ROOT, runAxe } from './browser';
import { startSlowLink } from './get-slow-link';
import { SHOTS, useHarness } from './harness';
import { bodyText } from './real-service';

const h = useHarness({ tor: true });

const FILES: Record<string, Buffer> = {
  'Holiday/beach.jpg': randomBytes(2_400_000),
  'Holiday/notes.txt': Buffer.from('the ferry leaves at nine\n'),
  'Holiday/video.webm': randomBytes(3_100_000),
};
const TOTAL = Object.values(FILES).reduce((n, d) => n + d.length, 0);
/**
 * For the zip: more than loopback's socket buffers hold (a few MB), so a
 * download cancelled early is one the sharer has not handed over in full.
 */
const BIG: Record<string, Buffer> = {
  'Holiday/film.mkv': randomBytes(40_000_000),
  'Holiday/notes.txt': Buffer.from('the ferry leaves at nine\n'),
};

/** The sharer's folder. */
function sharedFolder(files: Record<string, Buffer>): string {
  const base = mkdtempSync(join(h.space.dir, 'shared-'));
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), data);
  }
  return join(base, 'Holiday');
}

/** A screenshot once the bars' width transitions have run (Playwright's `animations: 'disabled'` misses a progress bar's pseudo-element). */
async function shot(page: Page, name: string): Promise<void> {
  const running = `document.getAnimations().filter((a) => a instanceof CSSTransition).length`;
  await expect.poll(() => page.evaluate(running)).toBe(0);
  await page.screenshot({ path: join(SHOTS, name), animations: 'disabled' });
}

const serious = async (page: Page) => (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
const sharerView = async (sharer: Service): Promise<ShareView> => (await sharer.getSnapshot()).shares[0] as ShareView;
const doneBytes = async (getter: Service): Promise<number> => (await getter.getSnapshot()).gets[0]?.totals?.doneBytes ?? 0;

/**
 * A sharer machine sharing the folder through the real service and tor, ready;
 * and a getter machine whose tor SOCKS port leads, through a slow link, to
 * that share's loopback listener.
 */
async function sharerAndGetter(
  name: string,
  share: { files: Record<string, Buffer>; stopAfterFirstDownload: boolean },
  getter: { folder: string; shown?: string[] },
) {
  const { service: sharer } = h.space.machine(`${name}-sharer`, { env: { TOR_CONTROL_IPC_PATH: h.tor.controlSocketPath! } });
  const shareId = (await sharer.newShare('share')).id;
  await sharer.addPaths(shareId, [sharedFolder(share.files)]);
  await sharer.setOptions(shareId, { title: 'Holiday photos', stopAfterFirstDownload: share.stopAfterFirstDownload });
  await sharer.startShare(shareId);
  await expect.poll(async () => (await sharerView(sharer)).state, { timeout: 30_000 }).toBe('ready');
  const view = await sharerView(sharer);
  const link = await startSlowLink(Number(new URL(view.localUrl!).port), 1_500_000);
  const socks = await startSocksRecorder(() => link.port);
  const { service } = h.space.machine(`${name}-getter`, {
    env: { TOR_CONTROL_IPC_PATH: h.tor.controlSocketPath!, TOR_SOCKS_HOST: '127.0.0.1', TOR_SOCKS_PORT: String(socks.endpoint.port) },
    pickFolder: async () => getter.folder,
    showItemInFolder: (p) => void getter.shown?.push(p),
  });
  const close = async (): Promise<void> => {
    await socks.close();
    await link.close();
  };
  return { sharer, share: view, link, socks, getter: service, close };
}

/** Opens a Get tab, pastes the address and key as the sharer shows them, and waits for the list. */
async function lookUp(page: Page, share: ShareView): Promise<void> {
  await page.getByRole('button', { name: /Get a share/ }).first().click();
  await page.getByLabel('Address').fill(share.onion!.url);
  if (share.onion!.privateKey) await page.getByLabel('Private key').fill(share.onion!.privateKey);
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('heading', { name: 'Files' }).waitFor({ timeout: 30_000 });
}

describe('the Get tab in Chromium against a real share', () => {
  it('a private share of single files: list with sizes, download with progress, pause, resume, SHA-256 verified, show in folder', async () => {
    const folder = join(h.space.dir, 'Downloads');
    mkdirSync(folder);
    const shown: string[] = [];
    const m = await sharerAndGetter('files', { files: FILES, stopAfterFirstDownload: false }, { folder, shown });
    const app = await openApp(h.browser, h.server, bridgeFromService(m.getter, () => []));
    try {
      const { page } = app;
      await lookUp(page, m.share);
      await page.getByText('Holiday/video.webm').waitFor();
      let body = await bodyText(page);
      expect(body).toContain('Holiday photos');
      expect(body).toContain('3 files, 5.5 MB');
      for (const size of ['2.4 MB', '25 B', '3.1 MB']) expect(body).toContain(size);
      // Only the list was fetched: the sharer has seen no download yet.
      expect((await sharerView(m.sharer)).transfers).toEqual([]);
      // The key went to the app's tor, never to the window.
      expect((await m.getter.getSnapshot()).gets[0]).toMatchObject({ phase: 'listed', withKey: true, problem: null });
      expect(JSON.stringify(await m.getter.getSnapshot())).not.toContain(m.share.onion!.privateKey!);
      expect(await page.getByRole('button', { name: 'Start download' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Choose folder…' }).click();
      await page.getByText(folder).waitFor();
      expect(await serious(page)).toEqual([]);

      // The link stalls a little under half way, so what the window shows in progress is not a race.
      m.link.hold(Math.floor(TOTAL * 0.45));
      await page.getByRole('button', { name: 'Start download' }).click();
      await page.getByRole('button', { name: 'Pause' }).waitFor();
      await expect.poll(() => doneBytes(m.getter), { timeout: 30_000 }).toBeGreaterThan(TOTAL * 0.4);
      await expect.poll(async () => (await bodyText(page)).includes(' of 5.5 MB'), { timeout: 5_000 }).toBe(true);
      expect(await page.locator('.get-file progress').count()).toBe(3);
      expect(Number(await page.getByRole('progressbar', { name: 'Total' }).getAttribute('value'))).toBeGreaterThan(TOTAL * 0.4);
      await shot(page, 'get-progress.png');
      expect(await serious(page)).toEqual([]);
      // Only a file already verified has its final name; the rest are part files.
      const saved = (await m.getter.getSnapshot()).gets[0]?.files.filter((f) => f.savedAs !== null).map((f) => f.savedAs!.replace('Holiday/', ''));
      expect(saved?.length).toBeLessThan(3);
      expect(readdirSync(join(folder, 'Holiday')).filter((n) => !n.endsWith('.oniondrop-part')).sort()).toEqual(saved?.sort());

      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByRole('button', { name: 'Resume' }).waitFor();
      expect(await bodyText(page)).toContain('Paused');
      m.link.release();
      await page.getByRole('button', { name: 'Resume' }).click();

      await page.getByRole('button', { name: 'Show in folder' }).waitFor({ timeout: 60_000 });
      body = await bodyText(page);
      expect(body).toContain('Every file matches the SHA-256 the share gives');
      expect(body.match(/SHA-256 matches/g)).toHaveLength(3);
      expect(body).toContain('5.5 MB of 5.5 MB');
      for (const [path, data] of Object.entries(FILES)) expect(readFileSync(join(folder, path)).equals(data), path).toBe(true);
      expect(readdirSync(join(folder, 'Holiday')).sort()).toEqual(['beach.jpg', 'notes.txt', 'video.webm']);
      await page.getByRole('button', { name: 'Show in folder' }).click();
      await expect.poll(() => shown).toEqual([join(folder, 'Holiday')]);
      await shot(page, 'get-done.png');
      expect(await serious(page)).toEqual([]);
      expect(app.errors).toEqual([]);

      // Every stream went to the share's onion through the SOCKS port the app found, each lane on a username (a circuit) of its own.
      expect(new Set(m.socks.hosts)).toEqual(new Set([m.share.onion!.address]));
      expect(new Set(m.socks.usernames.filter((u) => u.startsWith('oniondrop-get-'))).size).toBeGreaterThan(1);
      // The sharer saw the files downloaded, each completely, and its share goes on.
      const sharer = await sharerView(m.sharer);
      expect(sharer.state).toBe('ready');
      expect(new Set(sharer.transfers.filter((t) => t.complete).map((t) => t.name))).toEqual(new Set(['beach.jpg', 'notes.txt', 'video.webm']));
      for (const name of ['get-progress.png', 'get-done.png']) copyFileSync(join(SHOTS, name), join(REPO_ROOT, 'docs', 'screenshots', name));
    } finally {
      await app.close();
      await m.close();
    }
  }, 120_000);

  it('a share that stops after the first download offers its zip: cancel leaves nothing, the second start is CRC-32 verified and ends the share', async () => {
    const folder = join(h.space.dir, 'Zip downloads');
    mkdirSync(folder);
    const m = await sharerAndGetter('zip', { files: BIG, stopAfterFirstDownload: true }, { folder });
    const app = await openApp(h.browser, h.server, bridgeFromService(m.getter, () => []));
    try {
      const { page } = app;
      await lookUp(page, m.share);
      await page.getByRole('button', { name: 'Choose folder…' }).click();
      await page.getByText(folder).waitFor();
      // The list shows what is inside, as for any share.
      expect(await bodyText(page)).toContain('2 files, 40.0 MB');

      m.link.hold(1_000_000);
      await page.getByRole('button', { name: 'Start download' }).click();
      await expect.poll(() => doneBytes(m.getter), { timeout: 30_000 }).toBeGreaterThan(500_000);
      const zipName = (await m.getter.getSnapshot()).gets[0]?.files[0]?.path ?? '';
      expect(zipName).toBe('Holiday photos.zip');
      await page.getByText(zipName).waitFor();
      expect(await bodyText(page)).toContain('This share offers only its archive: it is saved as one zip file.');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Start download' }).waitFor();
      expect((await m.getter.getSnapshot()).gets[0]?.phase).toBe('cancelled');
      expect(await bodyText(page)).toContain('The download was cancelled and its unfinished files removed.');
      await shot(page, 'get-cancelled.png');
      expect(await serious(page)).toEqual([]);
      // Cancel removes what the download wrote: the folder is as it was.
      expect(readdirSync(folder)).toEqual([]);
      // A cut-off download is not the first download: the share still runs.
      expect((await sharerView(m.sharer)).state).toBe('ready');

      m.link.setRate(null);
      m.link.release();
      await page.getByRole('button', { name: 'Start download' }).click();
      await page.getByRole('button', { name: 'Show in folder' }).waitFor({ timeout: 60_000 });
      expect(await bodyText(page)).toContain("The archive's CRC-32 checksums all match (3 entries).");
      await shot(page, 'get-zip-done.png');
      expect(await serious(page)).toEqual([]);
      expect(readdirSync(folder)).toEqual([zipName]);
      // The zip holds the shared files byte for byte (Debian's unzip reads it).
      const out = join(h.space.dir, 'unzipped');
      expect(run('unzip', ['-q', join(folder, zipName), '-d', out]).status).toBe(0);
      for (const [path, data] of Object.entries(BIG)) expect(readFileSync(join(out, path)).equals(data), path).toBe(true);
      // One whole download: the sharer's share stopped by itself.
      await expect.poll(async () => (await sharerView(m.sharer)).state, { timeout: 15_000 }).toBe('stopped');
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
      await m.close();
    }
  }, 120_000);

  it('a wrong address is the same Problem and words as the CLI gives', async () => {
    const { service } = h.space.machine('getter-wrong', { env: { TOR_CONTROL_IPC_PATH: h.tor.controlSocketPath! } });
    const app = await openApp(h.browser, h.server, bridgeFromService(service, () => []));
    try {
      const { page } = app;
      // The Welcome screen's five ways to start, Get among them.
      await page.getByRole('button', { name: /Get a share/ }).first().waitFor();
      expect(await page.locator('.welcome-choice').count()).toBe(5);
      await shot(page, 'welcome-five.png');
      await page.getByRole('button', { name: /Get a share/ }).first().click();
      await page.getByLabel('Address').fill('https://example.com/files');
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.locator('[data-problem="get-address"]').waitFor();
      const words = await bodyText(page);
      expect(words).toContain('This is not an onion address');
      expect(words).toContain('“https://example.com/files” is not the address of an onion service.');
      await shot(page, 'get-problem.png');
      expect(await serious(page)).toEqual([]);
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
