// Helpers for zip writer tests (plain Node): temp trees, a stat walk, stream collection, Readable forms of the writer.
import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  deflatedZipChunks,
  zipRangeChunks,
  type CrcCache,
  type DeflatedZipOptions,
  type ZipEntry,
  type ZipPlan,
  type ZipRangeOptions,
} from '../../../electron/core/share/zip';

export function tempDir(prefix: string, base = tmpdir()): { path: string; remove(): void } {
  const path = mkdtempSync(join(base, `oniondrop-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Files map relative path -> content; a path ending in '/' is an (empty) folder. */
export function writeTree(root: string, files: Record<string, string | Buffer>, mtime?: Date): void {
  for (const [rel, content] of Object.entries(files)) {
    const full = join(root, rel);
    if (rel.endsWith('/')) {
      mkdirSync(full, { recursive: true });
      continue;
    }
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
    if (mtime) utimesSync(full, mtime, mtime);
  }
}

/** A file entry that is never read (layout tests): its source is a path that does not exist. */
export function unreadFile(name: string, size: number, mtime: Date): ZipEntry {
  return { kind: 'file', name, source: { relPath: name, realPath: `/nonexistent/${name}`, size, mtimeMs: mtime.getTime(), ino: 0, dev: 0 } };
}

/** The time an entry has in the archive. */
export function mtimeOf(e: ZipEntry): Date {
  return e.kind === 'file' ? new Date(Math.floor(e.source.mtimeMs)) : e.mtime;
}

/** The stat walk a share does: folders before their contents, names in code-point order. */
export function walkEntries(root: string, prefix = ''): ZipEntry[] {
  const out: ZipEntry[] = [];
  const names = readdirSync(join(root, prefix)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    const full = join(root, rel);
    const st = statSync(full);
    if (st.isDirectory()) {
      out.push({ kind: 'dir', name: `${rel}/`, mtime: st.mtime });
      out.push(...walkEntries(root, rel));
    } else if (st.isFile()) {
      out.push({ kind: 'file', name: rel, source: { relPath: rel, realPath: full, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev } });
    }
  }
  return out;
}

/** Every byte of a stream or Body; chunks are copied, since a Body lends them. */
export async function collect(stream: Readable | AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts);
}

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const buf = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf[i] = x & 0xff;
  }
  return buf;
}

/**
 * A Readable of a Body whose chunks are copies: the writer lends its chunks
 * (valid until the next is asked for), and these tests keep or queue them.
 */
function ownedReadable(body: AsyncIterable<Buffer>): Readable {
  async function* copies(): AsyncGenerator<Buffer, void, undefined> {
    for await (const chunk of body) yield Buffer.from(chunk);
  }
  return Readable.from(copies(), { objectMode: false });
}

/** Bytes [start, endInclusive] of a stored zip as a Readable (throws ZipRangeError at once, like zipRangeChunks). */
export function createZipRangeStream(plan: ZipPlan, start: number, endInclusive: number, cache: CrcCache, opts: ZipRangeOptions = {}): Readable {
  return ownedReadable(zipRangeChunks(plan, start, endInclusive, cache, opts));
}

/** The compressed zip as a Readable (throws ZipEntryError at once, like deflatedZipChunks). */
export function createDeflatedZipStream(entries: readonly ZipEntry[], opts: DeflatedZipOptions = {}): Readable {
  return ownedReadable(deflatedZipChunks(entries, opts));
}
