// The CLI speaks the locale's language (LANG=de_DE.UTF-8: German, LANG=fa_IR.UTF-8:
// Persian), and the pages visitors see speak the share's language (--language,
// default the CLI's): the built CLI run as a user would, with --local-only so
// no tor is needed, its pages fetched over real HTTP (plain Node). The pages
// carry no JavaScript at all, so what a fetch reads is what a visitor with
// JavaScript turned off sees.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { translatorFor } from '../../../i18n/messages';

const CLI = resolve(__dirname, '../../../dist/cli.cjs');
let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-cli-language-'));
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  mkdirSync(join(dir, 'site'));
  writeFileSync(join(dir, 'site', 'index.html'), '<p>site</p>');
  mkdirSync(join(dir, 'inbox'));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the CLI and resolves once it printed the local address, with everything it printed by then. */
function serve(args: string[], lang: string): Promise<{ url: string; out: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, 'home'), XDG_DATA_HOME: join(dir, 'data'), ONIONDROP_ROOT: join(dir, 'root'), LANG: lang },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((done, fail) => {
    const look = (d: Buffer): void => {
      out += d.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\S*/.exec(out)?.[0];
      // The ready lines follow the address: wait for the line that says how to stop.
      if (url !== undefined && /Ctrl-C|Strg-C/.test(out)) done({ url, out });
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => fail(new Error(`the CLI ended (${code}) before it was ready:\n${out}`)));
  });
}

describe('the CLI in the locale language', () => {
  it.each([
    ['de_DE.UTF-8', 'de', 'ltr'],
    ['fa_IR.UTF-8', 'fa', 'rtl'],
  ])('LANG=%s oniondrop share --local-only FILE speaks %s, and so do its pages', async (locale, lang, dir_) => {
    const { url, out } = await serve(['share', '--local-only', join(dir, 'notes.txt')], locale);
    const tr = translatorFor(lang);
    const en = translatorFor('en');
    expect(tr.lang).toBe(lang);
    expect(out).toContain(tr.t('cli.share.stopsAfterFirst'));
    expect(out).not.toContain(en.t('cli.share.stopsAfterFirst'));
    // No bidi isolate marks in a terminal: they would be copied with the address.
    expect(out).not.toMatch(/[\u2066-\u2069]/);
    const page = await (await fetch(url)).text();
    expect(page).toContain(`<html lang="${lang}" dir="${dir_}">`);
    expect(page).toContain(tr.t('pages.footer'));
    expect(page).not.toContain(en.t('pages.footer'));
  });
});

describe("the visitors' pages in the share's language", () => {
  it.each([
    ['share', ['share', '--local-only', '--language', 'fa', '@notes.txt']],
    ['receive', ['receive', '--local-only', '--language', 'fa', '--dir', '@inbox']],
    ['website', ['website', '--local-only', '--language', 'fa', '@site']],
  ])('%s: --language fa gives Persian pages, right to left, while the terminal stays German', async (mode, args) => {
    const { url, out } = await serve(
      args.map((a) => (a.startsWith('@') ? join(dir, a.slice(1)) : a)),
      'de_DE.UTF-8',
    );
    const fa = translatorFor('fa');
    expect(out).toContain('Strg-C');
    // The website serves its own index.html; a missing page is OnionDrop's own, in the share's language.
    const page = await (await fetch(mode === 'website' ? new URL('/no-such-page', url) : url)).text();
    expect(page).toContain('<html lang="fa" dir="rtl">');
    expect(page).toContain(fa.t('pages.footer'));
    if (mode === 'receive') expect(page).toContain(fa.t('pages.receive.files'));
  });

  it('--language refuses a language OnionDrop does not ship, naming those it does', async () => {
    const child = spawn(process.execPath, [CLI, 'share', '--local-only', '--language', 'xx', join(dir, 'notes.txt')], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, 'home'), ONIONDROP_ROOT: join(dir, 'root'), LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).not.toBe(0);
    expect(out).toContain('--language xx');
    expect(out).toContain('en, de, es, ru, zh-CN, fa');
  });
});
