// Text size and the narrow window (plain Node + Chromium), with the real service: Ctrl+, Ctrl-
// and Ctrl+0 change the text size without a menu bar, the size is saved as ui.zoom and comes
// back after a reload and a restart, and at the minimum width (720 px) six tabs do not push
// the header out of the window, also with larger text.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bridgeFromService, openApp, runAxe } from './browser';
import { SHOTS, useHarness } from './harness';

const h = useHarness();
/** electron/main.ts: the window's minWidth. */
const MIN_WIDTH = 720;

const rootFontSize = (page: Page): Promise<string> => page.evaluate('getComputedStyle(document.documentElement).fontSize');
const px = (page: Page, selector: string): Promise<number> =>
  page.evaluate(`parseFloat(getComputedStyle(document.querySelector(${JSON.stringify(selector)})).fontSize)`);

async function newTab(page: Page, mode: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'New share' }).click();
  await page.getByRole('menuitem', { name: mode }).click();
}

/** What the user would see go wrong at this width: a header wider than the window, controls cut off. */
async function headerFits(page: Page): Promise<{ overflow: number; settingsRight: number; addRight: number; selectedVisible: boolean; tabsScroll: boolean }> {
  return page.evaluate(`(() => {
    const header = document.querySelector('.app-header');
    const list = document.querySelector('[role=tablist]');
    const selected = list.querySelector('[aria-selected=true]');
    const l = list.getBoundingClientRect();
    const s = selected.getBoundingClientRect();
    return {
      overflow: Math.max(header.scrollWidth - header.clientWidth, document.documentElement.scrollWidth - window.innerWidth),
      settingsRight: document.querySelector('.header-settings').getBoundingClientRect().right,
      addRight: document.querySelector('.new-share-button').getBoundingClientRect().right,
      selectedVisible: s.left >= l.left - 1 && s.right <= l.right + 1,
      tabsScroll: list.scrollWidth > list.clientWidth,
    };
  })()`);
}

describe('text size and the narrow window, in Chromium with the real service', () => {
  it('Ctrl+ / Ctrl- / Ctrl+0 change the text size, which is saved as ui.zoom and comes back after a reload and a restart', async () => {
    const m = h.space.machine('zoom');
    const app = await openApp(h.browser, h.server, bridgeFromService(m.service, () => []));
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Share files/ }).first().click();
      await page.getByRole('button', { name: 'Start sharing' }).waitFor();
      const before = await px(page, '.panel-title h1');
      expect(await rootFontSize(page)).toBe('16px');

      await page.keyboard.press('Control+Equal');
      await page.getByRole('status').filter({ hasText: 'Text size 110 %' }).waitFor();
      expect(await rootFontSize(page)).toBe('17.6px');
      // Everything sized in rem follows: the heading grows with the root.
      expect(await px(page, '.panel-title h1')).toBeCloseTo(before * 1.1, 1);

      await page.keyboard.press('Control+Equal');
      await page.keyboard.press('Control+Shift+Equal'); // "+" on a US keyboard
      await page.getByRole('status').filter({ hasText: 'Text size 150 %' }).waitFor();
      await page.screenshot({ path: join(SHOTS, 'zoom-150-real.png') });
      const gui = join(m.home, '.config/oniondrop/oniondrop.d/90_gui.conf');
      await expect.poll(() => readFileSync(gui, 'utf8'), { timeout: 10_000 }).toContain(
        '# Saved by the OnionDrop window: text size keys (Ctrl+, Ctrl-, Ctrl+0)\nui.zoom = 150\n',
      );
      const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);

      await page.keyboard.press('Control+Minus');
      expect(await rootFontSize(page)).toBe('20px');
      await page.keyboard.press('Control+0');
      expect(await rootFontSize(page)).toBe('16px');
      await page.keyboard.press('Control+Minus');
      await expect.poll(() => readFileSync(gui, 'utf8'), { timeout: 10_000 }).toContain('ui.zoom = 90\n');

      await page.reload();
      await page.locator('.app').waitFor();
      expect(await rootFontSize(page)).toBe('14.4px');
      expect((await h.space.restart(m).getSnapshot()).settings.user['ui.zoom'].value).toBe(90);

      // The Settings view shows the size and changes it the same way.
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const select = page.getByLabel('Text size of the window', { exact: true });
      expect(await select.inputValue()).toBe('90');
      await select.selectOption('125');
      expect(await rootFontSize(page)).toBe('20px');
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('at the minimum width, six tabs scroll inside the header, which does not overflow; also at 150 %', async () => {
    const m = h.space.machine('narrow');
    const app = await openApp(h.browser, h.server, bridgeFromService(m.service, () => []), { viewport: { width: MIN_WIDTH, height: 560 } });
    try {
      const { page } = app;
      await page.getByRole('button', { name: /Share files/ }).first().click();
      for (const mode of [/Receive files/, /Host a website/, /Share files/, /Receive files/, /Share files/]) await newTab(page, mode);
      expect(await page.getByRole('tab').count()).toBe(6);
      const fits = await headerFits(page);
      expect(fits).toMatchObject({ overflow: 0, selectedVisible: true, tabsScroll: true });
      expect(fits.settingsRight).toBeLessThanOrEqual(MIN_WIDTH);
      expect(fits.addRight).toBeLessThanOrEqual(MIN_WIDTH);
      await page.screenshot({ path: join(SHOTS, 'narrow-6-tabs-real.png') });

      // Arrow keys bring a tab that is scrolled out of sight into view.
      await page.getByRole('tab', { selected: true }).focus();
      await page.keyboard.press('Home');
      expect((await headerFits(page)).selectedVisible).toBe(true);

      for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Equal');
      expect(await rootFontSize(page)).toBe('24px');
      const zoomed = await headerFits(page);
      await page.screenshot({ path: join(SHOTS, 'narrow-6-tabs-150-real.png') });
      expect(zoomed).toMatchObject({ overflow: 0, selectedVisible: true });
      expect(zoomed.settingsRight).toBeLessThanOrEqual(MIN_WIDTH);
      const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
