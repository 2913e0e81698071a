// The real renderer in Debian's Chromium wired to the real service.ts, with a
// real networkless tor (plain Node + Chromium): what a user does and sees, from
// dropped files to a download, the Whonix 510 message, and the Tor settings
// dialog that exists only outside Whonix.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bridgeFromService, openApp, runAxe } from './browser';
import { useHarness } from './harness';
import { bodyText, dropFiles, fetchText, slowDownload } from './real-service';
import { startOnionGrater, type OnionGraterProxy } from '../fixtures/onion-grater/onion-grater';
import { STOCK_ONIONSHARE_PROFILE } from '../fixtures/whonix/stock-profile';

const STOCK_PROFILE = STOCK_ONIONSHARE_PROFILE;

const h = useHarness({ tor: true });

const machine = (name: string, opts: { whonix?: boolean; env?: Record<string, string> } = {}) => h.space.machine(name, opts);

describe('OnionDrop in Chromium with the real service and a real tor', () => {
  it('drop files, start, see the address and QR, download with progress, stop', async () => {
    const files = join(h.space.dir, 'files');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'notes.txt'), 'meet at noon\n');
    writeFileSync(join(files, 'recording.ogg'), Buffer.alloc(6 * 1024 * 1024, 3));
    const { service } = machine('plain', { env: { TOR_CONTROL_IPC_PATH: h.tor.controlSocketPath! } });
    const app = await openApp(h.browser, h.server, bridgeFromService(service, (names) => names.map((n) => join(files, n))));
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Share files/ }).first().click();
      await page.getByRole('button', { name: /Drop files or folders here/ }).waitFor();
      await dropFiles(page, ['notes.txt', 'recording.ogg']);
      await page.getByText('recording.ogg').waitFor();
      expect(await bodyText(page)).toMatch(/6\.3 MB/);
      // Allow several downloads so the download below is not the last.
      const stopAfterFirst = page.getByRole('checkbox', { name: /Stop sharing after the first download/i });
      if (await stopAfterFirst.isChecked()) await stopAfterFirst.uncheck();

      await page.getByRole('button', { name: 'Start sharing' }).click();
      await page.getByRole('button', { name: 'Copy address' }).waitFor({ timeout: 30_000 });
      const snapshot = await service.getSnapshot();
      const share = snapshot.shares[0]!;
      expect(share.state).toBe('ready');
      expect(share.onion?.address).toMatch(/^[a-z2-7]{56}\.onion$/);
      expect(await bodyText(page)).toContain(share.onion!.url);
      expect(await bodyText(page)).toContain(share.onion!.privateKey!);
      expect(await page.getByRole('img', { name: 'QR code of the address' }).count()).toBe(1);
      expect(await bodyText(page)).toContain('Tor via TOR_CONTROL_IPC_PATH');

      // A download through the share's own listener: the UI shows it running, then done.
      const local = share.localUrl!;
      const archive = /href="([^"]+\.zip)"/.exec(await fetchText(local + '/'))?.[1];
      expect(archive).toBeDefined();
      const downloading = slowDownload(local + archive!);
      await page.locator('.transfers progress').first().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: join(h.space.dir, 'downloading.png') });
      expect((await downloading).bytes).toBeGreaterThan(6 * 1024 * 1024);

      const violations = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(violations).toEqual([]);

      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByText('Stopped. The address no longer works.').waitFor({ timeout: 15_000 });
      expect((await service.getSnapshot()).shares[0]?.state).toBe('stopped');
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('on Whonix, a Gateway filter refusing ADD_ONION shows the Whonix message naming the command; no Tor settings anywhere', async () => {
    // Whonix's stock OnionShare profile has no rule for a public onion with a
    // key of our own, which a persistent public share needs: filtered.
    let proxy: OnionGraterProxy | undefined;
    try {
      proxy = await startOnionGrater({
        profile: (await import('node:fs')).readFileSync(STOCK_PROFILE, 'utf8'),
        upstream: { path: h.tor.controlSocketPath! },
        upstreamCookieFile: h.tor.cookiePath,
        listen: { path: join(h.space.dir, 'grater.sock') },
      });
      const files = join(h.space.dir, 'files2');
      mkdirSync(files, { recursive: true });
      writeFileSync(join(files, 'doc.txt'), 'x');
      const { service } = machine('whonix', { whonix: true, env: { TOR_CONTROL_IPC_PATH: join(h.space.dir, 'grater.sock') } });
      const app = await openApp(h.browser, h.server, bridgeFromService(service, (names) => names.map((n) => join(files, n))));
      try {
        const { page } = app;
        expect(await page.getByRole('status', { name: 'Tor status' }).innerText()).toContain('Whonix-Workstation');
        expect(await page.getByRole('button', { name: /Tor settings/ }).count()).toBe(0);
        await page.getByRole('button', { name: /Share files/ }).first().click();
        await dropFiles(page, ['doc.txt']);
        await page.getByText('doc.txt').waitFor();
        const snap = await service.getSnapshot();
        await service.setOptions(snap.shares[0]!.id, { public: true, persistentName: 'weekly' });
        await page.getByRole('button', { name: 'Start sharing' }).click();
        await page.getByText(/ADD_ONION/).first().waitFor({ timeout: 30_000 });
        const words = await bodyText(page);
        expect(words).toContain('ADD_ONION');
        expect(words).toContain('/usr/local/etc/onion-grater-merger.d/');
        expect(words).toContain('17600');
        expect((await service.getSnapshot()).shares[0]?.problem).toEqual({
          kind: 'filtered',
          command: 'ADD_ONION',
          whonix: true,
          // The stock profile cannot do this form: the fix leads with OnionDrop's own profile.
          stockProfileAllows: false,
          required: true,
          step: 'start',
        });
        expect(words).not.toContain('onion-grater-add');
        await page.screenshot({ path: join(h.space.dir, 'whonix-510.png') });
        // Settings view: no Tor section and no way into the dialog.
        await page.getByRole('button', { name: 'Settings' }).click();
        await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
        expect(await page.getByRole('heading', { name: 'Tor connection' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: /Tor settings/ }).count()).toBe(0);
      } finally {
        await app.close();
      }
    } finally {
      await proxy?.close();
    }
  });

  it('outside Whonix the Tor settings dialog opens and "Test connection" reports on the real tor', async () => {
    const { service } = machine('plain2', { env: { TOR_CONTROL_IPC_PATH: h.tor.controlSocketPath! } });
    const app = await openApp(h.browser, h.server, bridgeFromService(service, () => []));
    try {
      const { page } = app;
      await page.getByRole('button', { name: 'Tor settings…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Tor connection' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Test connection' }).click();
      await dialog.getByText(/0\.4\.\d+/).first().waitFor({ timeout: 30_000 });
      const words = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(words).toMatch(/TOR_CONTROL_IPC_PATH/);
      const violations = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(violations).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
