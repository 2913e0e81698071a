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
import { close as closeFd, closeSync, constants, fstat, fstatSync, open as openFd, openSync, read as readFd, type Stats } from 'node:fs';
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

/** Bytes [from, to) of one catalogued file; an empty one only checks that the file is still the same. */
export interface ReadSegment {
  readonly file: CataloguedFile;
  readonly from: number;
  readonly to: number;
}

export interface SegmentChunk<S extends ReadSegment> {
  readonly segment: S;
  /** Offset of `bytes` in the file. */
  readonly position: number;
  /** Lent: valid until the next chunk is asked for. */
  readonly bytes: Buffer;
  /** The segment's last chunk. */
  readonly last: boolean;
}

interface Cursor<S extends ReadSegment> {
  readonly segment: S;
  readonly file: OpenFile;
  position: number;
  lastCheck: number;
}

/** A descriptor being read, and how to let go of it. */
interface OpenFile {
  readonly fd: number;
  close(): void;
}

/** fstat on the event loop: for a descriptor already open it touches no disk. */
function checkFd(fd: number, f: CataloguedFile): void {
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (err) {
    throw new FileUnreadableError(f.relPath, errnoCode(err));
  }
  const changed = mismatch(f, st);
  if (changed) throw changed;
}

/**
 * openCatalogued's open and check, as two calls on the event loop. Handing
 * each to the thread pool costs more than the call (waking a pool thread:
 * 20-50 µs here, against 2-6 µs for an open of a file whose metadata the
 * zip's findChangedFile just looked up; bench/README.md, finding 8).
 */
function openCataloguedNow(f: CataloguedFile): OpenFile {
  let fd: number;
  try {
    fd = openSync(f.realPath, OPEN_FLAGS);
  } catch (err) {
    throw openFailed(f, err);
  }
  try {
    checkFd(fd, f);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return { fd, close: () => closeSync(fd) };
}

function readAt(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    readFd(fd, buf, offset, length, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

/**
 * Segments of catalogued files, one after another, as one stream of lent
 * chunks: two buffers take turns, one lent to the consumer while the next
 * chunk is read into the other, and that next read crosses from one file to
 * the next, so the next file is opened, checked and its first chunk read
 * while the current file's last chunk is being sent (per-file latency, not
 * bandwidth, is what many files cost). Each file is opened and checked as
 * openCatalogued does; its last chunk is held back until a second fstat confirms
 * it did not change (and long reads check again every recheckMs), so a file
 * that shrinks, grows, is rewritten or swapped fails with FileChangedError
 * before a complete copy goes out. Files are closed as soon as they are
 * read, and all of them when the consumer stops early. `opened` is the
 * already opened and checked handle of the first segment's file.
 */
export async function* readSegments<S extends ReadSegment>(
  segments: Iterator<S>,
  options: ReadOptions = {},
  opened?: FileHandle,
): AsyncGenerator<SegmentChunk<S>, void, undefined> {
  const chunkSize = options.chunkSize ?? DEFAULT_READ_CHUNK;
  const recheckMs = options.recheckMs ?? 1000;
  const ownBuffers = options.buffers === undefined ? new BufferPair(chunkSize) : null;
  const buffers = options.buffers ?? (ownBuffers as BufferPair);
  const open = new Set<OpenFile>();
  let firstHandle = opened;
  let cursor: Cursor<S> | null = null;

  const release = (file: OpenFile): void => {
    if (open.delete(file)) {
      try {
        file.close();
      } catch {
        // A close that fails has nothing left to lose.
      }
    }
  };
  const advance = (): Cursor<S> | null => {
    const next = segments.next();
    if (next.done) return null;
    const segment = next.value;
    let file: OpenFile;
    if (firstHandle !== undefined) {
      const handle = firstHandle;
      file = { fd: handle.fd, close: () => void handle.close().catch(() => undefined) };
    } else {
      file = openCataloguedNow(segment.file);
    }
    firstHandle = undefined;
    open.add(file);
    return { segment, file, position: segment.from, lastCheck: Date.now() };
  };
  /** The next chunk into `buf`, opening the next file when the current one is done; null at the end. */
  const readNext = async (buf: Buffer): Promise<(SegmentChunk<S> & { cursor: Cursor<S> }) | null> => {
    for (;;) {
      if (cursor === null || cursor.position >= cursor.segment.to) {
        cursor = advance();
        if (cursor === null) return null;
      }
      const c: Cursor<S> = cursor;
      const { file, to } = c.segment;
      const fd = c.file.fd;
      if (c.position >= to) {
        // Nothing to read: the file must still be the catalogued one.
        checkFd(fd, file);
        release(c.file);
        continue;
      }
      const length = Math.min(chunkSize, to - c.position, buf.length);
      const position = c.position;
      let filled = 0;
      while (filled < length) {
        let bytesRead: number;
        try {
          bytesRead = await readAt(fd, buf, filled, length - filled, position + filled);
        } catch (err) {
          throw new FileUnreadableError(file.relPath, errnoCode(err));
        }
        // The file ended early: it shrank. checkFd() says how.
        if (bytesRead === 0) {
          checkFd(fd, file);
          throw new FileChangedError(file.relPath, expectedOf(file), null);
        }
        filled += bytesRead;
      }
      c.position += length;
      return { segment: c.segment, position, bytes: buf.subarray(0, length), last: c.position >= to, cursor: c };
    }
  };
  const start = (): Promise<(SegmentChunk<S> & { cursor: Cursor<S> }) | null> => {
    const read = readNext(buffers.next());
    // Handled here so a failure while the consumer is busy is never "unhandled";
    // awaiting `read` still throws it.
    read.catch(() => undefined);
    return read;
  };

  let pending: ReturnType<typeof start> | undefined = start();
  try {
    for (;;) {
      const chunk = await pending;
      pending = undefined;
      if (chunk === null) return;
      // The next read starts now, into the other buffer (the consumer gave
      // the previous chunk back by asking for this one).
      pending = start();
      const c = chunk.cursor;
      if (chunk.last || Date.now() - c.lastCheck >= recheckMs) {
        checkFd(c.file.fd, c.segment.file);
        c.lastCheck = Date.now();
      }
      if (chunk.last) release(c.file);
      yield { segment: chunk.segment, position: chunk.position, bytes: chunk.bytes, last: chunk.last };
    }
  } finally {
    // Never close a file under a read still in flight (client gone mid-chunk).
    if (pending !== undefined) await pending.catch(() => undefined);
    for (const file of open) release(file);
    ownBuffers?.release();
  }
}

/**
 * Bytes [from, to) of one open, checked file (see openCatalogued), as lent
 * chunks, with the checks of readSegments. Closes the handle when done, also
 * when the consumer stops early.
 */
export async function* readCatalogued(
  handle: FileHandle,
  f: CataloguedFile,
  from: number,
  to: number,
  options: ReadOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  if (options.buffers !== undefined) {
    for await (const chunk of readSegments([{ file: f, from, to }][Symbol.iterator](), options, handle)) yield chunk.bytes;
    return;
  }
  const buffers = new BufferPair(Math.max(1, Math.min(options.chunkSize ?? DEFAULT_READ_CHUNK, to - from)));
  try {
    for await (const chunk of readSegments([{ file: f, from, to }][Symbol.iterator](), { ...options, buffers }, handle)) yield chunk.bytes;
  } finally {
    buffers.release();
  }
}

/**
 * A whole small file in one buffer of its own: open (the same flags), one
 * read of one byte more than the catalogued size (getting it means the file
 * grew), fstat, close. The fstat comes after the read, not before: it proves
 * the bytes came from the catalogued file (the descriptor's identity cannot
 * change) and that the file was not written to since it was catalogued
 * (size and mtime still the same), which a check before the read could not,
 * and nothing is sent before it. Four calls a file on plain callbacks, not
 * FileHandle promises: per-file cost is what folders of many small files are
 * bound by (a zip reads them ahead, several at once).
 */
export function readWholeCatalogued(f: CataloguedFile): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    openFd(f.realPath, OPEN_FLAGS, (openErr, fd) => {
      if (openErr) return reject(openFailed(f, openErr));
      const finish = (err: Error | null, data?: Buffer): void => {
        closeFd(fd, () => (err !== null || data === undefined ? reject(err) : resolve(data)));
      };
      const buf = Buffer.allocUnsafe(f.size + 1);
      readFd(fd, buf, 0, buf.length, 0, (readErr, n) => {
        fstat(fd, (statErr, st) => {
          // Whatever the read did, a descriptor that is not the catalogued file is the answer.
          if (statErr) return finish(new FileUnreadableError(f.relPath, errnoCode(statErr)));
          const changed = mismatch(f, st);
          if (changed) return finish(changed);
          if (readErr) return finish(new FileUnreadableError(f.relPath, errnoCode(readErr)));
          if (n !== f.size) return finish(new FileChangedError(f.relPath, expectedOf(f), { ...expectedOf(f), size: n }));
          finish(null, buf.subarray(0, n));
        });
      });
    });
  });
}
