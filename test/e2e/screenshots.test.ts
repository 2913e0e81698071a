// The renderer's main states in Debian's Chromium under the strict CSP (plain Node + Chromium):
// what a user sees in each, screenshots in light and dark, and axe-core's verdict.
// Fed by the scripted Api (a preview stand-in); the real-service e2e tests use the same harness.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureRendererBuilt,
  launchChromium,
  openApp,
  REPO_ROOT,
  runAxe,
  serveRenderer,
  type AppPage,
  type BridgeMethod,
  type RendererServer,
} from './browser';
import { SCENARIOS, ScriptedApi, whonixSettings, type Scenario } from './scripted-api';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const DOCS = join(REPO_ROOT, 'docs', 'screenshots');
/** The screenshots the README shows: docs name <- test-results name. */
const DOC_SHOTS: Record<string, string> = {
  'empty.png': 'empty-light.png',
  'files-added.png': 'files-added-light.png',
  'starting.png': 'starting-light.png',
  'ready.png': 'ready-light.png',
  'downloading.png': 'downloading-light.png',
  'problem-510.png': 'problem-510-light.png',
  'tor-settings.png': 'tor-settings-light.png',
  'tor-bridges.png': 'tor-bridges-light.png',
  'dark.png': 'downloading-dark.png',
  'close-tab.png': 'close-tab-light.png',
  'skipped-files.png': 'skipped-files-light.png',
  'settings-edit.png': 'settings-edit-light.png',
  'config-warning.png': 'config-warning-light.png',
  'narrow-tabs.png': 'many-tabs-light.png',
  'text-size.png': 'text-size-light.png',
  'share-and-receive.png': 'share-and-receive-light.png',
};

let browser: Browser;
let server: RendererServer;
/** State tests that passed; the docs copies are refreshed only when all did. */
let statesPassed = 0;

beforeAll(async () => {
  await ensureRendererBuilt();
  await mkdir(SHOTS, { recursive: true });
  [browser, server] = await Promise.all([launchChromium(), serveRenderer()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  // Only when every state rendered and passed: copy the chosen ones next to the README.
  if (statesPassed !== CASES.length) return;
  await mkdir(DOCS, { recursive: true });
  await Promise.all(Object.entries(DOC_SHOTS).map(([doc, shot]) => copyFile(join(SHOTS, shot), join(DOCS, doc))));
});

/** Bridge lines as pasted: documentation addresses, a made-up fingerprint and certificate, one line with a host name. */
const PASTED_BRIDGES = [
  '# from bridges.torproject.org',
  `obfs4 192.0.2.10:443 4352E58420E68F5E40BF7C74FADDCCD9D1349413 cert=${'Vq3CfTqc1nBjzX4yPk8A2m'.padEnd(70, 'Q')} iat-mode=0`,
  `obfs4 [2001:db8::7]:9001 8F3C9A60B2D1E4F5A6B7C8D9E0F1A2B3C4D5E6F7 cert=${'Hn2LwW6sTq0Xy3zP5r7B9d'.padEnd(70, 'k')} iat-mode=1`,
  'obfs4 bridge.example.net:443 4352E58420E68F5E40BF7C74FADDCCD9D1349413 iat-mode=0',
].join('\n');

/** The page's words as in the DOM (innerText would apply CSS text-transform). */
const text = async (page: Page): Promise<string> => ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');

interface Case {
  scenario: Scenario;
  /** The screenshot's name when it is not the scenario's (one scenario, several states). */
  name?: string;
  /** A window size other than the default 1100x760. */
  viewport?: { width: number; height: number };
  /** Brings the page into the state to photograph (clicks, dialogs). */
  prepare?: (app: AppPage) => Promise<void>;
  /** What the user notices in this state. */
  check: (app: AppPage, api: ScriptedApi) => Promise<void>;
}

const CASES: Case[] = [
  {
    scenario: 'welcome',
    check: async ({ page }) => {
      await page.getByRole('heading', { name: 'What would you like to do?' }).waitFor();
      for (const mode of ['Share files', 'Receive files', 'Host a website', 'Chat', 'Get a share']) {
        expect(await page.getByRole('button', { name: new RegExp(mode) }).count()).toBe(1);
      }
    },
  },
  {
    scenario: 'empty',
    check: async ({ page }) => {
      const zone = page.getByRole('button', { name: /Drop files or folders here/ });
      await zone.waitFor();
      expect(await text(page)).toContain('Drop files or folders here');
      expect(await page.getByRole('button', { name: 'Start sharing' }).isDisabled()).toBe(true);
      expect(await page.getByRole('status', { name: 'Tor status' }).innerText()).toContain('not connected yet');
      expect(await page.getByRole('tab').count()).toBe(1);
    },
  },
  {
    scenario: 'files-added',
    check: async ({ page }) => {
      await page.getByText('source-recording.ogg').waitFor();
      const body = await text(page);
      expect(body).toContain('Leaked documents 2025');
      expect(body).toContain('1,284 files');
      expect(body).toContain('3 items · 18.5 GB');
      expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(3);
      expect(await page.getByRole('button', { name: 'Start sharing' }).isEnabled()).toBe(true);
      expect(body).toContain('a broken download cannot resume');
    },
  },
  {
    scenario: 'starting',
    check: async ({ page }) => {
      const current = page.locator('[aria-current="step"]');
      await current.waitFor();
      expect(await current.innerText()).toContain('Adding the onion service');
      expect(await page.locator('.step-done').count()).toBe(2);
      expect(await page.getByRole('button', { name: 'Cancel' }).count()).toBe(1);
    },
  },
  {
    scenario: 'ready',
    check: async ({ page }, api) => {
      const onion = api.state.shares[0]?.onion;
      if (!onion?.privateKey) throw new Error('scenario has no onion');
      await page.getByText(onion.url).waitFor();
      expect(await text(page)).toContain(onion.privateKey);
      expect(await page.getByRole('button', { name: 'Copy address' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Copy private key' }).count()).toBe(1);
      const qr = page.getByRole('img', { name: 'QR code of the address' });
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
      expect(await text(page)).toContain('Reachable over Tor');
      expect(await text(page)).toContain('Stops taking new downloads at 12:00');
    },
  },
  {
    // One address, two pages: each page's own address, and where uploads go.
    scenario: 'share-and-receive',
    check: async ({ page }, api) => {
      const onion = api.state.shares[0]?.onion;
      if (!onion) throw new Error('scenario has no onion');
      const pages = page.getByRole('group', { name: 'Pages on this address' });
      await pages.waitFor();
      const words = (await pages.innerText()).replace(/\s+/g, ' ');
      expect(words).toContain(`${onion.url}/share/`);
      expect(words).toContain(`${onion.url}/receive/`);
      expect(words).toContain('Uploads are saved in /home/user/OnionDrop');
      expect(await page.getByRole('button', { name: "Copy the download page's address" }).count()).toBe(1);
      expect(await page.getByRole('button', { name: "Copy the upload page's address" }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Copy address' }).count()).toBe(1);
    },
  },
  {
    scenario: 'downloading',
    check: async ({ page }) => {
      await page.getByRole('progressbar').first().waitFor();
      expect(await page.getByRole('progressbar').count()).toBe(2);
      const body = await text(page);
      expect(body).toContain('7.9 GB of 18.4 GB · 2.4 MB/s · 1 h 12 min left');
      expect(body).toContain('42%');
      expect(await page.getByRole('progressbar', { name: 'Download of source-recording.ogg' }).getAttribute('value')).toBe('5904384');
      expect(body).toContain('History');
      expect(body).toContain('Finished');
      expect(body).toContain('Cancelled');
    },
  },
  {
    scenario: 'problem-510',
    check: async ({ page }) => {
      const alert = page.locator('[data-problem="filtered"]');
      await alert.waitFor();
      const words = (await alert.innerText()).replace(/\s+/g, ' ');
      expect(words).toContain('The Whonix-Gateway refused the Tor command ADD_ONION');
      // The simplest fix that works comes first: one command in a sysmaint session on the Gateway.
      const steps = alert.locator('.problem-steps > li');
      expect(await steps.first().innerText()).toContain('sysmaint session on the Whonix-Gateway');
      expect(await steps.first().innerText()).toContain('sudo onion-grater-add 40_onionshare');
      expect(words).toContain('/usr/local/etc/onion-grater-merger.d/');
      expect(words).toContain('sudo systemctl restart onion-grater');
      expect(words).toContain('17600-17659');
      expect(words).toContain('/usr/local/etc/whonix_firewall.d/50_user.conf');
      // Points to the docs where the package installs them.
      expect(words).toContain('/usr/share/doc/oniondrop/whonix.md');
      // Every command has a Copy button.
      for (const command of ['sudo onion-grater-add 40_onionshare', 'sudo systemctl restart onion-grater', 'sudo whonix_firewall']) {
        expect(await alert.getByRole('button', { name: `Copy the command: ${command}` }).count(), command).toBe(1);
      }
      expect(await page.getByRole('status', { name: 'Tor status' }).innerText()).toContain('Whonix-Workstation');
      // On Whonix there is no way into Tor settings.
      expect(await page.getByRole('button', { name: /Tor settings/ }).count()).toBe(0);
    },
  },
  {
    scenario: 'tor-settings',
    prepare: async ({ page }) => {
      await page.getByRole('button', { name: 'Tor settings…' }).click();
      await page.getByRole('dialog', { name: 'Tor connection' }).waitFor();
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText('Control connection').waitFor();
      // The results sit below the bridges: bring them into the picture.
      await page.getByRole('region', { name: 'Test results' }).evaluate((el) => el.scrollIntoView({ block: 'end' }));
    },
    check: async ({ page }) => {
      const dialog = page.getByRole('dialog', { name: 'Tor connection' });
      const words = (await dialog.innerText()).replace(/\s+/g, ' ');
      expect(words).toContain('Found: Tor via TOR_CONTROL_IPC_PATH');
      expect(words).toContain('SAFECOOKIE with /run/tor/control.authcookie');
      // A warning line carries its problem's fix.
      expect(words).toContain('Nothing is needed to share. To get it back, allow SETEVENTS HS_DESC in the filter');
      expect(await dialog.getByRole('radio', { name: /Automatic/ }).first().isChecked()).toBe(true);
    },
  },
  {
    scenario: 'tor-bridges',
    prepare: async ({ page }) => {
      await page.getByRole('button', { name: 'Tor settings…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Tor connection' });
      await dialog.getByRole('radio', { name: /Custom bridges/ }).check();
      const lines = dialog.getByLabel('Bridge lines, one per line');
      await lines.fill(PASTED_BRIDGES);
      // Back to the start of the lines, and the whole bridges part in view.
      await lines.press('Control+Home');
      await lines.evaluate((el) => el.scrollTo(0, 0));
      await dialog.getByText(/^Line 4:/).scrollIntoViewIfNeeded();
    },
    check: async ({ page }) => {
      const dialog = page.getByRole('dialog', { name: 'Tor connection' });
      const bridges = dialog.getByRole('group', { name: 'Bridges' });
      const words = (await bridges.innerText()).replace(/\s+/g, ' ');
      // Bridges imply our own tor, and the dialog says so and selects it.
      expect(words).toContain("They work only with OnionDrop's own Tor: choosing one selects it.");
      expect(await dialog.getByRole('radio', { name: /Start OnionDrop's own Tor/ }).isChecked()).toBe(true);
      expect(words).toMatch(/7 bridges from Tor Browser's list of April 9, 2026/);
      // The bad line is named by number and reason; the good ones are not.
      expect(words).toContain('Line 4: “bridge.example.net:443” is a name; a bridge line needs an IP address.');
      expect(words).not.toContain('Line 2');
      expect(await dialog.getByLabel('Bridge lines, one per line').getAttribute('aria-invalid')).toBe('true');
    },
  },
  {
    scenario: 'receive',
    check: async ({ page }) => {
      await page.getByText('evidence-photos.tar').first().waitFor();
      const body = await text(page);
      expect(body).toContain('Uploads');
      expect(body).toContain('Rejected: A file was larger than the limit of 500 MB.');
      expect(body).toContain('/home/user/OnionDrop/Received');
      expect(await page.getByRole('progressbar', { name: 'Upload of evidence-photos.tar' }).count()).toBe(1);
    },
  },
  {
    scenario: 'receive-setup',
    check: async ({ page, bridge }) => {
      await page.getByText('Save received files to').waitFor();
      expect(await page.getByLabel('Largest file').inputValue()).toBe('2000');
      expect(await page.getByRole('button', { name: 'Start receiving' }).isEnabled()).toBe(true);
      await page.getByRole('button', { name: 'Choose…' }).click();
      await page.getByText('/home/user/Received').waitFor();
      expect(bridge.calls.some((c) => c.method === 'pickReceiveFolder')).toBe(true);
    },
  },
  {
    scenario: 'reconnecting',
    check: async ({ page }) => {
      await page.getByText('The connection to Tor was lost.').waitFor();
      expect(await text(page)).toContain('the address stays the same');
      // Why it is still waiting, not just that it is.
      expect(await text(page)).toContain('Last try: OnionDrop cannot reach Tor');
      expect(await page.getByRole('status', { name: 'Tor status' }).innerText()).toContain('Reconnecting to Tor… (OnionDrop cannot reach Tor)');
    },
  },
  {
    scenario: 'tor-offline',
    check: async ({ page }) => {
      // The publishing step says tor is not on the Tor network yet, in its own words, with a bar.
      await page.getByText('Tor is not connected to the Tor network yet: 5% (Connecting to a relay).').waitFor();
      expect(await page.getByRole('progressbar', { name: "Tor's progress onto the Tor network" }).count()).toBeGreaterThan(0);
      const status = await page.getByRole('status', { name: 'Tor status' }).innerText();
      expect(status).toContain('not connected to the Tor network yet: 5% (Connecting to a relay)');
      expect(await text(page)).not.toMatch(/filter/i);
    },
  },
  {
    scenario: 'reconnected',
    check: async ({ page }) => {
      await page.getByText(/Tor went away and came back at .+; the share is online again at the same address\./).waitFor();
      const warning = page.locator('[data-problem="tor-bootstrap"]');
      expect(await warning.innerText()).toContain('Tor is not connected to the Tor network yet');
      expect(await text(page)).not.toMatch(/filter/i);
    },
  },
  {
    scenario: 'website',
    check: async ({ page }) => {
      await page.getByText('field-notes-site').waitFor();
      expect(await text(page)).toContain("Drop the website's folder here");
      expect(await page.getByRole('radio', { name: /Default/ }).isChecked()).toBe(true);
      expect(await text(page)).toContain("The policy from the settings: default-src 'self'");
      expect(await page.getByRole('button', { name: 'Start the website' }).isEnabled()).toBe(true);
    },
  },
  {
    scenario: 'settings-view',
    prepare: async ({ page }) => {
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    },
    check: async ({ page }) => {
      const body = await text(page);
      expect(body).toContain('/etc/oniondrop.d/30_whonix.conf:5');
      expect(body).toContain('overridden by a later file');
      expect(body).toContain('/home/user/.config/oniondrop/oniondrop.d/50_user.conf:7');
      expect(body).toContain('Unknown setting "share.compres"');
      expect(await page.getByRole('button', { name: /Tor settings/ }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Tor connection' }).count()).toBe(0);
    },
  },
  {
    scenario: 'bootstrap',
    check: async ({ page }) => {
      const status = page.getByRole('status', { name: 'Tor status' });
      await status.waitFor();
      expect(await status.innerText()).toContain('Starting Tor… 45% (Loading relay descriptors)');
    },
  },
  {
    scenario: 'downloading',
    name: 'close-tab',
    prepare: async ({ page }) => {
      await page.getByRole('tab', { name: /Share files/ }).focus();
      await page.keyboard.press('Delete');
    },
    check: async ({ page }) => {
      const dialog = page.getByRole('alertdialog', { name: 'Close “Share files”?' });
      await dialog.waitFor();
      const words = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(words).toContain('its address stops working');
      expect(words).toContain('2 downloads will be cut off');
    },
  },
  {
    scenario: 'skipped-files',
    check: async ({ page }) => {
      const group = page.getByRole('region', { name: 'Not shared from “Leaked documents 2025” (9)' });
      await group.waitFor();
      const words = ((await group.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(words).toContain('Leaked documents 2025/drafts/latest');
      expect(words).toContain('a link to something outside the folder');
      expect(words).toContain('you are not allowed to read it');
      expect(words).toContain('…and 4 more');
    },
  },
  {
    scenario: 'settings-edit',
    name: 'config-warning',
    check: async ({ page }) => {
      const banner = page.getByRole('region', { name: 'A config file has a problem' });
      await banner.waitFor();
      const words = ((await banner.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(words).toContain('/home/user/.config/oniondrop/oniondrop.d/50_user.conf:4');
      expect(words).toContain("unknown option 'share.compres' (did you mean 'share.compress'?)");
    },
  },
  {
    scenario: 'settings-edit',
    viewport: { width: 1100, height: 1500 },
    prepare: async ({ page }) => {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      await page.getByLabel('Page title', { exact: true }).fill('Newsroom drop, May');
    },
    check: async ({ page }) => {
      const body = await text(page);
      expect(body).toContain('Locked: /home/user/.config/oniondrop/oniondrop.d/95_admin.conf, line 2, is read after your settings file');
      expect(body).toContain('Locked: the environment variable ONIONDROP_SHARE_COMPRESS wins');
      expect(body).toContain('Set in /etc/oniondrop.d/30_site.conf, line 3');
      expect(body).toContain('1 unsaved change');
      expect(await page.getByLabel('Access').isDisabled()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Compress' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Save' }).isEnabled()).toBe(true);
    },
  },
  {
    scenario: 'many-tabs',
    viewport: { width: 720, height: 560 },
    check: async ({ page }) => {
      await page.getByRole('tab', { name: /Newsroom drop/, selected: true }).waitFor();
      expect(await page.getByRole('tab').count()).toBe(6);
      const widths = await page.evaluate(`[document.documentElement.scrollWidth, document.querySelector('.app-header').scrollWidth, document.querySelector('.header-settings').getBoundingClientRect().right]`);
      expect(widths).toEqual([720, 720, expect.any(Number)]);
      expect((widths as number[])[2]).toBeLessThanOrEqual(720);
    },
  },
  {
    scenario: 'many-tabs',
    name: 'text-size',
    viewport: { width: 720, height: 560 },
    prepare: async ({ page }) => {
      await page.getByRole('tab').first().waitFor();
      for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Equal');
      await page.getByRole('status').filter({ hasText: 'Text size 150 %' }).waitFor();
    },
    check: async ({ page, bridge }) => {
      expect(await page.evaluate('getComputedStyle(document.documentElement).fontSize')).toBe('24px');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(720);
      // The brand name and the Settings label make room, and stay for screen readers.
      expect(await page.getByRole('button', { name: 'Settings', exact: true }).count()).toBe(1);
      await expect.poll(() => bridge.calls.filter((c) => c.method === 'saveSettings').map((c) => c.args[0])).toEqual([
        { set: { 'ui.zoom': 150 }, from: 'text-size' },
      ]);
    },
  },
  {
    scenario: 'tor-unreachable',
    check: async ({ page }) => {
      await page.getByRole('alert').first().waitFor();
      const body = await text(page);
      expect(body).toContain('OnionDrop cannot reach Tor');
      expect(body).toContain('Tried: /run/tor/control, 127.0.0.1:9051, and 127.0.0.1:9151.');
      expect(body).toContain('sudo systemctl start tor');
    },
  },
];

describe('renderer states in Chromium', () => {
  for (const c of CASES) {
    it(`${c.name ?? c.scenario}: shows what the user needs; light and dark pass axe; no CSP or console errors`, async () => {
      const api = new ScriptedApi(SCENARIOS[c.scenario]());
      const app = await openApp(browser, server, api, { colorScheme: 'light', ...(c.viewport ? { viewport: c.viewport } : {}) });
      try {
        await c.prepare?.(app);
        await c.check(app, api);
        // The same page in both themes: the theme follows prefers-color-scheme only.
        for (const colorScheme of ['light', 'dark'] as const) {
          await app.page.emulateMedia({ colorScheme });
          await app.page.screenshot({ path: join(SHOTS, `${c.name ?? c.scenario}-${colorScheme}.png`), animations: 'disabled' });
          const serious = (await runAxe(app.page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect({ colorScheme, serious }).toEqual({ colorScheme, serious: [] });
        }
        expect(app.errors).toEqual([]);
        statesPassed += 1;
      } finally {
        api.dispose();
        await app.close();
      }
    });
  }
});

describe('renderer interactions in Chromium', () => {
  async function open(scenario: Scenario, failing: BridgeMethod[] = [], stepMs = 60): Promise<{ app: AppPage; api: ScriptedApi }> {
    const api = new ScriptedApi(SCENARIOS[scenario](), { stepMs, failing });
    return { app: await openApp(browser, server, api), api };
  }

  it('files dropped on the drop zone are added by name; Enter on the zone opens the file picker', async () => {
    const { app, api } = await open('empty');
    try {
      const { page, bridge } = app;
      await page.getByRole('button', { name: /Drop files or folders here/ }).waitFor();
      await page.evaluate(`(() => {
        const dt = new DataTransfer();
        dt.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
        dt.items.add(new File(['x'], 'photo.jpg'));
        const zone = document.querySelector('[data-testid="drop-zone"]');
        zone.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
        zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
      })()`);
      await page.getByText('notes.txt').waitFor();
      expect(bridge.calls.find((c) => c.method === 'addDropped')?.args).toEqual(['s1', ['notes.txt', 'photo.jpg']]);

      await page.getByRole('button', { name: /Drop files or folders here/ }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('budget-2025.ods').waitFor();
      expect(bridge.calls.filter((c) => c.method === 'pickFiles')).toHaveLength(1);
      expect(app.errors).toEqual([]);
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('Start walks through the steps to the address; Stop ends it', async () => {
    // Steps of a second each, so a loaded machine still sees one being shown.
    const { app, api } = await open('files-added', [], 1000);
    try {
      const { page } = app;
      await page.getByRole('button', { name: 'Start sharing' }).click();
      await page.locator('[aria-current="step"]').waitFor();
      await page.getByRole('button', { name: 'Copy address' }).waitFor();
      const url = api.state.shares[0]?.onion?.url ?? '';
      expect(url).toMatch(/^http:\/\/[a-z2-7]{56}\.onion$/);
      expect(await text(page)).toContain(url);
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByText('Reachable over Tor').waitFor();
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByText('Stopped. The address no longer works.').waitFor();
      expect(await page.getByText(url).count()).toBe(0);
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('"+" adds a tab of the chosen mode; arrow keys move between tabs; the panel Close removes one', async () => {
    const { app, api } = await open('files-added');
    try {
      const { page } = app;
      await page.getByRole('button', { name: 'New share' }).click();
      await page.getByRole('menuitem', { name: /Receive files/ }).click();
      await page.getByRole('tab', { name: /Receive files/, selected: true }).waitFor();
      expect(await text(page)).toContain('Save received files to');

      await page.getByRole('tab', { name: /Receive files/ }).focus();
      await page.keyboard.press('ArrowLeft');
      await page.getByRole('tab', { name: /Share files/, selected: true }).waitFor();

      await page.getByRole('button', { name: 'Close tab' }).click();
      await page.getByRole('tab', { name: /Receive files/, selected: true }).waitFor();
      expect(await page.getByRole('tab').count()).toBe(1);
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('"Also receive files" puts the receive settings beside the files and turns the stop after the first download off', async () => {
    const { app, api } = await open('files-added');
    try {
      const { page, bridge } = app;
      const stop = page.getByRole('checkbox', { name: /Stop sharing after the first download/i });
      await stop.check();
      expect(await page.getByRole('heading', { name: 'Receiving' }).count()).toBe(0);
      await page.getByRole('checkbox', { name: /Also receive files on this address/ }).check();
      await page.getByRole('heading', { name: 'Receiving' }).waitFor();
      expect(await stop.isChecked()).toBe(false);
      expect(await stop.isDisabled()).toBe(true);
      expect(bridge.calls.filter((c) => c.method === 'setOptions').map((c) => c.args[1])).toEqual([{ stopAfterFirstDownload: true }, { alsoReceive: true }]);
      expect(api.state.shares[0]?.options).toMatchObject({ alsoReceive: true, stopAfterFirstDownload: false });
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('options change through setOptions; a typed title is committed on Enter', async () => {
    const { app, api } = await open('files-added');
    try {
      const { page, bridge } = app;
      await page.getByRole('radio', { name: /Public/ }).check();
      await page.getByLabel('Page title').fill('Evidence for Alice');
      await page.getByLabel('Page title').press('Enter');
      await page.getByRole('tab', { name: /Evidence for Alice/ }).waitFor();
      const patches = bridge.calls.filter((c) => c.method === 'setOptions').map((c) => c.args[1]);
      expect(patches).toEqual([{ public: true }, { title: 'Evidence for Alice' }]);
      expect(api.state.shares[0]?.options.public).toBe(true);
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('the Tor settings dialog closes and cannot be reopened when settings become hidden', async () => {
    const { app, api } = await open('tor-settings');
    try {
      const { page } = app;
      await page.getByRole('button', { name: 'Tor settings…' }).click();
      await page.getByRole('dialog').waitFor();
      api.setSettings(whonixSettings());
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await page.getByRole('button', { name: /Tor settings/ }).count()).toBe(0);
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      expect(await page.getByRole('button', { name: /Tor settings/ }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Tor connection' }).count()).toBe(0);
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('saving Tor settings sends what was chosen', async () => {
    const { app, api } = await open('tor-settings');
    try {
      const { page, bridge } = app;
      await page.getByRole('button', { name: 'Tor settings…' }).click();
      await page.getByRole('radio', { name: 'Control port' }).check();
      await page.getByLabel('Host').fill('192.168.0.4');
      await page.getByRole('radio', { name: 'Password' }).check();
      await page.getByLabel('Control password').fill('hunter2');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(bridge.calls.find((c) => c.method === 'saveTorSettings')?.args[0]).toEqual({
        mode: 'port',
        controlSocket: '/run/tor/control',
        controlHost: '192.168.0.4',
        controlPort: 9051,
        auth: 'password',
        password: 'hunter2',
        bridges: 'none',
        bridgeLines: '',
      });
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('bridges: a bad line blocks Save and is named; corrected, Save sends our own tor with the lines; another mode drops them', async () => {
    const { app, api } = await open('tor-settings');
    try {
      const { page, bridge } = app;
      await page.getByRole('button', { name: 'Tor settings…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Tor connection' });
      // A built-in choice selects our own tor; a control socket drops the bridges again.
      await dialog.getByRole('radio', { name: /Built-in snowflake/ }).check();
      expect(await dialog.getByRole('radio', { name: /Start OnionDrop's own Tor/ }).isChecked()).toBe(true);
      await dialog.getByRole('radio', { name: /Control socket/ }).check();
      expect(await dialog.getByRole('radio', { name: /No bridges/ }).isChecked()).toBe(true);

      await dialog.getByRole('radio', { name: /Custom bridges/ }).check();
      const lines = dialog.getByLabel('Bridge lines, one per line');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByText('Paste at least one bridge line.').waitFor();
      expect(await lines.evaluate((el) => el === document.activeElement)).toBe(true);

      await lines.fill(PASTED_BRIDGES);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByText(/^Line 4:/).waitFor();
      await dialog.getByRole('button', { name: 'Test connection' }).click();
      expect(bridge.calls.filter((c) => c.method === 'saveTorSettings' || c.method === 'testTor')).toEqual([]);

      const fixed = PASTED_BRIDGES.replace(
        'obfs4 bridge.example.net:443 4352E58420E68F5E40BF7C74FADDCCD9D1349413 iat-mode=0',
        `obfs4 198.51.100.4:443 4352E58420E68F5E40BF7C74FADDCCD9D1349413 cert=${'Z'.repeat(70)} iat-mode=0`,
      );
      await lines.fill(fixed.replace(/\n/g, '\r\n'));
      await dialog.getByText('3 bridges, checked.').waitFor();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(bridge.calls.find((c) => c.method === 'saveTorSettings')?.args[0]).toMatchObject({
        mode: 'own',
        bridges: 'custom',
        // The text box gives line ends as \n whatever was pasted.
        bridgeLines: fixed,
      });
      expect(app.errors).toEqual([]);
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('Copy puts the address on the clipboard and says so', async () => {
    const { app, api } = await open('ready');
    try {
      const { page, context } = app;
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.getByRole('button', { name: 'Copy address' }).click();
      await page.getByRole('button', { name: 'Copy address' }).getByText('Copied').waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(api.state.shares[0]?.onion?.url);
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it("a fix's Copy button puts the command on the clipboard, without the prompt", async () => {
    const { app, api } = await open('problem-510');
    try {
      const { page, context } = app;
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const button = page.getByRole('button', { name: 'Copy the command: sudo onion-grater-add 40_onionshare' });
      await button.click();
      await button.getByText('Copied').waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe('sudo onion-grater-add 40_onionshare');
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('a call the main process fails is shown in words and can be dismissed; the app stays usable', async () => {
    const { app, api } = await open('files-added', ['removeItem']);
    try {
      const { page } = app;
      await page.getByRole('button', { name: 'Remove source-recording.ogg' }).click();
      const alert = page.locator('[data-problem="internal"]');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('removeItem: the main process did not answer');
      await alert.getByRole('button', { name: 'Dismiss' }).click();
      await alert.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Start sharing' }).click();
      await page.getByRole('button', { name: 'Copy address' }).waitFor();
      expect(app.errors).toEqual([]);
    } finally {
      api.dispose();
      await app.close();
    }
  });

  it('website CSP: None sends no policy, Custom sends the typed one, Default the configured one', async () => {
    const { app, api } = await open('website');
    try {
      const { page, bridge } = app;
      await page.getByRole('radio', { name: /None/ }).check();
      await page.getByRole('radio', { name: /Custom/ }).check();
      const custom = page.getByLabel('Custom policy');
      await custom.fill("default-src 'self'; img-src *");
      await custom.press('Enter');
      await page.getByRole('radio', { name: /Default/ }).check();
      const csps = bridge.calls.filter((c) => c.method === 'setOptions').map((c) => c.args[1]);
      expect(csps).toEqual([
        { website: { csp: null } },
        { website: { csp: "default-src 'self'" } },
        { website: { csp: "default-src 'self'; img-src *" } },
        { website: { csp: "default-src 'self'" } },
      ]);
      expect(api.state.shares[0]?.options.website.csp).toBe("default-src 'self'");
    } finally {
      api.dispose();
      await app.close();
    }
  });
});

describe('the main screens in German and Persian', () => {
  /** Text cut off: an element that hides or clips what overflows it, narrower than its content; or a page wider than the window. */
  const clipped = (page: Page): Promise<string[]> =>
    page.evaluate(() => {
      const found: string[] = [];
      if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
        const style = getComputedStyle(el);
        if (style.overflowX === 'visible' || el.scrollWidth <= el.clientWidth + 1 || el.closest('[role=tablist], .sr-only')) continue;
        // A field or a code block that scrolls is not clipped: the user can scroll it.
        if (['auto', 'scroll'].includes(style.overflowX) || el.matches('input, textarea, select')) continue;
        found.push(`${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').trim().slice(0, 60)}`);
      }
      return found;
    });

  const SCREENS: Array<{ name: string; scenario: Scenario; words: (t: (key: string) => string) => string; prepare?: (page: Page) => Promise<void> }> = [
    { name: 'welcome', scenario: 'welcome', words: (t) => t('welcome.title') },
    { name: 'share-ready', scenario: 'ready', words: (t) => t('share.address.copy') },
    { name: 'problem-510', scenario: 'problem-510', words: (t) => t('problems.fixLabel') },
    {
      name: 'settings',
      scenario: 'settings-edit',
      words: (t) => t('prefs.languageLabel'),
      prepare: async (page) => {
        await page.locator('.header-settings').click();
        await page.locator('h1').first().waitFor();
      },
    },
  ];

  for (const lang of ['de', 'fa'] as const) {
    for (const screen of SCREENS) {
      it(`${lang}: ${screen.name} in ${lang}, ${lang === 'fa' ? 'right to left' : 'left to right'}, nothing clipped, axe passes`, async () => {
        const { translatorFor } = await import('../../i18n/messages');
        const tr = translatorFor(lang);
        const snapshot = SCENARIOS[screen.scenario]();
        snapshot.settings = { ...snapshot.settings, language: lang };
        const api = new ScriptedApi(snapshot);
        const app = await openApp(browser, server, api, screen.name === 'settings' ? { viewport: { width: 1100, height: 1500 } } : {});
        try {
          const { page } = app;
          await page.locator(`html[lang="${lang}"][dir="${tr.dir}"]`).waitFor({ state: 'attached' });
          await screen.prepare?.(page);
          await page.getByText(screen.words((key) => tr.t(key as never) as string), { exact: false }).first().waitFor();
          expect(await text(page)).not.toContain(translatorFor('en').t('welcome.title'));
          expect(await clipped(page)).toEqual([]);
          await page.screenshot({ path: join(DOCS, `${lang}-${screen.name}.png`), animations: 'disabled' });
          const serious = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect(serious).toEqual([]);
          expect(app.errors).toEqual([]);
        } finally {
          api.dispose();
          await app.close();
        }
      });
    }
  }
});
