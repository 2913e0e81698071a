// The one guarded file reader: single files, the zip and the website read a catalogued file only while it is
// still the file that was catalogued (plain Node).
//
// The catalog recorded each file's size, mtime and identity (device, inode).
// A file is opened without following a final symlink (O_NOFOLLOW) and without
// blocking should the path have become a FIFO (O_NONBLOCK), and the opened
// descriptor is checked with fstat against all four before a byte is sent. So
// a file swapped for a symlink, another file, a FIFO or a device is refused
// the same way on every route, with the same two errors (./errors.ts).
// While the file is read, the last chunk is held back until a second fstat
// confirms nothing changed (and long reads check again now and then), so a
// file edited, truncated, grown or swapped during a transfer ends in a
// cut-off response, never in a complete one with mixed bytes.
import { close as closeFd, constants, fstat, open as openFd, read as readFd, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { BufferPair } from './buffer-pair';
import { errnoCode, FileChangedError, FileUnreadableError, type FileState } from './errors';

/** What a reader needs to know of a catalogued file (a share's CatalogFile fits). */
export interface CataloguedFile extends FileState {
  /** Its path in the share: what errors name, never the path on disk. */
  relPath: string;
  /** Absolute path with no symlink in it. */
  realPath: string;
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
/** Opening fails with these when the path is no longer a plain file: gone, a symlink (ELOOP), a FIFO without writer (ENXIO). */
const GONE = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENXIO']);

export function stateOf(st: Stats): FileState {
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, dev: st.dev };
}

/** Exact comparison: the catalog's mtimeMs and fstat's come from the same kernel value by the same arithmetic. */
export function sameState(a: FileState, b: FileState): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev;
}

function expectedOf(f: CataloguedFile): FileState {
  return { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino, dev: f.dev };
}

function openFailed(f: CataloguedFile, err: unknown): FileChangedError | FileUnreadableError {
  const code = errnoCode(err);
  return GONE.has(code) ? new FileChangedError(f.relPath, expectedOf(f), null) : new FileUnreadableError(f.relPath, code);
}

/** null when `st` (of the opened descriptor) is the catalogued file. */
function mismatch(f: CataloguedFile, st: Stats): FileChangedError | null {
  const actual = st.isFile() ? stateOf(st) : null;
  return actual !== null && sameState(actual, expectedOf(f)) ? null : new FileChangedError(f.relPath, expectedOf(f), actual);
}

/** Throws FileChangedError unless the open descriptor is still the catalogued file. */
async function check(handle: FileHandle, f: CataloguedFile): Promise<void> {
  let st: Stats;
  try {
    st = await handle.stat();
  } catch (err) {
    throw new FileUnreadableError(f.relPath, errnoCode(err));
  }
  const changed = mismatch(f, st);
  if (changed) throw changed;
}

/** Opens `f` for reading if it is still what was catalogued; throws FileChangedError or FileUnreadableError. */
export async function openCatalogued(f: CataloguedFile): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(f.realPath, OPEN_FLAGS);
  } catch (err) {
    throw openFailed(f, err);
  }
  try {
    await check(handle, f);
    return handle;
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

/** Opens, checks and closes: for a file of which no byte is read (an empty file in a zip must still be the same file). */
export async function checkCatalogued(f: CataloguedFile): Promise<void> {
  await (await openCatalogued(f)).close().catch(() => undefined);
}

export interface ReadOptions {
  /** Bytes per read. Large reads keep the syscall count (and CPU) down. */
  chunkSize?: number;
  /** Also check the file between chunks at most this often, to stop a changed file early. */
  recheckMs?: number;
  /** The pair to read into; a zip shares one across all the files of a response. */
  buffers?: BufferPair;
}

export const DEFAULT_READ_CHUNK = 512 * 1024;

/**
 * Bytes [from, to) of an open, checked file, as lent chunks: two buffers take
 * turns, one lent to the consumer while the next chunk is read into the
 * other, so a chunk is valid until the consumer asks for the next. Fails with
 * FileChangedError if the file shrinks, grows or is modified before its last
 * chunk is released. Closes the handle when done, also when the consumer
 * stops early.
 */
export async function* readCatalogued(
  handle: FileHandle,
  f: CataloguedFile,
  from: number,
  to: number,
  options: ReadOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  const chunkSize = options.chunkSize ?? DEFAULT_READ_CHUNK;
  const recheckMs = options.recheckMs ?? 1000;
  const buffers = options.buffers ?? new BufferPair(Math.max(1, Math.min(chunkSize, to - from)));
  let lastCheck = Date.now();

  const fill = async (buf: Buffer, at: number): Promise<Buffer> => {
    const length = Math.min(chunkSize, to - at);
    let filled = 0;
    while (filled < length) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buf, filled, length - filled, at + filled));
      } catch (err) {
        throw new FileUnreadableError(f.relPath, errnoCode(err));
      }
      // The file ended early: it shrank. check() says how.
      if (bytesRead === 0) {
        await check(handle, f);
        throw new FileChangedError(f.relPath, expectedOf(f), null);
      }
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

  let position = from;
  let pending: Promise<Buffer> | undefined = position < to ? start(position) : undefined;
  try {
    if (pending === undefined) await check(handle, f);
    while (pending !== undefined) {
      const chunk = await pending;
      pending = undefined;
      position += chunk.length;
      const last = position >= to;
      if (!last) pending = start(position);
      if (last || Date.now() - lastCheck >= recheckMs) {
        await check(handle, f);
        lastCheck = Date.now();
      }
      yield chunk;
    }
  } finally {
    // Never close the file under a read still in flight (client gone mid-chunk).
    if (pending !== undefined) await pending.catch(() => undefined);
    await handle.close().catch(() => undefined);
  }
}

/**
 * A whole small file in one buffer of its own, with the same checks as
 * openCatalogued and readCatalogued: open, fstat, one read of one byte more
 * than the catalogued size (getting it means the file grew), fstat, close.
 * Plain callbacks on a raw descriptor cost far less per file than FileHandle
 * promises, and per-file cost is what folders of many small files are bound
 * by (a zip reads them ahead, several at once).
 */
export function readWholeCatalogued(f: CataloguedFile): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    openFd(f.realPath, OPEN_FLAGS, (openErr, fd) => {
      if (openErr) return reject(openFailed(f, openErr));
      const finish = (err: Error | null, data?: Buffer): void => {
        closeFd(fd, () => (err !== null || data === undefined ? reject(err) : resolve(data)));
      };
      const recheck = (then: () => void): void =>
        fstat(fd, (statErr, st) => {
          if (statErr) return finish(new FileUnreadableError(f.relPath, errnoCode(statErr)));
          const changed = mismatch(f, st);
          if (changed) return finish(changed);
          then();
        });
      recheck(() => {
        const buf = Buffer.allocUnsafe(f.size + 1);
        readFd(fd, buf, 0, buf.length, 0, (readErr, n) => {
          if (readErr) return finish(new FileUnreadableError(f.relPath, errnoCode(readErr)));
          if (n !== f.size) return recheck(() => finish(new FileChangedError(f.relPath, expectedOf(f), { ...expectedOf(f), size: n })));
          recheck(() => finish(null, buf.subarray(0, n)));
        });
      });
    });
  });
}
