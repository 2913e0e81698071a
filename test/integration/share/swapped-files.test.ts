// A shared file swapped or edited while a download runs, over real HTTP: every route cuts the response off rather
// than send a file from outside the share or a page of mixed bytes (issue 13.2; plain Node).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, openSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createArchiveSource } from '../../../electron/core/archive';
import { buildCatalog } from '../../../electron/core/share/catalog';
import { startWebsiteServer, type WebsiteServer } from '../../../electron/core/website/website-server';
import { get, serve, stopAll, tempDir, until } from './helpers';

const tmp = tempDir('swaps');
const websites: WebsiteServer[] = [];
afterAll(async () => {
  await stopAll();
  await Promise.all(websites.map((w) => w.close()));
  tmp.remove();
});

const MiB = 1024 * 1024;
/** Whole seconds, so a stand-in file can be given exactly the same mtime. */
const T = new Date('2026-01-01T00:00:00Z');
const MARK = Buffer.from('SECRET-OUTSIDE-THE-SHARE;');

function filled(size: number, byte: number): Buffer {
  return Buffer.alloc(size, byte);
}

function write(path: string, data: Buffer): void {
  writeFileSync(path, data);
  utimesSync(path, T, T);
}

/**
 * A client that reads the first bytes of a response and then stops reading,
 * so the server is held inside the response; `resume` reads the rest until
 * the server ends or cuts the connection.
 */
async function slowClient(port: number, path: string): Promise<{ resume(): Promise<{ head: string; body: Buffer }> }> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  const parts: Buffer[] = [];
  let received = 0;
  let holding = true;
  socket.on('data', (c: Buffer) => {
    parts.push(c);
    received += c.length;
    if (holding && received > 64 * 1024) socket.pause();
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  await until(() => received > 64 * 1024);
  return {
    resume: async () => {
      holding = false;
      socket.resume();
      await closed;
      const all = Buffer.concat(parts);
      const end = all.indexOf('\r\n\r\n');
      return { head: all.subarray(0, end).toString('latin1'), body: all.subarray(end + 4) };
    },
  };
}

describe('a zip download', () => {
  it('is cut off, not completed with a file from outside, when a file is swapped for a symlink of the same size and mtime', async () => {
    const root = join(tmp.path, 'zip-share');
    const outside = join(tmp.path, 'zip-outside');
    mkdirSync(root);
    mkdirSync(outside);
    // The first file is large, so the server is still sending it while the second is swapped.
    write(join(root, 'first.bin'), filled(32 * MiB, 0x61));
    write(join(root, 'second.bin'), filled(600 * 1024, 0x62));
    const secret = Buffer.concat(Array.from({ length: Math.ceil((600 * 1024) / MARK.length) }, () => MARK)).subarray(0, 600 * 1024);
    write(join(outside, 'secret'), secret);

    const catalog = await buildCatalog([root]);
    const archive = createArchiveSource(catalog, { name: 'share.zip', compress: false });
    const { server, events } = await serve({ catalog, archive });
    const client = await slowClient(server.port, '/download/share.zip');

    rmSync(join(root, 'second.bin'));
    symlinkSync(join(outside, 'secret'), join(root, 'second.bin'));
    expect(statSync(join(root, 'second.bin'))).toMatchObject({ size: secret.length, mtimeMs: T.getTime() });

    const { head, body } = await client.resume();
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(body.length).toBeLessThan(archive.size as number);
    expect(body.includes(MARK)).toBe(false);
    await until(() => events.some((e) => e.type === 'download-cancelled'));
    expect(events.find((e) => e.type === 'download-cancelled')).toMatchObject({ reason: 'file-changed' });
  }, 60_000);
});

describe('a single file', () => {
  it('swapped for a symlink of the same size and mtime is refused with 410 and the outside file is never sent', async () => {
    const root = join(tmp.path, 'single');
    mkdirSync(root);
    const file = join(root, 'only.bin');
    write(file, filled(100_000, 0x63));
    write(join(tmp.path, 'single-secret'), Buffer.concat(Array.from({ length: 4000 }, () => MARK)).subarray(0, 100_000));
    const catalog = await buildCatalog([file]);
    const { server } = await serve({ catalog });
    rmSync(file);
    symlinkSync(join(tmp.path, 'single-secret'), file);
    const r = await get(server, '/download/only.bin');
    expect(r.status).toBe(410);
    expect(r.body.includes(MARK)).toBe(false);
  });
});

describe('a website page', () => {
  it('edited in place while it is sent is cut off, never delivered complete with mixed bytes', async () => {
    const site = join(tmp.path, 'site');
    mkdirSync(site);
    const page = join(site, 'big.html');
    const size = 32 * MiB;
    write(page, filled(size, 0x61));
    const w = await startWebsiteServer({ host: '127.0.0.1', root: site });
    websites.push(w);
    const client = await slowClient(w.port, '/big.html');

    // An editor saving in place: same inode, same length, new bytes.
    const fd = openSync(page, 'r+');
    writeSync(fd, filled(size, 0x7a), 0, size, 0);
    closeSync(fd);

    const { head, body } = await client.resume();
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    const complete = body.length === size;
    const mixed = body.includes(0x61) && body.includes(0x7a);
    expect({ complete, mixed: complete && mixed }).toEqual({ complete: false, mixed: false });
    // The next request gets the edited page, whole.
    const again = await new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      const s = connect({ host: '127.0.0.1', port: w.port });
      s.on('data', (c: Buffer) => parts.push(c));
      s.on('close', () => {
        const all = Buffer.concat(parts);
        resolve(all.subarray(all.indexOf('\r\n\r\n') + 4));
      });
      s.write('GET /big.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    });
    expect(again.length).toBe(size);
    expect(again.includes(0x61)).toBe(false);
  }, 60_000);
});
