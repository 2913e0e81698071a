// Closing a tab asks first when something would be lost (plain Node + Chromium): the real
// renderer, the real service and a real networkless tor. A live share with a download
// running, a persistent share whose address survives, and an idle tab that just closes.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bridgeFromService, openApp, runAxe } from './browser';
import { SHOTS, useHarness } from './harness';
import { dropFiles, fetchText, slowDownload } from './real-service';

const h = useHarness({ tor: true });

function files(): string {
  const dir = join(h.space.dir, 'files');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'notes.txt'), 'meet at noon\n');
  writeFileSync(join(dir, 'footage.bin'), Buffer.alloc(24 * 1024 * 1024, 7));
  return dir;
}

const serious = async (page: Page) => (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');

async function openWithTor(name: string) {
  const dir = files();
  const m = h.space.machine(name, { env: { TOR_CONTROL_IPC_PATH: h.tor.controlSocketPath! } });
  const app = await openApp(h.browser, h.server, bridgeFromService(m.service, (names) => names.map((n) => join(dir, n))));
  return { ...m, app };
}

/** A new share tab with files, started, until its address shows. */
async function startShare(page: Page, names: string[], persistentName?: string): Promise<void> {
  await page.getByRole('button', { name: 'New share' }).click();
  await page.getByRole('menuitem', { name: /Share files/ }).click();
  await page.getByRole('button', { name: /Drop files or folders here/ }).waitFor();
  await dropFiles(page, names);
  await page.getByText(names[0]!).first().waitFor();
  const stopAfterFirst = page.getByRole('checkbox', { name: /Stop sharing after the first download/i });
  if (await stopAfterFirst.isChecked()) await stopAfterFirst.uncheck();
  if (persistentName) {
    await page.getByLabel('Keep the same address').fill(persistentName);
    await page.getByLabel('Keep the same address').press('Enter');
  }
  await page.getByRole('button', { name: 'Start sharing' }).click();
  await page.getByRole('button', { name: 'Copy address' }).waitFor({ timeout: 30_000 });
}

describe('closing a tab in Chromium, real service and real tor', () => {
  it('a live share with a download running asks first, says the address stops and the download is cut off; Escape keeps it, confirming ends both', async () => {
    const { service, app } = await openWithTor('live');
    try {
      const { page } = app;
      await startShare(page, ['notes.txt', 'footage.bin']);
      const local = (await service.getSnapshot()).shares[0]!.localUrl!;
      const archive = /href="([^"]+\.zip)"/.exec(await fetchText(local + '/'))?.[1];
      expect(archive).toBeDefined();
      const download = slowDownload(local + archive!, 150);
      await page.locator('.transfers progress').first().waitFor({ timeout: 15_000 });

      // Delete on the focused tab.
      await page.getByRole('tab', { name: /Share files/ }).focus();
      await page.keyboard.press('Delete');
      const dialog = page.getByRole('alertdialog', { name: 'Close “Share files”?' });
      await dialog.waitFor();
      const words = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(words).toContain('its address stops working');
      expect(words).toContain('1 download will be cut off');
      expect(words).not.toContain('not lost');
      // The safe choice has the focus: a reflexive Enter keeps the share.
      expect(await page.evaluate('document.activeElement.textContent')).toBe('Keep it open');
      expect(await serious(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'close-tab-live.png') });

      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.getByRole('tab').count()).toBe(1);
      expect((await service.getSnapshot()).shares[0]?.state).toBe('ready');
      // Focus goes back where the user was.
      expect(await page.evaluate('document.activeElement.getAttribute("role")')).toBe('tab');

      // The mouse: the tab's ×, then "Stop and close".
      await page.locator('.tab-close').click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Stop and close' }).click();
      await page.getByRole('tab').waitFor({ state: 'detached' });
      expect((await service.getSnapshot()).shares).toEqual([]);
      expect((await download).complete).toBe(false);
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a persistent share says its address is kept, and a share of the same name gets it back', async () => {
    const { service, app } = await openWithTor('persistent');
    try {
      const { page } = app;
      await startShare(page, ['notes.txt'], 'weekly');
      const address = (await service.getSnapshot()).shares[0]!.onion!.address;

      await page.getByRole('button', { name: 'Close tab' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Close “Share files”?' });
      await dialog.waitFor();
      const words = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(words).toContain('Its address is not lost');
      expect(words).toContain('“weekly”');
      expect(words).not.toContain('stops working');
      expect(words).not.toContain('cut off');
      await page.screenshot({ path: join(SHOTS, 'close-tab-persistent.png') });
      await dialog.getByRole('button', { name: 'Stop and close' }).click();
      await page.getByRole('tab').waitFor({ state: 'detached' });

      // What the dialog promised: the same name brings the same address.
      await startShare(page, ['notes.txt'], 'weekly');
      expect((await service.getSnapshot()).shares[0]!.onion!.address).toBe(address);
    } finally {
      await app.close();
    }
  });

  it('a tab with nothing running closes at once, without asking', async () => {
    const { service, app } = await openWithTor('idle');
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Share files/ }).first().click();
      await page.getByRole('tab', { name: /Share files/ }).focus();
      await page.keyboard.press('Delete');
      await page.getByRole('tab').waitFor({ state: 'detached' });
      expect(await page.getByRole('alertdialog').count()).toBe(0);
      expect((await service.getSnapshot()).shares).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
