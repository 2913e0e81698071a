// Settings that can be changed (plain Node + Chromium): the real renderer and the real service
// over a fake machine's config folders. Edited, saved, checked on disk, reloaded and read by a
// new service; a refused value shown next to its field; values locked by a later file or the
// environment; config typos shown as a warning; a new tab and the website CSP using the values.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bridgeFromService, openApp, runAxe } from './browser';
import { SHOTS, useHarness } from './harness';
import { bodyText, type Machine } from './real-service';

const h = useHarness();

const SITE = 'etc/oniondrop.d/30_site.conf';
const userDir = (m: Machine): string => join(m.home, '.config/oniondrop/oniondrop.d');
const guiFile = (m: Machine): string => join(userDir(m), '90_gui.conf');
const serious = async (page: Page) => (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
}

function siteMachine(name: string, env: Record<string, string> = {}): Machine {
  const inbox = join(h.space.dir, name, 'Inbox');
  mkdirSync(inbox, { recursive: true });
  const m = h.space.machine(name, {
    env,
    files: { [SITE]: '# the site\nshare.title = Site drop\nwebsite.csp =\n' },
    pickFolder: async () => inbox,
  });
  return m;
}

describe('the Settings view in Chromium with the real service', () => {
  it('edits, saves to the user file with a comment (never /etc), applies to new tabs, and comes back after a reload and a restart', async () => {
    const m = siteMachine('edit');
    const app = await openApp(h.browser, h.server, bridgeFromService(m.service, () => []));
    try {
      const { page } = app;
      await openSettings(page);
      expect(await bodyText(page)).toContain(`Set in /etc/oniondrop.d/30_site.conf, line 2`);
      await page.getByLabel('Share type offered first', { exact: true }).selectOption('receive');
      await page.getByLabel('Access', { exact: true }).selectOption('public');
      await page.getByRole('checkbox', { name: 'Stop sharing after the first download' }).uncheck();
      await page.getByLabel('Stop taking new downloads after (0 = never)', { exact: true }).fill('90');
      await page.getByLabel('Largest file (0 = no limit)', { exact: true }).fill('500');
      await page.getByRole('button', { name: 'Choose…' }).click();
      await expect.poll(() => page.getByLabel('Save received files to', { exact: true }).inputValue()).toBe(join(h.space.dir, 'edit', 'Inbox'));
      expect(await bodyText(page)).toContain('6 unsaved changes');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(`Saved to ${guiFile(m)}. New tabs use these settings.`).waitFor();

      // On disk: the user's file, each line under the comment naming the Settings view; /etc untouched.
      const text = readFileSync(guiFile(m), 'utf8');
      for (const line of ['share.default_mode = receive', 'share.public = true', 'share.stop_after_first_download = false', 'share.auto_stop = 5400', 'receive.max_file_size = 500000000']) {
        expect(text).toContain(`# Saved by the OnionDrop window: Settings view\n${line}\n`);
      }
      expect(readFileSync(join(m.root, SITE), 'utf8')).toBe('# the site\nshare.title = Site drop\nwebsite.csp =\n');
      expect(await page.getByLabel('Access', { exact: true }).inputValue()).toBe('public');
      expect(await bodyText(page)).toContain('Saved by this window');
      expect(await serious(page)).toEqual([]);

      // A new tab starts with the saved values at once.
      await page.getByRole('button', { name: 'Back to shares' }).click();
      await page.getByRole('button', { name: 'New share' }).click();
      await page.getByRole('menuitem', { name: /Share files/ }).click();
      await page.getByRole('radio', { name: /Public/ }).waitFor();
      expect(await page.getByRole('radio', { name: /Public/ }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Stop sharing after the first download' }).isChecked()).toBe(false);
      expect(await page.getByLabel('Minutes after it is online', { exact: true }).inputValue()).toBe('90');

      // A reload of the window, then a new service over the same home, as a restarted app.
      await page.reload();
      await page.locator('.app').waitFor();
      await openSettings(page);
      expect(await page.getByLabel('Share type offered first', { exact: true }).inputValue()).toBe('receive');
      expect(await page.getByLabel('Stop taking new downloads after (0 = never)', { exact: true }).inputValue()).toBe('90');
      const user = (await h.space.restart(m).getSnapshot()).settings.user;
      expect(user['share.default_mode'].value).toBe('receive');
      expect(user['receive.max_file_size'].value).toBe(500_000_000);
      expect(user['receive.folder'].value).toBe(join(h.space.dir, 'edit', 'Inbox'));
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('shows a refused value next to its field and writes nothing; Reset goes back to the earlier file', async () => {
    const m = siteMachine('refuse');
    const app = await openApp(h.browser, h.server, bridgeFromService(m.service, () => []));
    try {
      const { page } = app;
      await openSettings(page);
      await page.getByLabel('Page title', { exact: true }).fill('Mine');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/Saved to .* New tabs use these settings\./).waitFor();
      const saved = readFileSync(guiFile(m), 'utf8');

      const length = page.getByLabel('Longest text message', { exact: true });
      await length.fill('0');
      await page.getByLabel('Save received files to', { exact: true }).fill('relative/inbox');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Nothing was saved: 2 settings need attention.').waitFor();
      const row = page.locator('[data-setting="receive.max_message_length"]');
      expect(await row.textContent()).toContain('Must be a whole number from 1 to 1,000,000.');
      expect(await length.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('[data-setting="receive.folder"]').textContent()).toContain('Must be an absolute path (starting with /) or start with ~/.');
      // Focus goes to the first field that needs attention.
      expect(await page.evaluate('document.activeElement.id')).toBe('pref-receive-folder');
      expect(readFileSync(guiFile(m), 'utf8')).toBe(saved);
      await page.screenshot({ path: join(SHOTS, 'settings-refused-real.png') });
      expect(await serious(page)).toEqual([]);

      await page.getByRole('button', { name: 'Undo changes' }).click();
      await page.getByRole('button', { name: 'Reset Page title to the value from the config files' }).click();
      await expect.poll(() => page.getByLabel('Page title', { exact: true }).inputValue()).toBe('Site drop');
      expect(readFileSync(guiFile(m), 'utf8')).not.toContain('share.title');
    } finally {
      await app.close();
    }
  });

  it('shows values fixed by a later file or the environment as locked, with the origin, and config typos as a warning', async () => {
    const m = h.space.machine('locked', {
      env: { ONIONDROP_SHARE_COMPRESS: 'true' },
      homeFiles: {
        '.config/oniondrop/oniondrop.d/50_user.conf': 'share.compres = true\n',
        '.config/oniondrop/oniondrop.d/95_admin.conf': '# set by the administrator\nshare.public = false\n',
      },
    });
    const { service } = m;
    const app = await openApp(h.browser, h.server, bridgeFromService(service, () => []));
    try {
      const { page } = app;
      const banner = page.getByRole('region', { name: 'A config file has a problem' });
      await banner.waitFor();
      const warning = ((await banner.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(warning).toContain(`${join(userDir(m), '50_user.conf')}:1`);
      expect(warning).toContain("unknown option 'share.compres' (did you mean 'share.compress'?)");
      expect(await serious(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'config-warning-real.png') });

      await banner.getByRole('button', { name: 'Show details' }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      const access = page.getByLabel('Access', { exact: true });
      expect(await access.isDisabled()).toBe(true);
      const words = await bodyText(page);
      expect(words).toContain(`Locked: ${join(userDir(m), '95_admin.conf')}, line 2, is read after your settings file and wins.`);
      expect(words).toContain('Locked: the environment variable ONIONDROP_SHARE_COMPRESS wins over every config file.');
      expect(await page.getByRole('checkbox', { name: 'Compress' }).isDisabled()).toBe(true);
      expect(await serious(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, 'settings-locked-real.png') });

      // The page cannot get around the lock: the service refuses it by name and origin.
      const result = await service.saveSettings({ set: { 'share.public': true } });
      expect(result).toEqual({
        ok: false,
        errors: [{ key: 'share.public', problem: 'locked', lockedBy: { kind: 'file', file: join(userDir(m), '95_admin.conf'), line: 2 } }],
      });
    } finally {
      await app.close();
    }
  });

  it('an empty website.csp in a config file makes the website tab\'s "Default" send no policy', async () => {
    const m = siteMachine('csp');
    const website = join(h.space.dir, 'csp', 'site');
    mkdirSync(website, { recursive: true });
    const app = await openApp(h.browser, h.server, bridgeFromService(m.service, () => [website]));
    try {
      const { page, bridge } = app;
      await page.getByRole('button', { name: /Host a website/ }).click();
      await page.getByText('The settings send no policy header.').waitFor();
      expect(await page.getByRole('radio', { name: /Default/ }).isChecked()).toBe(true);
      await page.getByRole('radio', { name: /Custom/ }).check();
      await page.getByRole('radio', { name: /Default/ }).check();
      const sent = bridge.calls.filter((c) => c.method === 'setOptions').map((c) => c.args[1]);
      expect(sent.at(-1)).toEqual({ website: { csp: null } });
      expect((await m.service.getSnapshot()).shares[0]?.options.website.csp).toBeNull();
    } finally {
      await app.close();
    }
  });
});
