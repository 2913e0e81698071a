// The website's Content-Security-Policy as a real browser applies it (Debian's Chromium via playwright-core, plain Node).
// index.html carries an inline script that would set document.title to
// "inline ran", and loads /app.js, which marks the page. The default policy
// (default-src 'self') must stop the first and let the second run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { DEFAULT_WEBSITE_CSP } from '../../../electron/core/website/website-server';
import { makeSite, startSite, stopAll, tempDir } from './helpers';

const tmp = tempDir('website-csp');
let site: string;
let browser: Browser;

beforeAll(async () => {
  site = makeSite(tmp.path);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  await stopAll();
  tmp.remove();
});

async function visit(url: string): Promise<{ title: string; external: string | null; color: string; csp: string | null }> {
  const page = await browser.newPage();
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    return {
      title: await page.title(),
      external: await page.evaluate(() => document.documentElement.dataset.external ?? null),
      color: await page.evaluate(() => getComputedStyle(document.querySelector('h1') as Element).color),
      csp: (await response?.headerValue('content-security-policy')) ?? null,
    };
  } finally {
    await page.close();
  }
}

describe('website CSP in Chromium', () => {
  it("default policy: the inline script does not run; the site's own script and stylesheet do", async () => {
    const server = await startSite({ root: site });
    const seen = await visit(`${server.localUrl}/`);
    expect(seen.csp).toBe(DEFAULT_WEBSITE_CSP);
    expect(seen.title).toBe('original');
    expect(seen.external).toBe('ran');
    expect(seen.color).toBe('rgb(1, 2, 3)');
  });

  it('no CSP (--no-csp): the inline script runs', async () => {
    const server = await startSite({ root: site, csp: null });
    const seen = await visit(`${server.localUrl}/`);
    expect(seen.csp).toBeNull();
    expect(seen.title).toBe('inline ran');
    expect(seen.external).toBe('ran');
  });

  it('a custom policy is sent as given and enforced', async () => {
    const policy = "default-src 'none'; style-src 'self'";
    const server = await startSite({ root: site, csp: policy });
    const seen = await visit(`${server.localUrl}/`);
    expect(seen.csp).toBe(policy);
    expect(seen.title).toBe('original');
    expect(seen.external).toBeNull();
    expect(seen.color).toBe('rgb(1, 2, 3)');
  });

  it("a listing page keeps our own strict policy whatever the site's", async () => {
    const server = await startSite({ root: site, csp: null });
    const page = await browser.newPage();
    const response = await page.goto(`${server.localUrl}/docs/`);
    expect(await response?.headerValue('content-security-policy')).toContain("default-src 'none'");
    expect(await page.textContent('h1')).toBe('docs');
    await page.close();
  });
});
