// A single-file share over real HTTP: page, download, ranges, validators, HEAD, changed files (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from '../../../electron/core/share/catalog';
import type { ShareServer } from '../../../electron/core/share/share-server';
import type { ShareServerEvent } from '../../../electron/core/share/events';
import { expectSecureHeaders, get, serve, stopAll, tempDir, until } from './helpers';

const tmp = tempDir('single');
const NAME = 'Übersicht "Q1" <2024>.bin';
const content = randomBytes(3 * 1024 * 1024 + 17);
let server: ShareServer;
let events: ShareServerEvent[];

beforeAll(async () => {
  writeFileSync(join(tmp.path, NAME), content);
  ({ server, events } = await serve({ catalog: await buildCatalog([join(tmp.path, NAME)]), title: 'Quarterly <numbers>' }));
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

describe('share page', () => {
  it('shows the title, file name and size, and links the download; no scripts', async () => {
    const r = await get(server, '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    expectSecureHeaders(r.headers);
    const page = r.body.toString();
    expect(page).toContain('<title>Quarterly &#60;numbers&#62;</title>');
    expect(page).toContain('Übersicht &#34;Q1&#34; &#60;2024&#62;.bin');
    // 3 MiB, in the catalogue's decimal units (as the app shows sizes).
    expect(page).toContain('3.1 MB');
    expect(page).toContain(`href="${server.downloadPath}"`);
    expect(page).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
    expect(server.downloadPath).toBe('/download/%C3%9Cbersicht%20%22Q1%22%20%3C2024%3E.bin');
  });

  it('the inline stylesheet is exactly the one the CSP allows, so it applies', async () => {
    const r = await get(server, '/');
    const css = /<style>([\s\S]*?)<\/style>/.exec(r.body.toString())?.[1] ?? '';
    const hash = createHash('sha256').update(css).digest('base64');
    expect(r.headers['content-security-policy']).toContain(`style-src 'sha256-${hash}'`);
  });
});

describe('download', () => {
  it('sends the file with length, validators and an attachment name in both forms', async () => {
    const r = await get(server, server.downloadPath);
    expect(r.status).toBe(200);
    expect(r.body.equals(content)).toBe(true);
    expect(r.headers['content-length']).toBe(String(content.length));
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(r.headers['last-modified']).toMatch(/GMT$/);
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="Ubersicht _Q1_ <2024>.bin"; filename*=UTF-8''%C3%9Cbersicht%20%22Q1%22%20%3C2024%3E.bin`,
    );
    expect(r.headers.date).toBeUndefined();
    expectSecureHeaders(r.headers);
  });

  it('answers single ranges with 206 and the exact bytes', async () => {
    const size = content.length;
    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['bytes=100-199', 100, 199],
      ['bytes=-10', size - 10, size - 1],
      [`bytes=${size - 5}-`, size - 5, size - 1],
      [`bytes=1000-${size * 2}`, 1000, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const r = await get(server, server.downloadPath, { Range: range });
      expect(r.status, range).toBe(206);
      expect(r.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
      expect(r.headers['content-length']).toBe(String(end - start + 1));
      expect(r.body.equals(content.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('416 with the size for unsatisfiable and multiple ranges', async () => {
    for (const range of [`bytes=${content.length}-`, 'bytes=-0', 'bytes=0-1,5-9', 'bytes=0-1, 3-4, 9-10']) {
      const r = await get(server, server.downloadPath, { Range: range });
      expect(r.status, range).toBe(416);
      expect(r.headers['content-range']).toBe(`bytes */${content.length}`);
      expect(r.body.toString()).toContain('Range not satisfiable');
      expectSecureHeaders(r.headers);
    }
  });

  it('ignores a malformed Range and sends everything', async () => {
    for (const range of ['bytes=5-1', 'bytes=x-y', 'bytes=--1', 'pages=1-2', 'bytes 0-10']) {
      const r = await get(server, server.downloadPath, { Range: range });
      expect(r.status, range).toBe(200);
      expect(r.body.equals(content)).toBe(true);
    }
  });

  it('If-Range: the current ETag or date resumes, anything else restarts with the whole file', async () => {
    const full = await get(server, server.downloadPath, {}, 'HEAD');
    const etag = String(full.headers.etag);
    const date = String(full.headers['last-modified']);
    const resume = (ifRange: string) => get(server, server.downloadPath, { Range: 'bytes=1000-', 'If-Range': ifRange });
    expect((await resume(etag)).status).toBe(206);
    expect((await resume(date)).status).toBe(206);
    const stale = await resume('"something-else"');
    expect(stale.status).toBe(200);
    expect(stale.body.equals(content)).toBe(true);
    expect((await resume(`W/${etag}`)).status).toBe(200);
    expect((await resume('Thu, 01 Jan 1970 00:00:00 GMT')).status).toBe(200);
  });

  it('HEAD gives the GET headers without a body, and ignores Range', async () => {
    const r = await get(server, server.downloadPath, {}, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(0);
    expect(r.headers['content-length']).toBe(String(content.length));
    expect(r.headers['accept-ranges']).toBe('bytes');
    const ranged = await get(server, server.downloadPath, { Range: 'bytes=0-9' }, 'HEAD');
    expect(ranged.status).toBe(200);
    const page = await get(server, '/', {}, 'HEAD');
    expect(page.status).toBe(200);
    expect(Number(page.headers['content-length'])).toBeGreaterThan(100);
    expect(page.body.length).toBe(0);
  });

  it('the same validators come back after a restart (persistent share)', async () => {
    const before = await get(server, server.downloadPath, {}, 'HEAD');
    const { server: again } = await serve({ catalog: await buildCatalog([join(tmp.path, NAME)]) });
    expect(again.port).not.toBe(server.port);
    const after = await get(again, again.downloadPath, {}, 'HEAD');
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(after.headers['last-modified']).toBe(before.headers['last-modified']);
    await again.close();
  });

  it('reports a finished, complete download', async () => {
    events.length = 0;
    await get(server, server.downloadPath);
    await until(() => events.some((e) => e.type === 'download-finished'));
    expect(events[0]).toMatchObject({ type: 'download-started', what: 'file', wholeShare: true, total: content.length, rangeStart: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'download-finished', complete: true, sent: content.length });
  });
});

describe('a file that changes after it was shared', () => {
  it('is refused with a clear page before the first byte', async () => {
    const dir = tempDir('changed');
    const p = join(dir.path, 'notes.txt');
    writeFileSync(p, 'version 1');
    const { server: s, events: ev } = await serve({ catalog: await buildCatalog([p]) });
    expect((await get(s, s.downloadPath)).status).toBe(200);
    appendFileSync(p, ' and more');
    const r = await get(s, s.downloadPath);
    expect(r.status).toBe(410);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body.toString()).toContain('This file changed after it was shared');
    expect(r.body.toString()).not.toContain(dir.path);
    expectSecureHeaders(r.headers);
    expect(ev.at(-1)).toMatchObject({ type: 'request-refused', reason: 'file-changed', relPath: 'notes.txt' });
    await s.close();
    dir.remove();
  });

  it('is cut off mid-transfer: the client sees a truncated download, never a complete wrong one', async () => {
    const dir = tempDir('midstream');
    const p = join(dir.path, 'big.bin');
    writeFileSync(p, randomBytes(32 * 1024 * 1024));
    const { server: s, events: ev } = await serve({ catalog: await buildCatalog([p]) });
    const outcome = await new Promise<{ received: number; expected: number; aborted: boolean }>((resolve) => {
      const req = request({ host: s.host, port: s.port, path: s.downloadPath, agent: false }, (res) => {
        let received = 0;
        let modified = false;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (!modified) {
            modified = true;
            res.pause();
            writeFileSync(p, randomBytes(32 * 1024 * 1024));
            setTimeout(() => res.resume(), 50);
          }
        });
        const done = (aborted: boolean) => resolve({ received, expected: Number(res.headers['content-length']), aborted });
        res.on('end', () => done(res.complete === false));
        res.on('error', () => done(true));
        res.on('aborted', () => done(true));
      });
      req.on('error', () => undefined);
      req.end();
    });
    expect(outcome.aborted).toBe(true);
    expect(outcome.received).toBeLessThan(outcome.expected);
    await until(() => ev.some((e) => e.type === 'download-cancelled'));
    expect(ev.find((e) => e.type === 'download-cancelled')).toMatchObject({ reason: 'file-changed' });
    expect(ev.some((e) => e.type === 'download-finished')).toBe(false);
    await s.close();
    dir.remove();
  });
});

describe('an empty file', () => {
  it('downloads as zero bytes; any range is unsatisfiable', async () => {
    const dir = tempDir('empty');
    const p = join(dir.path, 'empty.txt');
    writeFileSync(p, '');
    const { server: s } = await serve({ catalog: await buildCatalog([p]) });
    const r = await get(s, s.downloadPath);
    expect([r.status, r.headers['content-length'], r.body.length]).toEqual([200, '0', 0]);
    expect((await get(s, s.downloadPath, { Range: 'bytes=0-' })).status).toBe(416);
    await s.close();
    dir.remove();
  });
});

describe('a download counts as finished only once the client has read it', () => {
  it('bytes left unread in socket buffers when the client resets do not count', async () => {
    const dir = tempDir('unread');
    const p = join(dir.path, 'small.bin');
    writeFileSync(p, randomBytes(16 * 1024));
    const { server: s, events: ev } = await serve({ catalog: await buildCatalog([p]) });
    const socket = connect({ host: '127.0.0.1', port: s.port });
    socket.on('error', () => undefined);
    socket.pause();
    socket.write(`GET ${s.downloadPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    // 16 KiB fit in the loopback buffers: the server has written everything.
    await new Promise((r) => setTimeout(r, 300));
    socket.destroy();
    await until(() => ev.some((e) => e.type === 'download-cancelled' || e.type === 'download-finished'));
    expect(ev.find((e) => e.type === 'download-cancelled')).toMatchObject({ reason: 'client-gone', sent: 16 * 1024 });
    expect(ev.some((e) => e.type === 'download-finished')).toBe(false);
    await s.close();
    dir.remove();
  });

  it('a client that read everything and keeps the connection open is counted when it idles out', async () => {
    const dir = tempDir('keepalive');
    const p = join(dir.path, 'small.bin');
    writeFileSync(p, randomBytes(16 * 1024));
    const { server: s, events: ev } = await serve({ catalog: await buildCatalog([p]), limits: { keepAliveTimeoutMs: 500 } });
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve) => {
      request({ host: s.host, port: s.port, path: s.downloadPath, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      }).end();
    });
    expect(ev.some((e) => e.type === 'download-finished')).toBe(false);
    await until(() => ev.some((e) => e.type === 'download-finished'));
    expect(ev.find((e) => e.type === 'download-finished')).toMatchObject({ complete: true });
    agent.destroy();
    await s.close();
    dir.remove();
  });
});
