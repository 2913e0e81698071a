// Website mode over real HTTP: index pages, listings, symlinks, content types, ranges, edits (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebsiteServer } from '../../../electron/core/website/website-server';
import { get, INDEX_HTML, makeSite, SECRET, startSite, stopAll, tempDir } from './helpers';

const tmp = tempDir('website');
let site: string;
let server: WebsiteServer;
let unlisted: WebsiteServer;

beforeAll(async () => {
  site = makeSite(tmp.path);
  server = await startSite({ root: site, rescanAfterMs: 0 });
  unlisted = await startSite({ root: site, directoryListing: false });
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

describe('pages and folders', () => {
  it('/ serves index.html with the default strict CSP and the other security headers', async () => {
    const r = await get(server, '/');
    expect(r.status).toBe(200);
    expect(r.text).toBe(INDEX_HTML);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe("default-src 'self'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers.date).toBeUndefined();
  });

  it('a subfolder serves its index.html; without the slash it redirects so relative links work', async () => {
    expect((await get(server, '/sub/')).text).toContain('sub index');
    expect((await get(server, '/sub/page.html')).text).toContain('sub page');
    const redirect = await get(server, '/sub');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/sub/');
  });

  it('a folder without index.html gets a plain listing with links, under our own page CSP', async () => {
    const r = await get(server, '/docs/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('href="/docs/a.txt"');
    expect(r.text).toContain('href="/docs/deeper/"');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await get(server, '/docs/deeper/')).text).toContain('href="/docs/deeper/b.txt"');
  });

  it('with listings off, such a folder is 404 and pages still work', async () => {
    expect((await get(unlisted, '/docs/')).status).toBe(404);
    expect((await get(unlisted, '/docs/deeper/')).status).toBe(404);
    expect((await get(unlisted, '/docs/a.txt')).text).toBe('doc a');
    expect((await get(unlisted, '/')).status).toBe(200);
  });

  it('missing pages are 404', async () => {
    expect((await get(server, '/nope.html')).status).toBe(404);
    expect((await get(server, '/sub/nope/')).status).toBe(404);
    expect((await get(server, '/notes.txt/')).status).toBe(404);
  });
});

describe('dotfiles', () => {
  /** A working copy's secrets, as hostile testing found them served (issue 13.6). */
  function addDotfiles(root: string): void {
    mkdirSync(join(root, '.git', 'refs'), { recursive: true });
    writeFileSync(join(root, '.git', 'config'), '[remote "origin"]\n\turl = https://user:token@example.invalid/repo\n');
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(root, '.htpasswd'), 'admin:$apr1$hash');
    writeFileSync(join(root, '.env'), 'SECRET_KEY=abc');
    mkdirSync(join(root, '.well-known'), { recursive: true });
    writeFileSync(join(root, '.well-known', 'security.txt'), 'Contact: mailto:a@example.invalid');
    mkdirSync(join(root, 'docs', '.private'), { recursive: true });
    writeFileSync(join(root, 'docs', '.private', 'notes.txt'), 'private notes');
  }

  it('are not served and not listed unless the sharer turns them on; .git never is', async () => {
    addDotfiles(site);
    for (const path of ['/.git/config', '/.git/HEAD', '/.git/', '/.htpasswd', '/.env', '/.well-known/security.txt', '/docs/.private/notes.txt']) {
      const r = await get(server, path);
      expect(r.status, path).toBe(404);
      expect(r.text).not.toMatch(/token|apr1|SECRET_KEY|private notes/);
    }
    const listing = (await get(server, '/docs/')).text;
    expect(listing).toContain('a.txt');
    expect(listing).not.toContain('.private');

    const open = await startSite({ root: site, serveDotfiles: true });
    expect((await get(open, '/.htpasswd')).status).toBe(200);
    expect((await get(open, '/.well-known/security.txt')).text).toContain('Contact');
    expect((await get(open, '/docs/')).text).toContain('.private');
    for (const path of ['/.git/config', '/.git/HEAD', '/.git/']) expect((await get(open, path)).status, path).toBe(404);
    expect((await get(open, '/')).status).toBe(200);
  });

  it('.git as a file (a worktree or submodule pointing elsewhere) is never served either', async () => {
    const other = join(tmp.path, 'worktree-site');
    mkdirSync(other);
    writeFileSync(join(other, 'index.html'), '<title>w</title>');
    writeFileSync(join(other, '.git'), 'gitdir: /home/someone/secret-project/.git/worktrees/site\n');
    const open = await startSite({ root: other, serveDotfiles: true });
    const r = await get(open, '/.git');
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('secret-project');
  });
});

describe('symlinks and traversal', () => {
  it('a symlink out of the folder is not served and not listed', async () => {
    for (const path of ['/link-out.html', '/docs/out.txt']) {
      const r = await get(server, path);
      expect(r.status, path).toBe(404);
      expect(r.text).not.toContain(SECRET);
    }
    expect((await get(server, '/docs/')).text).not.toContain('out.txt');
  });

  it('a symlink to a file inside the folder is served; one to a folder is not', async () => {
    expect((await get(server, '/link-in.html')).text).toBe(INDEX_HTML);
    expect((await get(server, '/dirlink/')).status).toBe(404);
    expect((await get(server, '/dirlink/page.html')).status).toBe(404);
  });

  it('traversal in any encoding is refused without reaching the disk', async () => {
    for (const path of ['/../outside/secret.txt', '/%2e%2e/outside/secret.txt', '/sub/..%2f..%2foutside%2fsecret.txt', '/..\\outside\\secret.txt', '/%c0%ae%c0%ae/outside/secret.txt']) {
      const r = await get(server, path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
      expect(r.text).not.toContain(SECRET);
    }
  });

  it('only GET and HEAD, only our own host names', async () => {
    const post = await get(server, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await get(server, '/', { Host: 'rebind.example' })).status).toBe(421);
  });
});

describe('content types', () => {
  it.each([
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/mod.mjs', 'text/javascript; charset=utf-8'],
    ['/style.css', 'text/css; charset=utf-8'],
    ['/logo.svg', 'image/svg+xml'],
    ['/img.png', 'image/png'],
    ['/photo.jpg', 'image/jpeg'],
    ['/pic.webp', 'image/webp'],
    ['/font.woff2', 'font/woff2'],
    ['/data.json', 'application/json'],
    ['/notes.txt', 'text/plain; charset=utf-8'],
    ['/mod.wasm', 'application/wasm'],
    ['/blob.xyz', 'application/octet-stream'],
  ])('%s is %s, with nosniff', async (path, type) => {
    const r = await get(server, path);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('HEAD, ranges and validators', () => {
  it('HEAD describes the file without sending it', async () => {
    const r = await get(server, '/notes.txt', {}, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe('20');
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.body.length).toBe(0);
  });

  it('serves a byte range, a suffix range, and refuses one past the end', async () => {
    const part = await get(server, '/notes.txt', { Range: 'bytes=2-5' });
    expect(part.status).toBe(206);
    expect(part.text).toBe('2345');
    expect(part.headers['content-range']).toBe('bytes 2-5/20');
    const tail = await get(server, '/notes.txt', { Range: 'bytes=-3' });
    expect(tail.text).toBe('hij');
    const past = await get(server, '/notes.txt', { Range: 'bytes=50-60' });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe('bytes */20');
  });

  it('sends ETag and Last-Modified, and 304 for a matching If-None-Match', async () => {
    const r = await get(server, '/style.css');
    const etag = String(r.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(Date.parse(String(r.headers['last-modified']))).toBe(Math.floor(statSync(join(site, 'style.css')).mtimeMs / 1000) * 1000);
    const again = await get(server, '/style.css', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const stale = await get(server, '/notes.txt', { Range: 'bytes=0-1', 'If-Range': '"stale"' });
    expect(stale.status).toBe(200);
    expect(stale.text).toBe('0123456789abcdefghij');
  });
});

describe('a site that is edited while shared', () => {
  it('serves the current content of a file edited in place, length and all', async () => {
    const path = join(site, 'growing.txt');
    writeFileSync(path, 'v1');
    expect((await get(server, '/growing.txt')).text).toBe('v1');
    appendFileSync(path, ' and more');
    const r = await get(server, '/growing.txt');
    expect(r.text).toBe('v1 and more');
    expect(r.headers['content-length']).toBe('11');
  });

  it('serves a file an editor replaced (write elsewhere, rename over)', async () => {
    const path = join(site, 'replaced.html');
    writeFileSync(path, 'old page');
    expect((await get(server, '/replaced.html')).text).toBe('old page');
    writeFileSync(join(site, '.replaced.tmp'), 'new page');
    renameSync(join(site, '.replaced.tmp'), path);
    expect((await get(server, '/replaced.html')).text).toBe('new page');
  });

  it('serves new files, and stops serving deleted ones', async () => {
    writeFileSync(join(site, 'added.html'), 'added later');
    expect((await get(server, '/added.html')).text).toBe('added later');
    rmSync(join(site, 'added.html'));
    expect((await get(server, '/added.html')).status).toBe(404);
  });

  it('a file swapped for a symlink out of the folder is not followed', async () => {
    const path = join(site, 'swapped.txt');
    writeFileSync(path, 'harmless');
    expect((await get(server, '/swapped.txt')).text).toBe('harmless');
    rmSync(path);
    symlinkSync(join(tmp.path, 'outside', 'secret.txt'), path);
    const r = await get(server, '/swapped.txt');
    expect(r.status).toBe(404);
    expect(r.text).not.toContain(SECRET);
  });

  it('between walks, a replaced file is noticed by its identity and a swapped-in symlink by O_NOFOLLOW', async () => {
    writeFileSync(join(site, 'slow-a.txt'), 'before');
    writeFileSync(join(site, 'slow-b.txt'), 'harmless');
    // A catalog kept for a minute: only the checks at open time can notice.
    const slow = await startSite({ root: site, rescanAfterMs: 60_000 });
    expect((await get(slow, '/slow-a.txt')).text).toBe('before');
    writeFileSync(join(site, '.slow-a.tmp'), 'after');
    renameSync(join(site, '.slow-a.tmp'), join(site, 'slow-a.txt'));
    expect((await get(slow, '/slow-a.txt')).text).toBe('after');
    rmSync(join(site, 'slow-b.txt'));
    symlinkSync(join(tmp.path, 'outside', 'secret.txt'), join(site, 'slow-b.txt'));
    const r = await get(slow, '/slow-b.txt');
    expect(r.status).toBe(404);
    expect(r.text).not.toContain(SECRET);
  });

  it('after the server stops taking requests, new ones get a closing page', async () => {
    const s = await startSite({ root: site });
    s.setAccepting(false);
    expect((await get(s, '/')).status).toBe(503);
  });
});
