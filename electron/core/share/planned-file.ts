// Opening and reading a catalogued file only while it is still the file that was shared (plain Node).
// The catalog recorded size, mtime and identity (dev, inode). A file is opened
// without following a final symlink and checked with fstat; while it is read
// the bytes are counted, and the last chunk is held back until a second fstat
// confirms nothing changed. So a file edited, truncated, grown or swapped
// during a transfer ends in a cut-off response, never a complete wrong one.
import { constants, lstatSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { BufferPair } from './buffer-pair';
import { FileChangedError, FileUnreadableError, errnoCode, type FileState } from './errors';
import { Pacer } from './pacer';
import type { ByteRange } from './ranges';

/** What the catalog knows about a file (a CatalogFile fits). */
export interface PlannedFile extends FileState {
  relPath: string;
  realPath: string;
}

// O_NONBLOCK: should the path have become a FIFO, open must not hang (the
// identity check then refuses it). O_NOFOLLOW: realPath never ends in a symlink.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export function stateOf(st: Stats): FileState {
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev };
}

export function sameState(a: FileState, b: FileState): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev;
}

function expectedOf(f: PlannedFile): FileState {
  return { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino, dev: f.dev };
}

/** Open `f` for reading if it is still what was planned; throws FileChangedError or FileUnreadableError. */
export async function openPlannedFile(f: PlannedFile): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(f.realPath, OPEN_FLAGS);
  } catch (err) {
    const code = errnoCode(err);
    // ELOOP: the final component became a symlink; ENXIO: a FIFO without writer.
    if (['ENOENT', 'ENOTDIR', 'ELOOP', 'ENXIO'].includes(code)) throw new FileChangedError(f.relPath, expectedOf(f), null);
    throw new FileUnreadableError(f.relPath, code);
  }
  try {
    await checkHandle(handle, f);
    return handle;
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

async function checkHandle(handle: FileHandle, f: PlannedFile): Promise<void> {
  const st = await handle.stat();
  const actual = st.isFile() ? stateOf(st) : null;
  if (actual === null || !sameState(actual, expectedOf(f))) throw new FileChangedError(f.relPath, expectedOf(f), actual);
}

export interface ReaderOptions {
  /** Bytes per read. Large reads keep the syscall count (and CPU) down. */
  chunkSize?: number;
  /** Also re-check between chunks at most this often, to stop a changed file early. */
  recheckMs?: number;
}

export const DEFAULT_READ_CHUNK = 512 * 1024;

/**
 * The bytes of `range` (or all) of an open, checked file, as a Body: two
 * buffers take turns, one lent to the consumer while the next chunk is read
 * into the other. Fails with FileChangedError if the file shrinks, grows or
 * is modified before the last chunk is released. Closes the handle when done,
 * also when the consumer stops early.
 */
export async function* readPlannedFile(
  handle: FileHandle,
  file: PlannedFile,
  range: ByteRange | null,
  options: ReaderOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  const chunkSize = options.chunkSize ?? DEFAULT_READ_CHUNK;
  const recheckMs = options.recheckMs ?? 1000;
  const endExclusive = range ? range.end + 1 : file.size;
  let position = range ? range.start : 0;
  const buffers = new BufferPair(Math.min(chunkSize, endExclusive - position));
  let lastCheck = Date.now();

  const fill = async (buf: Buffer, at: number): Promise<Buffer> => {
    const length = Math.min(chunkSize, endExclusive - at);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buf, filled, length - filled, at + filled);
      if (bytesRead === 0) throw new FileChangedError(file.relPath, expectedOf(file), null);
      filled += bytesRead;
    }
    return buf.subarray(0, length);
  };
  const start = (at: number): Promise<Buffer> => {
    const read = fill(buffers.next(), at);
    // Handled here so a failure while the consumer is busy is never "unhandled";
    // awaiting `read` still throws it.
    read.catch(() => undefined);
    return read;
  };

  let pending: Promise<Buffer> | undefined = position < endExclusive ? start(position) : undefined;
  try {
    if (pending === undefined) await checkHandle(handle, file);
    while (pending !== undefined) {
      const chunk = await pending;
      pending = undefined;
      position += chunk.length;
      const last = position >= endExclusive;
      if (last || Date.now() - lastCheck >= recheckMs) {
        await checkHandle(handle, file);
        lastCheck = Date.now();
      }
      if (!last) pending = start(position);
      yield chunk;
    }
  } finally {
    // Never close the file under a read still in flight (client gone mid-chunk).
    if (pending !== undefined) await pending.catch(() => undefined);
    await handle.close().catch(() => undefined);
  }
}

/**
 * Stat every planned file (without opening it) and return the first that no
 * longer matches, or null. Used before an archive response starts, so a
 * changed file gets a clear page instead of a cut-off zip. Synchronous calls,
 * paced (see pacer.ts): this runs before every archive download.
 */
export async function findChangedFile(files: readonly PlannedFile[]): Promise<FileChangedError | FileUnreadableError | null> {
  const pacer = new Pacer();
  for (const f of files) {
    await pacer.pace();
    let actual: FileState | null;
    try {
      const st = lstatSync(f.realPath);
      actual = st.isFile() ? stateOf(st) : null;
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return new FileChangedError(f.relPath, expectedOf(f), null);
      return new FileUnreadableError(f.relPath, code);
    }
    if (actual === null || !sameState(actual, expectedOf(f))) return new FileChangedError(f.relPath, expectedOf(f), actual);
  }
  return null;
}
