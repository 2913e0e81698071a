// Reads a region of one shared file in large chunks, refusing a file that changed (plain Node).
// The archive layout was computed from stat data; if the file no longer matches
// (size, mtime, type, or the bytes actually present), the reader throws a typed
// error so the response is cut off instead of carrying a corrupt archive.
import { close as fsClose, fstat as fsFstat, open as fsOpen, read as fsRead } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { BufferPair } from '../buffer-pair';
import { ZipSourceChangedError, ZipSourceUnreadableError, type SourceState } from './errors';

export interface SourceFile {
  readonly sourcePath: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface SourceChunk {
  /** Offset of `bytes` in the file. */
  readonly position: number;
  readonly bytes: Buffer;
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'EIO';
}

/**
 * The plan holds whole milliseconds (a Date), stat gives a fraction:
 * `new Date(1.7)` is 1 while Node's `stats.mtime` of 1.7 is 2. Any difference
 * under a millisecond is the same mtime; comparing two roundings would call
 * half of all files "changed".
 */
export function sameMtime(statMtimeMs: number, plannedMs: number): boolean {
  return Math.abs(statMtimeMs - plannedMs) < 1;
}

async function openChecked(src: SourceFile): Promise<FileHandle> {
  const expected: SourceState = { size: src.size, mtimeMs: src.mtimeMs };
  let fh: FileHandle;
  try {
    fh = await open(src.sourcePath, 'r');
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ZipSourceChangedError(src.sourcePath, expected, null);
    throw new ZipSourceUnreadableError(src.sourcePath, code);
  }
  try {
    const st = await fh.stat();
    const actual = st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null;
    if (actual === null || actual.size !== src.size || !sameMtime(actual.mtimeMs, src.mtimeMs)) {
      throw new ZipSourceChangedError(src.sourcePath, expected, actual);
    }
    return fh;
  } catch (err) {
    await fh.close();
    throw err;
  }
}

async function changedWhileReading(fh: FileHandle, src: SourceFile, sizeSeen: number): Promise<ZipSourceChangedError> {
  let actual: SourceState = { size: sizeSeen, mtimeMs: src.mtimeMs };
  try {
    const st = await fh.stat();
    actual = { size: st.size, mtimeMs: st.mtime.getTime() };
  } catch {
    // keep what the reads showed
  }
  return new ZipSourceChangedError(src.sourcePath, { size: src.size, mtimeMs: src.mtimeMs }, actual);
}

interface ChunkRead {
  position: number;
  length: number;
  buf: Buffer;
  bytesRead: number;
}

/**
 * Yields the bytes of [from, to) of the file. When the read reaches the planned end
 * of the file it asks for one byte more, so a file that grew is noticed without an
 * extra system call; a file that shrank shows up as an early end of file.
 * The next chunk is already being read while the consumer handles the current one
 * (CRC, sending), so disk and CPU work overlap. Two buffers take turns: a
 * chunk's bytes are lent, valid until the consumer asks for the next chunk.
 */
export async function* readSource(
  src: SourceFile,
  from: number,
  to: number,
  chunkSize: number,
  buffers: BufferPair = new BufferPair(Math.min(chunkSize, to - from) + 1),
): AsyncGenerator<SourceChunk, void, undefined> {
  const fh = await openChecked(src);
  const start = (position: number): Promise<ChunkRead> => {
    const length = Math.min(chunkSize, to - position);
    const ask = position + length === src.size ? length + 1 : length;
    const buf = buffers.next();
    const read = fh.read(buf, 0, ask, position).then(
      ({ bytesRead }) => ({ position, length, buf, bytesRead }),
      (err: unknown) => Promise.reject(new ZipSourceUnreadableError(src.sourcePath, errorCode(err))),
    );
    // Handled here so a failure while the consumer is busy is never "unhandled";
    // awaiting `read` below still throws it.
    read.catch(() => undefined);
    return read;
  };
  let pending: Promise<ChunkRead> | undefined = from < to ? start(from) : undefined;
  try {
    while (pending !== undefined) {
      const { position, length, buf, bytesRead } = await pending;
      pending = undefined;
      if (bytesRead === 0) throw await changedWhileReading(fh, src, position);
      if (bytesRead > length) throw await changedWhileReading(fh, src, position + bytesRead);
      const next = position + bytesRead;
      if (next < to) pending = start(next);
      yield { position, bytes: buf.subarray(0, bytesRead) };
    }
  } finally {
    // Never close the file under a read still in flight (client gone mid-chunk).
    if (pending !== undefined) await pending.catch(() => undefined);
    await fh.close();
  }
}

/** For a file planned as empty: still there, still empty, same mtime. */
export async function checkEmptySource(src: SourceFile): Promise<void> {
  const fh = await openChecked(src);
  try {
    const probe = Buffer.alloc(1);
    let bytesRead: number;
    try {
      ({ bytesRead } = await fh.read(probe, 0, 1, 0));
    } catch (err) {
      throw new ZipSourceUnreadableError(src.sourcePath, errorCode(err));
    }
    if (bytesRead > 0) throw await changedWhileReading(fh, src, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * A whole small file in one buffer, with the same checks as readSource. Used for
 * read-ahead of many small files: plain callbacks on a raw fd cost far less per
 * file than FileHandle promises, and per-file cost is what such folders are bound by.
 * A short read means end of file (true for regular files), so an unchanged file
 * takes exactly one open, fstat, read and close; a file that grew past the
 * extra byte asked for still fails, because its size no longer matches.
 */
export function readWholeSource(src: SourceFile): Promise<Buffer> {
  const expected: SourceState = { size: src.size, mtimeMs: src.mtimeMs };
  return new Promise<Buffer>((resolve, reject) => {
    fsOpen(src.sourcePath, 'r', (openErr, fd) => {
      if (openErr) {
        const code = errorCode(openErr);
        reject(
          code === 'ENOENT' || code === 'ENOTDIR'
            ? new ZipSourceChangedError(src.sourcePath, expected, null)
            : new ZipSourceUnreadableError(src.sourcePath, code),
        );
        return;
      }
      const finish = (err: Error | null, data?: Buffer): void => {
        fsClose(fd, () => (err !== null || data === undefined ? reject(err) : resolve(data)));
      };
      fsFstat(fd, (statErr, st) => {
        if (statErr) return finish(new ZipSourceUnreadableError(src.sourcePath, errorCode(statErr)));
        const mtimeMs = st.mtimeMs;
        if (!st.isFile() || st.size !== src.size || !sameMtime(mtimeMs, src.mtimeMs)) {
          return finish(new ZipSourceChangedError(src.sourcePath, expected, st.isFile() ? { size: st.size, mtimeMs } : null));
        }
        // One byte more than planned: getting it means the file grew.
        const buf = Buffer.allocUnsafe(src.size + 1);
        fsRead(fd, buf, 0, buf.length, 0, (readErr, n) => {
          if (readErr) return finish(new ZipSourceUnreadableError(src.sourcePath, errorCode(readErr)));
          if (n !== src.size) return finish(new ZipSourceChangedError(src.sourcePath, expected, { size: n, mtimeMs }));
          finish(null, buf.subarray(0, n));
        });
      });
    });
  });
}
