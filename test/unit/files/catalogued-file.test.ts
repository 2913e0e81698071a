// The one guarded reader: a shared file is read only while it is the file that was catalogued (plain Node).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync, symlinkSync, truncateSync, unlinkSync, utimesSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalog, type CatalogFile } from '../../../electron/core/share/catalog';
import { openCatalogued, readCatalogued, readSegments, readWholeCatalogued } from '../../../electron/core/files/catalogued-file';
import { openPaths, until } from '../../helpers/local';
import { FileChangedError } from '../../../electron/core/files/errors';
import { findChangedFile } from '../../../electron/core/share/planned-file';
import type { ByteRange } from '../../../electron/core/share/ranges';

const dir = mkdtempSync(join(tmpdir(), 'oniondrop-planned-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const content = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7) & 0xff));
let path: string;
let n = 0;
beforeEach(() => {
  path = join(dir, `f${n++}.bin`);
  writeFileSync(path, content);
  // An mtime in the past, so a rewrite within the same clock tick still differs.
  utimesSync(path, 1_000_000, 1_000_000);
});

const plan = async (): Promise<CatalogFile> => (await buildCatalog([path])).entries[0] as CatalogFile;

type Reader = ReturnType<typeof readCatalogued>;

async function reader(f: CatalogFile, range: ByteRange | null = null, chunkSize = 4096): Promise<Reader> {
  const from = range ? range.start : 0;
  const to = range ? range.end + 1 : f.size;
  return readCatalogued(await openCatalogued(f), f, from, to, { chunkSize, recheckMs: 60_000 });
}

/** Read chunk by chunk (copying: chunks are lent), calling `between` after the first chunk; returns what arrived and how it ended. */
async function drain(r: Reader, between?: () => void): Promise<{ bytes: Buffer; error: unknown }> {
  const parts: Buffer[] = [];
  try {
    for await (const chunk of r) {
      parts.push(Buffer.from(chunk));
      if (parts.length === 1) between?.();
    }
    return { bytes: Buffer.concat(parts), error: null };
  } catch (error) {
    return { bytes: Buffer.concat(parts), error };
  }
}

describe('readCatalogued', () => {
  it('reads the whole file and any range exactly', async () => {
    const f = await plan();
    expect((await drain(await reader(f))).bytes.equals(content)).toBe(true);
    const part = await drain(await reader(f, { start: 1000, end: 50_000 }));
    expect(part.bytes.equals(content.subarray(1000, 50_001))).toBe(true);
    const last = await drain(await reader(f, { start: content.length - 1, end: content.length - 1 }));
    expect([...last.bytes]).toEqual([content[content.length - 1]]);
  });

  it('reads a file of many chunks through two buffers that take turns', async () => {
    const f = await plan();
    const memories = new Set<ArrayBufferLike>();
    let chunks = 0;
    for await (const chunk of await reader(f)) {
      memories.add(chunk.buffer);
      chunks++;
    }
    expect(chunks).toBe(16);
    expect(memories.size).toBe(2);
  });

  it('a file truncated during the read fails, short of the planned size', async () => {
    const f = await plan();
    const out = await drain(await reader(f), () => truncateSync(path, 10_000));
    expect(out.error).toBeInstanceOf(FileChangedError);
    expect(out.bytes.length).toBeLessThan(content.length);
  });

  it('a file that grows during the read fails before its last chunk', async () => {
    const f = await plan();
    const out = await drain(await reader(f), () => appendFileSync(path, 'more'));
    expect(out.error).toBeInstanceOf(FileChangedError);
    expect(out.bytes.length).toBe(content.length - 4096);
  });

  it('a file rewritten in place (same size, new mtime) never arrives complete', async () => {
    const f = await plan();
    const out = await drain(await reader(f), () => writeFileSync(path, Buffer.alloc(content.length, 1)));
    expect(out.error).toMatchObject({ kind: 'file-changed', relPath: f.relPath });
    expect(out.bytes.length).toBeLessThan(content.length);
  });

  it('also for a one-chunk file: the only chunk is held back until checked', async () => {
    const f = await plan();
    const r = await reader(f, null, 1024 * 1024);
    writeFileSync(path, Buffer.alloc(content.length, 2));
    const out = await drain(r);
    expect(out.error).toBeInstanceOf(FileChangedError);
    expect(out.bytes.length).toBe(0);
  });
});

describe('openCatalogued', () => {
  it('refuses a file replaced by another one with the same size and mtime', async () => {
    const f = await plan();
    const other = join(dir, 'other');
    writeFileSync(other, content);
    const st = statSync(path);
    utimesSync(other, st.atime, st.mtime);
    renameSync(other, path);
    await expect(openCatalogued(f)).rejects.toMatchObject({ kind: 'file-changed', actual: { size: content.length } });
  });

  it('refuses a file replaced by a symlink, and a FIFO, without hanging', async () => {
    const f = await plan();
    unlinkSync(path);
    symlinkSync('/etc/passwd', path);
    await expect(openCatalogued(f)).rejects.toMatchObject({ kind: 'file-changed', actual: null });
    unlinkSync(path);
    execFileSync('mkfifo', [path]);
    await expect(openCatalogued(f)).rejects.toMatchObject({ kind: 'file-changed' });
    unlinkSync(path);
    await expect(openCatalogued(f)).rejects.toMatchObject({ kind: 'file-changed', actual: null });
  });

  it('a file swapped for a symlink to another file of the same size and mtime is refused', async () => {
    const f = await plan();
    const elsewhere = join(dir, `elsewhere-${n++}`);
    writeFileSync(elsewhere, Buffer.alloc(content.length, 3));
    const st = statSync(path);
    utimesSync(elsewhere, st.atime, st.mtime);
    unlinkSync(path);
    symlinkSync(elsewhere, path);
    await expect(openCatalogued(f)).rejects.toMatchObject({ kind: 'file-changed', relPath: f.relPath, actual: null });
    await expect(readWholeCatalogued(f)).rejects.toMatchObject({ kind: 'file-changed', relPath: f.relPath, actual: null });
  });

  it('findChangedFile names the first file that changed', async () => {
    const first = await plan();
    path = join(dir, `g${n++}.bin`);
    writeFileSync(path, 'x');
    const second = await plan();
    expect(await findChangedFile([first, second])).toBeNull();
    appendFileSync(path, 'y');
    expect(await findChangedFile([first, second])).toMatchObject({ kind: 'file-changed', relPath: second.relPath });
  });
});

describe('readWholeCatalogued (the fast path for small files)', () => {
  it('reads the file whole', async () => {
    const f = await plan();
    expect((await readWholeCatalogued(f)).equals(content)).toBe(true);
  });

  it('refuses a file that grew, shrank, or was rewritten in place, and one replaced by another of the same size and mtime', async () => {
    const f = await plan();
    const mtime = statSync(path).mtime;
    appendFileSync(path, 'x');
    utimesSync(path, mtime, mtime);
    await expect(readWholeCatalogued(f)).rejects.toMatchObject({ kind: 'file-changed', actual: { size: content.length + 1 } });
    truncateSync(path, 10);
    utimesSync(path, mtime, mtime);
    await expect(readWholeCatalogued(f)).rejects.toMatchObject({ kind: 'file-changed', actual: { size: 10 } });
    writeFileSync(path, content);
    await expect(readWholeCatalogued(f)).rejects.toBeInstanceOf(FileChangedError);
    const other = join(dir, `other-${n++}`);
    writeFileSync(other, content);
    utimesSync(other, mtime, mtime);
    renameSync(other, path);
    await expect(readWholeCatalogued(f)).rejects.toMatchObject({ kind: 'file-changed', actual: { size: content.length, mtimeMs: mtime.getTime() } });
  });
});


describe('readSegments (several files, one after another)', () => {
  it('opens and reads the next file while the last chunk of the current one is with the consumer, through two buffers', async () => {
    const a = await plan();
    path = join(dir, `g${n++}.bin`);
    writeFileSync(path, Buffer.alloc(20_000, 9));
    utimesSync(path, 1_000_000, 1_000_000);
    const b = await plan();
    const segments = [
      { file: a, from: 0, to: a.size },
      { file: b, from: 100, to: b.size },
    ];
    const memories = new Set<ArrayBufferLike>();
    const got = new Map<string, Buffer[]>();
    for await (const chunk of readSegments(segments[Symbol.iterator](), { chunkSize: 8192 })) {
      memories.add(chunk.bytes.buffer);
      got.set(chunk.segment.file.relPath, [...(got.get(chunk.segment.file.relPath) ?? []), Buffer.from(chunk.bytes)]);
      if (chunk.last && chunk.segment.file === a) {
        // Not asked for yet, the next file is already open.
        await until(() => openPaths().includes(b.realPath));
      }
    }
    expect(Buffer.concat(got.get(a.relPath) ?? []).equals(content)).toBe(true);
    expect(Buffer.concat(got.get(b.relPath) ?? []).equals(Buffer.alloc(20_000 - 100, 9))).toBe(true);
    expect(memories.size).toBe(2);
    await until(() => !openPaths().includes(a.realPath) && !openPaths().includes(b.realPath));
  });

  it('a file that changed is refused when its turn comes, after the files before it went out whole', async () => {
    const a = await plan();
    const bPath = join(dir, `g${n++}.bin`);
    writeFileSync(bPath, 'second');
    utimesSync(bPath, 1_000_000, 1_000_000);
    path = bPath;
    const b = await plan();
    appendFileSync(bPath, '!');
    const seen: string[] = [];
    let error: unknown = null;
    try {
      for await (const chunk of readSegments([{ file: a, from: 0, to: a.size }, { file: b, from: 0, to: b.size }][Symbol.iterator]())) {
        seen.push(`${chunk.segment.file.relPath}${chunk.last ? ' last' : ''}`);
      }
    } catch (err) {
      error = err;
    }
    expect(seen).toEqual([`${a.relPath} last`]);
    expect(error).toMatchObject({ kind: 'file-changed', relPath: b.relPath });
  });
});
