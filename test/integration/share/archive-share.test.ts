// A multi-file share over real HTTP: listing, single files, the archive route, admission, concurrency (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ArchiveSource } from '../../../electron/core/share/archive-source';
import { buildCatalog, type Catalog } from '../../../electron/core/share/catalog';
import type { ShareServer } from '../../../electron/core/share/share-server';
import { afterStop } from '../../helpers/local';
import { concatArchive, expectSecureHeaders, get, serve, stopAll, tempDir, until, type Reply } from './helpers';

const tmp = tempDir('archive');
const a = randomBytes(1024 * 1024);
const c = randomBytes(2 * 1024 * 1024 + 3);
let catalog: Catalog;
let archive: ArchiveSource;
let expected: Buffer;
let server: ShareServer;

beforeAll(async () => {
  const photos = join(tmp.path, 'photos');
  mkdirSync(join(photos, 'sub'), { recursive: true });
  mkdirSync(join(photos, 'empty'));
  writeFileSync(join(photos, 'a.jpg'), a);
  writeFileSync(join(photos, 'sub', 'b & <b>.txt'), 'bee');
  writeFileSync(join(photos, 'sub', 'c.bin'), c);
  writeFileSync(join(tmp.path, 'notes.md'), '# notes');
  catalog = await buildCatalog([photos, join(tmp.path, 'notes.md')]);
  archive = concatArchive(catalog, 'photos.zip');
  expected = Buffer.concat([a, Buffer.from('bee'), c, Buffer.from('# notes')]);
  ({ server } = await serve({ catalog, archive, title: 'Holiday' }));
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Start a download and hold it open (not reading) until release() is called. */
function heldDownload(s: ShareServer, path: string): { status: Promise<number>; release: () => Promise<Reply> } {
  let release!: () => Promise<Reply>;
  const status = new Promise<number>((resolveStatus) => {
    const req = request({ host: s.host, port: s.port, path, agent: false }, (res) => {
      res.pause();
      resolveStatus(res.statusCode ?? 0);
      release = () =>
        new Promise<Reply>((resolve) => {
          const parts: Buffer[] = [];
          res.on('data', (chunk: Buffer) => parts.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
          res.resume();
        });
    });
    req.end();
  });
  return { status, release: () => release() };
}

describe('share page and listing', () => {
  it('shows the title, totals, a Download all link and every top-level item', async () => {
    const r = await get(server, '/');
    expect(r.status).toBe(200);
    expectSecureHeaders(r.headers);
    const page = r.body.toString();
    expect(page).toContain('<h1>Holiday</h1>');
    expect(page).toContain('4 files in 3 folders');
    expect(page).toContain('<a class="button" href="/download/photos.zip" download>Download all (.zip)</a>');
    expect(page).toContain('href="/files/photos/"><bdi>photos/</bdi></a>');
    expect(page).toContain('href="/files/notes.md"><bdi>notes.md</bdi></a>');
  });

  it('lists a folder with escaped names and links, and redirects a folder without its slash', async () => {
    const r = await get(server, '/files/photos/sub/');
    expect(r.status).toBe(200);
    const page = r.body.toString();
    expect(page).toContain('href="/files/photos/sub/b%20%26%20%3Cb%3E.txt"><bdi>b &#38; &#60;b&#62;.txt</bdi></a>');
    expect(page).toContain('href="/files/photos/">photos</a>');
    const redirect = await get(server, '/files/photos');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/files/photos/');
    expect((await get(server, '/files/photos/empty/')).status).toBe(200);
  });

  it('serves one file of many, with ranges', async () => {
    const r = await get(server, '/files/photos/sub/c.bin');
    expect(r.status).toBe(200);
    expect(r.body.equals(c)).toBe(true);
    expect(r.headers['content-disposition']).toContain("filename*=UTF-8''c.bin");
    const part = await get(server, '/files/photos/sub/c.bin', { Range: 'bytes=5-9' });
    expect(part.status).toBe(206);
    expect(part.body.equals(c.subarray(5, 10))).toBe(true);
    expect((await get(server, '/files/photos/sub/b%20%26%20%3Cb%3E.txt')).body.toString()).toBe('bee');
    expect((await get(server, '/files/photos/nope.txt')).status).toBe(404);
  });
});

describe('archive route', () => {
  it('sends the archive whole or by range, with its ETag, as application/zip', async () => {
    const r = await get(server, '/download/photos.zip');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(r.headers['content-length']).toBe(String(expected.length));
    expect(r.headers.etag).toBe(archive.etag);
    expect(r.headers['content-disposition']).toContain("filename*=UTF-8''photos.zip");
    expect(sha(r.body)).toBe(sha(expected));
    const part = await get(server, '/download/photos.zip', { Range: 'bytes=1048570-1048580' });
    expect(part.status).toBe(206);
    expect(part.body.equals(expected.subarray(1048570, 1048581))).toBe(true);
    expect((await get(server, '/download/photos.zip', { Range: `bytes=${expected.length}-` })).status).toBe(416);
    const head = await get(server, '/download/photos.zip', {}, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(expected.length), 0]);
    expect((await get(server, '/download/other.zip')).status).toBe(404);
  });

  it('50 concurrent downloads all arrive byte-identical', async () => {
    const replies = await Promise.all(Array.from({ length: 50 }, () => get(server, '/download/photos.zip')));
    const want = sha(expected);
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(replies.every((r) => sha(r.body) === want)).toBe(true);
  });

  it('an archive of a file that changed is refused before the first byte, naming it inside the share only', async () => {
    const dir = tempDir('archive-changed');
    mkdirSync(join(dir.path, 'docs'));
    writeFileSync(join(dir.path, 'docs', 'x.txt'), 'x');
    writeFileSync(join(dir.path, 'docs', 'y.txt'), 'y');
    const cat = await buildCatalog([join(dir.path, 'docs')]);
    const { server: s, events } = await serve({ catalog: cat, archive: concatArchive(cat, 'docs.zip') });
    appendFileSync(join(dir.path, 'docs', 'y.txt'), 'changed');
    const r = await get(s, '/download/docs.zip');
    expect(r.status).toBe(410);
    expect(r.body.toString()).toContain('This file changed after it was shared');
    expect(r.body.toString()).toContain('docs/y.txt');
    expect(r.body.toString()).not.toContain(dir.path);
    expect(r.headers['content-disposition']).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'request-refused', reason: 'file-changed', relPath: 'docs/y.txt' });
    await s.close();
    dir.remove();
  });

  it('a source that delivers the wrong number of bytes ends in a truncated transfer', async () => {
    const short: ArchiveSource = { ...archive, name: 'short.zip', stream: () => Readable.from([Buffer.alloc(100)]) };
    const { server: s, events } = await serve({ catalog, archive: short });
    const outcome = await new Promise<{ received: number; complete: boolean }>((resolve) => {
      const req = request({ host: s.host, port: s.port, path: '/download/short.zip', agent: false }, (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        res.on('close', () => resolve({ received, complete: res.complete }));
      });
      req.on('error', () => undefined);
      req.end();
    });
    expect(outcome).toEqual({ received: 100, complete: false });
    await until(() => events.some((e) => e.type === 'download-cancelled'));
    expect(events.find((e) => e.type === 'download-cancelled')).toMatchObject({ reason: 'read-failed', sent: 100 });
    await s.close();
  });

  it('a compressed archive (size unknown) streams without Content-Length and refuses ranges', async () => {
    const compressed: ArchiveSource = { ...archive, name: 'packed.zip', size: null, stream: (range) => archive.stream(range) };
    const { server: s, events } = await serve({ catalog, archive: compressed });
    const r = await get(s, '/download/packed.zip', { Range: 'bytes=0-9' });
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.headers['accept-ranges']).toBe('none');
    expect(sha(r.body)).toBe(sha(expected));
    expect((await get(s, '/')).body.toString()).toContain('size known once compressed');
    await until(() => events.some((e) => e.type === 'download-finished'));
    expect(events.find((e) => e.type === 'download-finished')).toMatchObject({ complete: true });
    await s.close();
  });
});

describe('stop after first download', () => {
  it('one download at a time, "in progress" for others, the end once one completes', async () => {
    const { server: s, events } = await serve({ catalog, archive, stopAfterFirstDownload: true });
    // The listing names the files but does not offer them one by one.
    const page = (await get(s, '/')).body.toString();
    expect(page).toContain('<td><bdi>photos/</bdi></td>');
    expect(page).not.toContain('href="/files/');
    expect((await get(s, '/files/notes.md')).status).toBe(404);

    const first = heldDownload(s, '/download/photos.zip');
    expect(await first.status).toBe(200);
    const busy = await get(s, '/download/photos.zip');
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('60');
    expect(busy.body.toString()).toContain('A download is in progress');
    expectSecureHeaders(busy.headers);
    expect((await get(s, '/')).body.toString()).toContain('Someone is downloading this share right now');
    expect(events.some((e) => e.type === 'request-refused' && e.reason === 'in-progress')).toBe(true);

    const done = await first.release();
    expect(sha(done.body)).toBe(sha(expected));
    await until(() => events.some((e) => e.type === 'download-finished'));
    expect(events.find((e) => e.type === 'download-finished')).toMatchObject({ complete: true });
    const after = await get(s, '/download/photos.zip');
    expect(after.status).toBe(410);
    expect(after.body.toString()).toContain('This share has ended');
    await s.close();
  });

  it('setAcceptingDownloads(false) refuses new downloads and lets the running one finish', async () => {
    const { server: s } = await serve({ catalog, archive });
    const running = heldDownload(s, '/download/photos.zip');
    expect(await running.status).toBe(200);
    s.setAcceptingDownloads(false);
    const refused = await get(s, '/download/photos.zip');
    expect(refused.status).toBe(503);
    expect(refused.body.toString()).toContain('no longer accepts new downloads');
    expect((await get(s, '/files/notes.md')).status).toBe(503);
    expect(sha((await running.release()).body)).toBe(sha(expected));
    s.setAcceptingDownloads(true);
    expect((await get(s, '/files/notes.md')).status).toBe(200);
    await s.close();
  });

  it('a custom admission policy decides', async () => {
    const { server: s } = await serve({ catalog, archive });
    s.setAdmissionPolicy((ctx) => (ctx.what === 'file' ? { admit: false, reason: 'not-accepting' } : { admit: true }));
    expect((await get(s, '/files/notes.md')).status).toBe(503);
    expect((await get(s, '/download/photos.zip')).status).toBe(200);
    await s.close();
  });
});

describe('listing off and closing', () => {
  it('listingEnabled false shows no contents and serves no single files', async () => {
    const { server: s } = await serve({ catalog, archive, listingEnabled: false });
    const page = (await get(s, '/')).body.toString();
    expect(page).not.toContain('notes.md');
    expect(page).toContain('Download all (.zip)');
    expect((await get(s, '/files/notes.md')).status).toBe(404);
    await s.close();
  });

  it('close() cuts running downloads, reports them, and frees the port', async () => {
    const { server: s, events } = await serve({ catalog, archive });
    const running = heldDownload(s, '/download/photos.zip');
    expect(await running.status).toBe(200);
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    await until(() => events.some((e) => e.type === 'download-cancelled'));
    expect(events.find((e) => e.type === 'download-cancelled')).toMatchObject({ reason: 'server-closed' });
    const after = await afterStop(() => get(s, '/files/photos/a.jpg'));
    if (after !== null) expect(after.body.equals(a)).toBe(false);
  });
});
