// The Get tab in Chromium with the real service and a real networkless tor (plain Node + Chromium): paste an address, see the list with sizes, choose a folder, download with bars, pause, resume, the verification, Show in folder.
//
// The share is the get client's test server (test/integration/get/fake-share.ts:
// the share side's /manifest.json is not on main yet), reached through a SOCKS
// server that stands in for tor's SOCKS port: the app finds it as it finds
// Tor Browser's (TOR_SOCKS_HOST/PORT) beside the real tor's control socket.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeShare, fakeOnion, manifestOf, startSocksRecorder, type FakeFile } from '../integration/get/fake-share';
import { generateClientAuthKeys } from '../../electron/core/tor/onion-keys';
import { bridgeFromService, openApp, REPO_ROOT, runAxe } from './browser';
import { SHOTS, useHarness } from './harness';
import { bodyText } from './real-service';

const h = useHarness({ tor: true });

const files: FakeFile[] = [
  { path: 'Holiday/beach.jpg', data: randomBytes(2_400_000) },
  { path: 'Holiday/notes.txt', data: Buffer.from('the ferry leaves at nine\n') },
  { path: 'Holiday/video.webm', data: randomBytes(3_100_000) },
];

const serious = async (page: Parameters<typeof runAxe>[0]) => (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');

describe('the Get tab in Chromium with the real service', () => {
  it('look up, list with sizes, choose a folder, download with progress, pause, resume, verified, show in folder', async () => {
    const share = await new FakeShare(files, manifestOf(files, { title: 'Holiday photos' })).start();
    share.pace = { chunk: 16 * 1024, delayMs: 25 };
    const socks = await startSocksRecorder(() => share.port);
    const folder = join(h.space.dir, 'Downloads');
    mkdirSync(folder);
    const shown: string[] = [];
    const onion = fakeOnion();
    const { service } = h.space.machine('getter', {
      env: { TOR_CONTROL_IPC_PATH: h.tor.controlSocketPath!, TOR_SOCKS_HOST: '127.0.0.1', TOR_SOCKS_PORT: String(socks.endpoint.port) },
      pickFolder: async () => folder,
      showItemInFolder: (p) => void shown.push(p),
    });
    const app = await openApp(h.browser, h.server, bridgeFromService(service, () => []));
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Get a share/ }).first().click();
      await page.getByLabel('Address').fill(`http://${onion.host}/`);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.getByText('Holiday/video.webm').waitFor({ timeout: 30_000 });
      let body = await bodyText(page);
      expect(body).toContain('3 files, 5.5 MB');
      expect(body).toContain('3.1 MB');
      expect(body).toContain('Holiday photos');
      // Nothing was fetched for the list but the list.
      expect(share.bytesServed).toBe(0);
      expect(await page.getByRole('button', { name: 'Start download' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Choose folder…' }).click();
      await page.getByText(folder).waitFor();
      expect(await serious(page)).toEqual([]);

      await page.getByRole('button', { name: 'Start download' }).click();
      await page.getByRole('button', { name: 'Pause' }).waitFor();
      await expect.poll(async () => (await service.getSnapshot()).gets[0]?.totals?.doneBytes ?? 0, { timeout: 30_000 }).toBeGreaterThan(500_000);
      await page.locator('.get-file progress').first().waitFor();
      await page.screenshot({ path: join(SHOTS, 'get-progress.png'), animations: 'disabled' });
      expect(await serious(page)).toEqual([]);

      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByRole('button', { name: 'Resume' }).waitFor();
      expect(await bodyText(page)).toContain('Paused');
      await page.getByRole('button', { name: 'Resume' }).click();

      await page.getByRole('button', { name: 'Show in folder' }).waitFor({ timeout: 60_000 });
      body = await bodyText(page);
      expect(body).toContain('Every file matches the SHA-256 the share gives');
      for (const f of files) expect(readFileSync(join(folder, f.path)).equals(f.data)).toBe(true);
      await page.getByRole('button', { name: 'Show in folder' }).click();
      await expect.poll(() => shown).toEqual([join(folder, 'Holiday')]);
      await page.screenshot({ path: join(SHOTS, 'get-done.png'), animations: 'disabled' });
      expect(await serious(page)).toEqual([]);
      expect(app.errors).toEqual([]);
      // Every stream went through the SOCKS port the app found, each lane with a username of its own.
      expect(new Set(socks.usernames.filter((u) => u.startsWith('oniondrop-get-'))).size).toBeGreaterThan(1);
      for (const name of ['get-progress.png', 'get-done.png']) copyFileSync(join(SHOTS, name), join(REPO_ROOT, 'docs', 'screenshots', name));
    } finally {
      await app.close();
      await socks.close();
      await share.close();
    }
  }, 120_000);

  it('a wrong address is the same Problem and words as the CLI gives; a private share\'s key is lent to the app\'s tor', async () => {
    const share = await new FakeShare(files).start();
    const socks = await startSocksRecorder(() => share.port);
    const { service } = h.space.machine('getter2', {
      env: { TOR_CONTROL_IPC_PATH: h.tor.controlSocketPath!, TOR_SOCKS_HOST: '127.0.0.1', TOR_SOCKS_PORT: String(socks.endpoint.port) },
    });
    const app = await openApp(h.browser, h.server, bridgeFromService(service, () => []));
    try {
      const { page } = app;
      // The Welcome screen's five ways to start, Get among them.
      await page.getByRole('button', { name: /Get a share/ }).first().waitFor();
      expect(await page.locator('.welcome-choice').count()).toBe(5);
      await page.screenshot({ path: join(SHOTS, 'welcome-five.png'), animations: 'disabled' });
      await page.getByRole('button', { name: /Get a share/ }).first().click();
      await page.getByLabel('Address').fill('https://example.com/files');
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.locator('[data-problem="get-address"]').waitFor();
      await page.screenshot({ path: join(SHOTS, 'get-problem.png'), animations: 'disabled' });
      expect(await serious(page)).toEqual([]);

      // A private share: the key goes to the real tor (ONION_CLIENT_AUTH_ADD over the app's control connection), then the list is read.
      const onion = fakeOnion();
      const { privateKey } = generateClientAuthKeys();
      await page.getByLabel('Address').fill(onion.host);
      await page.getByLabel('Private key').fill(`Private key: ${privateKey}`);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.getByText('Holiday/video.webm').waitFor({ timeout: 30_000 });
      expect((await service.getSnapshot()).gets[0]).toMatchObject({ phase: 'listed', withKey: true, problem: null });
      // The key is not in what the window is sent.
      expect(JSON.stringify(await service.getSnapshot())).not.toContain(privateKey);
    } finally {
      await app.close();
      await socks.close();
      await share.close();
    }
  });
});
