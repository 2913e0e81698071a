// Chat in Debian's Chromium (plain Node + Chromium): the host's Chat tab (the
// real renderer on the real service, a real networkless tor), a visitor with
// JavaScript on (the page turns live over its WebSocket) and one with it off
// (the self-reloading list in its iframe, and the forms), all in one room;
// markup a visitor types shows as text everywhere; closing the room says so to
// both visitors; axe finds nothing serious; screenshots for the docs.
import { afterAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { bridgeFromService, openApp, REPO_ROOT, runAxe, type AppPage } from './browser';
import { SHOTS, useHarness } from './harness';
import type { Service } from '../../electron/service';

const h = useHarness({ tor: true });
const DOCS = join(REPO_ROOT, 'docs', 'screenshots');
const serious = <T extends { impact: string | null }>(v: T[]): T[] => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');

let host: AppPage;
let service: Service;
let roomUrl = '';
const contexts: BrowserContext[] = [];
/** Copied to docs/screenshots/ only when every test passed. */
let passed = 0;

afterAll(async () => {
  await host?.close();
  for (const c of contexts) await c.close();
  if (passed === 4) {
    await mkdir(DOCS, { recursive: true });
    for (const name of ['chat-host.png', 'chat-visitor-js.png', 'chat-visitor-nojs.png']) await copyFile(join(SHOTS, name), join(DOCS, name));
  }
});

async function visitor(opts: { javaScript: boolean; bypassCSP?: boolean }): Promise<{ page: Page; errors: string[] }> {
  const context = await h.browser.newContext({
    javaScriptEnabled: opts.javaScript,
    bypassCSP: opts.bypassCSP ?? false,
    viewport: { width: 900, height: 760 },
    locale: 'en-US',
    colorScheme: 'light',
  });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(roomUrl);
  return { page, errors };
}

/** The message list's frame (JavaScript off). */
async function listFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe.chat-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no frame');
  return frame;
}

/** Waits until the frame (which reloads itself) shows the text. */
async function frameShows(page: Page, text: string, timeoutMs = 20_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const body = await (await listFrame(page)).textContent('body').catch(() => '');
    if (body?.includes(text)) return body;
    if (Date.now() - t0 > timeoutMs) throw new Error(`the list did not show ${JSON.stringify(text)}; it showed ${JSON.stringify(body)}`);
    await page.waitForTimeout(250);
  }
}

const hostLog = () => host.page.getByRole('log', { name: 'Messages' });

describe('a chat room in Chromium', () => {
  it('the host opens a Chat tab, names itself, opens the room, and gets the address like every mode', async () => {
    ({ service } = h.space.machine('host', { env: { TOR_CONTROL_IPC_PATH: h.tor.controlSocketPath! } }));
    host = await openApp(h.browser, h.server, bridgeFromService(service, () => []), { viewport: { width: 1100, height: 820 } });
    const { page } = host;
    await page.getByRole('button', { name: /Chat/ }).first().click();
    await page.getByRole('textbox', { name: 'Your name in the room' }).fill('Dana');
    await page.getByRole('textbox', { name: 'Your name in the room' }).press('Enter');
    await page.getByRole('checkbox', { name: /Newcomers see earlier messages/ }).check();
    await page.getByRole('button', { name: 'Open the room' }).click();
    await page.getByRole('button', { name: 'Copy address' }).waitFor({ timeout: 30_000 });
    const view = (await service.getSnapshot()).shares[0]!;
    expect(view.mode).toBe('chat');
    expect(view.onion?.address).toMatch(/^[a-z2-7]{56}\.onion$/);
    expect(view.chat?.you).toMatchObject({ name: 'Dana', host: true });
    expect(((await page.locator('body').textContent()) ?? '').includes(view.onion!.url)).toBe(true);
    roomUrl = `${view.localUrl}/`;
    await hostLog().waitFor();
    expect(await hostLog().textContent()).toContain('Nobody has said anything yet');
    passed++;
  });

  it('a visitor with JavaScript and one without talk with the host; markup shows as text everywhere', async () => {
    const { page: hostPage } = host;
    const hostInput = hostPage.getByRole('textbox', { name: 'Message' });
    const say = async (text: string): Promise<void> => {
      await hostInput.fill(text);
      await hostInput.press('Enter');
      await hostLog().getByText(text, { exact: false }).first().waitFor();
    };
    await say('Welcome. Nothing here is saved.');

    const js = await visitor({ javaScript: true });
    // The page went live: the list is in the page itself now, with the history the host allowed.
    await js.page.locator('.chat-live').waitFor();
    expect(await js.page.locator('iframe').count()).toBe(0);
    await js.page.getByRole('log', { name: 'Messages' }).getByText('Welcome. Nothing here is saved.').waitFor();
    await js.page.getByRole('textbox', { name: 'Your name' }).fill('Robin');
    await js.page.getByRole('button', { name: 'Change name' }).click();
    await js.page.getByText('You are Robin.').waitFor();
    await js.page.getByRole('textbox', { name: 'Message', exact: true }).fill('Hi! <b>not bold</b> <script>alert(1)</script>');
    await js.page.getByRole('button', { name: 'Send' }).click();
    await hostLog().getByText('<b>not bold</b>', { exact: false }).waitFor();
    expect(await js.page.getByRole('textbox', { name: 'Message', exact: true }).inputValue()).toBe('');

    const nojs = await visitor({ javaScript: false });
    await frameShows(nojs.page, 'Welcome. Nothing here is saved.');
    await nojs.page.getByRole('textbox', { name: 'Message', exact: true }).fill('Hello from the Safest level');
    await Promise.all([nojs.page.waitForNavigation(), nojs.page.getByRole('button', { name: 'Send' }).click()]);
    await hostLog().getByText('Hello from the Safest level').waitFor();
    await js.page.getByRole('log', { name: 'Messages' }).getByText('Hello from the Safest level').waitFor();

    await say('Good to see you both.');
    await js.page.getByRole('log', { name: 'Messages' }).getByText('Good to see you both.').waitFor();
    const list = await frameShows(nojs.page, 'Good to see you both.');
    // The markup a visitor typed is text on all three screens.
    expect(list).toContain('Hi! <b>not bold</b> <script>alert(1)</script>');
    expect(await (await listFrame(nojs.page)).locator('b, script').count()).toBe(0);
    expect(await js.page.locator('.chat-live b, .chat-live script').count()).toBe(0);
    expect(await hostLog().locator('b, script').count()).toBe(0);
    // Everyone reads one order.
    const order = ['Welcome. Nothing here is saved.', '<b>not bold</b>', 'Hello from the Safest level', 'Good to see you both.'];
    for (const text of [(await hostLog().textContent()) ?? '', (await js.page.locator('.chat-live').textContent()) ?? '', list]) {
      const at = order.map((o) => text.indexOf(o));
      expect(at.every((x) => x >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
    expect(js.errors).toEqual([]);
    expect(nojs.errors).toEqual([]);
    expect(host.errors).toEqual([]);

    // Who is in the room, beside it.
    const members = hostPage.getByRole('region', { name: 'In the room' });
    await members.getByText('3 people here').waitFor();
    expect(await members.textContent()).toContain('Robin');

    await hostPage.getByRole('button', { name: 'Send' }).scrollIntoViewIfNeeded();
    await hostPage.screenshot({ path: join(SHOTS, 'chat-host.png') });
    await js.page.screenshot({ path: join(SHOTS, 'chat-visitor-js.png') });
    await nojs.page.screenshot({ path: join(SHOTS, 'chat-visitor-nojs.png') });
    passed++;
  });

  it('axe finds nothing serious in the host tab or the visitor page, with JavaScript and without', async () => {
    expect(serious(await runAxe(host.page))).toEqual([]);
    // axe is injected from outside the page, which its CSP forbids: these contexts let it in.
    const js = await visitor({ javaScript: true, bypassCSP: true });
    await js.page.locator('.chat-live').waitFor();
    await js.page.addScriptTag({ path: join(REPO_ROOT, 'node_modules/axe-core/axe.min.js') });
    const jsFindings = (await js.page.evaluate('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))')) as Array<{ impact: string | null }>;
    expect(serious(jsFindings)).toEqual([]);
    // The page as a browser without JavaScript has it (its script kept from running), list frame included.
    const context = await h.browser.newContext({ bypassCSP: true, locale: 'en-US' });
    contexts.push(context);
    await context.route('**/chat.js', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(roomUrl);
    await listFrame(page);
    await page.addScriptTag({ path: join(REPO_ROOT, 'node_modules/axe-core/axe.min.js') });
    const noJsFindings = (await page.evaluate('axe.run(document, { resultTypes: ["violations"], iframes: false }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))')) as Array<{ impact: string | null }>;
    expect(serious(noJsFindings)).toEqual([]);
    passed++;
  });

  it('stopping the room tells both visitors it has closed', async () => {
    const js = await visitor({ javaScript: true });
    await js.page.locator('.chat-live').waitFor();
    const nojs = await visitor({ javaScript: false });
    await listFrame(nojs.page);
    await host.page.getByRole('button', { name: 'Stop' }).click();
    await js.page.getByText('The room has closed.').waitFor({ timeout: 20_000 });
    expect(await js.page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await frameShows(nojs.page, 'The room has closed.');
    await host.page.getByText('The room has closed. These lines are gone when you close this tab.').waitFor({ timeout: 20_000 });
    passed++;
  });
});
