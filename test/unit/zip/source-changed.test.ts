// Unit tests: a changed shared file stops the zip instead of corrupting it; no fd leaks (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { FileChangedError } from '../../../electron/core/files/errors';
import { CrcCache, planZip, type ZipPlan } from '../../../electron/core/share/zip';
import { openPaths } from '../../helpers/local';
import { collect, createDeflatedZipStream, createZipRangeStream, pseudoRandomBytes, tempDir, walkEntries, writeTree } from './fixtures';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function setup(files: Record<string, string | Buffer>): { root: string; plan: ZipPlan } {
  const d = tempDir('zip-changed');
  dirs.push(d);
  // Whole seconds, so a test can give another file exactly the same mtime.
  writeTree(d.path, files, new Date('2026-01-01T00:00:00Z'));
  return { root: d.path, plan: planZip(walkEntries(d.path)) };
}

const whole = (plan: ZipPlan, chunkSize = 64 * 1024): Readable =>
  createZipRangeStream(plan, 0, plan.size - 1, new CrcCache(), { chunkSize });

async function failure(stream: Readable): Promise<unknown> {
  try {
    await collect(stream);
  } catch (err) {
    return err;
  }
  return null;
}


describe('changed sources', () => {
  it('a file that grew since planning stops the stream with the sizes involved', async () => {
    const { root, plan } = setup({ 'a.txt': 'hello', 'b.txt': 'world' });
    const path = join(root, 'b.txt');
    const mtime = statSync(path).mtime;
    appendFileSync(path, '!!');
    utimesSync(path, mtime, mtime); // same mtime: only the size tells
    const err = await failure(whole(plan));
    expect(err).toBeInstanceOf(FileChangedError);
    expect(err).toMatchObject({ kind: 'file-changed', relPath: 'b.txt', expected: { size: 5 }, actual: { size: 7 } });
  });

  it('a file whose mtime changed is refused even with the same size', async () => {
    const { root, plan } = setup({ 'a.txt': 'hello' });
    const path = join(root, 'a.txt');
    utimesSync(path, new Date('2001-01-01T00:00:00Z'), new Date('2001-01-01T00:00:00Z'));
    const err = await failure(whole(plan));
    expect(err).toMatchObject({ kind: 'file-changed', actual: { size: 5, mtimeMs: Date.UTC(2001, 0, 1) } });
  });

  // Issue 13.2: the zip followed a symlink put in a file's place if size and mtime matched.
  for (const size of [100, 600 * 1024]) {
    const path = size > 256 * 1024 ? 'the streamed path' : 'the small-file read-ahead';
    it(`a file swapped for a symlink with the same size and mtime is refused (${path})`, async () => {
      const outside = tempDir('zip-outside');
      dirs.push(outside);
      const secret = join(outside.path, 'secret');
      writeFileSync(secret, pseudoRandomBytes(size, 9));
      const { root, plan } = setup({ 'a.bin': pseudoRandomBytes(size, 8) });
      const shared = join(root, 'a.bin');
      const st = statSync(shared);
      utimesSync(secret, st.atime, st.mtime);
      rmSync(shared);
      symlinkSync(secret, shared);
      expect(statSync(shared)).toMatchObject({ size: st.size, mtimeMs: st.mtimeMs });
      const err = await failure(whole(plan));
      expect(err).toBeInstanceOf(FileChangedError);
      expect(err).toMatchObject({ relPath: 'a.bin', actual: null });
    });

    it(`a file replaced by another with the same size and mtime is refused (${path})`, async () => {
      const { root, plan } = setup({ 'a.bin': pseudoRandomBytes(size, 10) });
      const shared = join(root, 'a.bin');
      const st = statSync(shared);
      const other = join(root, 'other');
      writeFileSync(other, pseudoRandomBytes(size, 11));
      utimesSync(other, st.atime, st.mtime);
      renameSync(other, shared);
      expect(await failure(whole(plan))).toMatchObject({ kind: 'file-changed', actual: { size, mtimeMs: st.mtimeMs } });
    });
  }

  it('a deleted file is reported with actual = null', async () => {
    const { root, plan } = setup({ 'a.txt': 'hello' });
    rmSync(join(root, 'a.txt'));
    expect(await failure(whole(plan))).toMatchObject({ kind: 'file-changed', actual: null });
  });

  it('an empty file that is no longer empty is refused although nothing is read from it', async () => {
    const { root, plan } = setup({ 'e.txt': '' });
    const path = join(root, 'e.txt');
    const mtime = statSync(path).mtime;
    appendFileSync(path, 'x');
    utimesSync(path, mtime, mtime);
    expect(await failure(whole(plan))).toMatchObject({ kind: 'file-changed', actual: { size: 1 } });
  });

  it('a file truncated while it is being sent stops the stream', async () => {
    const { root, plan } = setup({ 'big.bin': pseudoRandomBytes(1024 * 1024, 5) });
    const stream = whole(plan, 64 * 1024);
    const it = stream[Symbol.asyncIterator]();
    await it.next(); // first chunk out: the file is open and checked
    truncateSync(join(root, 'big.bin'), 100_000);
    let err: unknown = null;
    try {
      for (;;) if ((await it.next()).done) break;
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ kind: 'file-changed', expected: { size: 1024 * 1024 } });
    expect(openPaths()).not.toContain(join(root, 'big.bin'));
  });

  it('a file that grows while it is being sent stops the stream', async () => {
    const { root, plan } = setup({ 'big.bin': pseudoRandomBytes(512 * 1024, 6) });
    const stream = whole(plan, 64 * 1024);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    appendFileSync(join(root, 'big.bin'), 'more');
    let err: unknown = null;
    try {
      for (;;) if ((await it.next()).done) break;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FileChangedError);
  });

  it('the deflated stream refuses changed files too', async () => {
    const d = tempDir('zip-changed-deflate');
    dirs.push(d);
    writeTree(d.path, { 'a.txt': 'hello' });
    const entries = walkEntries(d.path);
    appendFileSync(join(d.path, 'a.txt'), 'more');
    expect(await failure(createDeflatedZipStream(entries))).toBeInstanceOf(FileChangedError);
  });
});

describe('client behaviour', () => {
  it('destroying the stream mid-file closes the file', async () => {
    const { root, plan } = setup({ 'big.bin': pseudoRandomBytes(4 * 1024 * 1024, 7) });
    const path = join(root, 'big.bin');
    const stream = whole(plan, 64 * 1024);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    expect(openPaths()).toContain(path); // the test can see an open file
    const closed = once(stream, 'close');
    stream.destroy();
    await closed;
    // Closing may finish just after 'close' when a read was in flight.
    for (let i = 0; i < 50 && openPaths().includes(path); i++) await new Promise((r) => setTimeout(r, 10));
    expect(openPaths()).not.toContain(path);
  });

  it('the deflated stream closes its file when destroyed', async () => {
    const d = tempDir('zip-destroy-deflate');
    dirs.push(d);
    writeTree(d.path, { 'big.bin': pseudoRandomBytes(4 * 1024 * 1024, 8) });
    const path = join(d.path, 'big.bin');
    const stream = createDeflatedZipStream(walkEntries(d.path), { chunkSize: 64 * 1024 });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    expect(openPaths()).toContain(path);
    const closed = once(stream, 'close');
    stream.destroy();
    await closed;
    for (let i = 0; i < 50 && openPaths().includes(path); i++) await new Promise((r) => setTimeout(r, 10));
    expect(openPaths()).not.toContain(path);
  });

  it('destroying the stream while small files are read ahead leaves none of them open', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 300; i++) files[`many/${String(i).padStart(3, '0')}.bin`] = pseudoRandomBytes(20_000, i + 1);
    const { root, plan } = setup(files);
    const stream = whole(plan);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    const closed = once(stream, 'close');
    stream.destroy();
    await closed;
    const ours = (): string[] => openPaths().filter((p) => p.startsWith(root));
    for (let i = 0; i < 100 && ours().length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(ours()).toEqual([]);
  });

  it('a slow reader holds back reading (backpressure)', async () => {
    const { plan } = setup({ 'big.bin': pseudoRandomBytes(8 * 1024 * 1024, 9) });
    const stream = whole(plan, 64 * 1024);
    let received = 0;
    stream.once('data', (c: Buffer) => {
      received += c.length;
      stream.pause();
    });
    await new Promise((r) => setTimeout(r, 200));
    // Only about one chunk beyond what was consumed may sit buffered.
    expect(received + stream.readableLength).toBeLessThanOrEqual(3 * 64 * 1024);
    stream.destroy();
    await once(stream, 'close');
  });
});
