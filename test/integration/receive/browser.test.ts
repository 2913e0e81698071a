// The upload form in a real browser (Debian's Chromium via playwright-core), with JavaScript off
// as in Tor Browser's Safest level: files and message land on disk byte for byte (plain Node).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { onlySubmission, startReceive, stopAll, tempDir, tree, type Running } from './helpers';

const tmp = tempDir('recv-browser');
const inbox = join(tmp.path, 'inbox');
let browser: Browser;
let noScript: BrowserContext;
let r: Running;
let small: Running;
const smallInbox = join(tmp.path, 'small-inbox');

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  noScript = await browser.newContext({ javaScriptEnabled: false });
  r = await startReceive({ receiveDir: inbox });
  small = await startReceive({ receiveDir: smallInbox, limits: { maxFileSize: 1024 * 1024 } });
});
afterAll(async () => {
  await browser?.close();
  await stopAll();
  tmp.remove();
});
beforeEach(() => {
  for (const dir of [inbox, smallInbox]) for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
});

/** A page that records CSP violations and other console errors. */
async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(url);
  return { page, problems };
}

async function submit(page: Page): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return response?.status();
}

describe('upload form in Chromium', () => {
  it('with JavaScript off, sends several files and a message that land with their names and bytes', async () => {
    const { page, problems } = await openPage(noScript, `${r.url}/`);
    expect(await page.textContent('h1')).toBe('Send files');
    const report = randomBytes(700_000);
    const photo = randomBytes(123_457);
    await page.setInputFiles('input[type=file]', [
      { name: 'Überweisung März.pdf', mimeType: 'application/pdf', buffer: report },
      { name: 'holiday photo.jpg', mimeType: 'image/jpeg', buffer: photo },
    ]);
    await page.fill('textarea', 'Here are the files.\nSecond line — with a dash.');
    expect(await submit(page)).toBe(200);
    expect(await page.textContent('h1')).toBe('Sent');
    expect(await page.textContent('main')).toContain('Überweisung März.pdf');

    const { files } = onlySubmission(inbox);
    expect([...files.keys()].sort()).toEqual(['holiday photo.jpg', 'message.txt', 'Überweisung März.pdf'].sort());
    expect(files.get('Überweisung März.pdf')?.equals(report)).toBe(true);
    expect(files.get('holiday photo.jpg')?.equals(photo)).toBe(true);
    expect(files.get('message.txt')?.toString()).toBe('Here are the files.\nSecond line — with a dash.');
    // The page's one stylesheet is allowed by its hash; nothing was refused.
    expect(problems).toEqual([]);
    await page.close();
  });

  it('two files of the same name chosen together are both kept', async () => {
    const { page } = await openPage(noScript, `${r.url}/`);
    await page.setInputFiles('input[type=file]', [
      { name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from('first scan') },
      { name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from('second scan') },
    ]);
    expect(await submit(page)).toBe(200);
    const { files } = onlySubmission(inbox);
    expect(files.get('scan.png')?.toString()).toBe('first scan');
    expect(files.get('scan (1).png')?.toString()).toBe('second scan');
    await page.close();
  });

  it('a file over the limit shows the "too large" page in the browser, and nothing is kept', async () => {
    const { page, problems } = await openPage(noScript, `${small.url}/`);
    // From a file: a large buffer would crawl through the DevTools protocol as base64.
    const video = join(tmp.path, 'video.mp4');
    writeFileSync(video, randomBytes(5 * 1024 * 1024));
    await page.setInputFiles('input[type=file]', video);
    expect(await submit(page)).toBe(413);
    expect(await page.textContent('h1')).toBe('File too large');
    expect(await page.textContent('main')).toContain('video.mp4');
    expect(tree(smallInbox)).toEqual([]);
    // The link back leads to a working form.
    await Promise.all([page.waitForNavigation(), page.click('text=Back to the upload page')]);
    expect(await page.textContent('h1')).toBe('Send files');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('submitting the untouched form explains that nothing was chosen', async () => {
    const { page } = await openPage(noScript, `${r.url}/`);
    expect(await submit(page)).toBe(400);
    expect(await page.textContent('h1')).toBe('Nothing to send');
    expect(tree(inbox)).toEqual([]);
    await page.close();
  });

  it('works the same with JavaScript on (the page has none to run)', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${r.url}/`);
    await page.setInputFiles('input[type=file]', [{ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('plain') }]);
    expect(await submit(page)).toBe(200);
    expect(onlySubmission(inbox).files.get('a.txt')?.toString()).toBe('plain');
    expect(problems).toEqual([]);
    await context.close();
  });
});
