// The app:// handler (plain Node) over real files: it serves the renderer
// folder and nothing beside it, whatever the escaping, always with the
// renderer's CSP and nosniff (Electron checklist items 7 and 18).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererFileFor, serveRenderer } from '../../../electron/app-protocol';
import { RENDERER_CSP } from '../../../electron/renderer-csp';

let base: string;
let dir: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'oniondrop-app-protocol-'));
  dir = join(base, 'dist-renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>OnionDrop</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'font.bin'), 'binary');
  // What a traversal would reach: a file beside the folder, and a folder
  // whose name starts like it (a prefix check without the separator lets it through).
  writeFileSync(join(base, 'secret.txt'), 'private key');
  mkdirSync(join(base, 'dist-renderer-old'));
  writeFileSync(join(base, 'dist-renderer-old', 'secret.txt'), 'private key');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (path: string): Promise<Response> => serveRenderer(new Request(`app://oniondrop${path}`), dir);

function expectHeaders(res: Response): void {
  expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('the app:// handler', () => {
  it('serves the page at / and /index.html, and assets with their types', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<title>OnionDrop</title>');
      expectHeaders(res);
    }
    const js = await get('/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expectHeaders(js);
    // Unknown types are not guessed (and nosniff keeps the browser from guessing).
    expect((await get('/assets/font.bin')).headers.get('content-type')).toBe('application/octet-stream');
  });

  it.each([
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%2e%2e/dist-renderer-old/secret.txt',
    '/..%2Fdist-renderer-old%2Fsecret.txt',
    '/%2fetc%2fpasswd',
  ])('answers 404 to the traversal %s, with the same headers', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('private key');
    expectHeaders(res);
  });

  it('treats a double-escaped traversal as the odd name it is (404)', async () => {
    expect((await get('/%252e%252e/secret.txt')).status).toBe(404);
  });

  it.each([
    ['a malformed escape', 'app://oniondrop/%E0%A4%A'],
    ['a lone percent sign', 'app://oniondrop/%'],
    ['a NUL byte', 'app://oniondrop/index.html%00.png'],
    ['a folder', 'app://oniondrop/assets'],
    ['a missing file', 'app://oniondrop/missing.js'],
    ['another host', 'app://evil/index.html'],
    ['a host that starts like ours', 'app://oniondrop.evil/index.html'],
  ])('answers 404 to %s, without throwing', async (_what, url) => {
    const res = await serveRenderer(new Request(url), dir);
    expect(res.status).toBe(404);
    expectHeaders(res);
  });

  it('names files only inside the folder, and nothing for another scheme', () => {
    expect(rendererFileFor('app://oniondrop/assets/app.js', dir)).toBe(join(dir, 'assets', 'app.js'));
    expect(rendererFileFor('app://oniondrop/', dir)).toBe(join(dir, 'index.html'));
    expect(rendererFileFor('file:///etc/passwd', dir)).toBeNull();
    expect(rendererFileFor('https://oniondrop/index.html', dir)).toBeNull();
    expect(rendererFileFor('app://oniondrop/..%2f', dir)).toBeNull();
    expect(rendererFileFor('app://oniondrop/index.html%00.png', dir)).toBeNull();
  });
});
