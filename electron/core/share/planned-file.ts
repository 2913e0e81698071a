// Opening and reading a catalogued file only while it is still the file that was shared (plain Node).
// The catalog recorded size, mtime and identity (dev, inode). A file is opened
// without following a final symlink and checked with fstat; while it is read
// the bytes are counted, and the last chunk is held back until a second fstat
// confirms nothing changed. So a file edited, truncated, grown or swapped
// during a transfer ends in a cut-off response, never a complete wrong one.
import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { FileChangedError, FileUnreadableError, errnoCode, type FileState } from './errors';
import type { Limiter } from './limiter';
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

/**
 * Streams `range` (or all) of an open, checked file. Fails with
 * FileChangedError if the file shrinks, grows or is modified before the last
 * chunk is released.
 */
export class PlannedFileReader extends Readable {
  private position: number;
  private readonly endExclusive: number;
  private readonly chunkSize: number;
  private readonly recheckMs: number;
  private lastCheck = Date.now();

  constructor(
    private readonly handle: FileHandle,
    private readonly file: PlannedFile,
    range: ByteRange | null,
    options: ReaderOptions = {},
  ) {
    const chunkSize = options.chunkSize ?? 512 * 1024;
    super({ highWaterMark: chunkSize });
    this.chunkSize = chunkSize;
    this.recheckMs = options.recheckMs ?? 1000;
    this.position = range ? range.start : 0;
    this.endExclusive = range ? range.end + 1 : file.size;
  }

  override _read(): void {
    this.readChunk().catch((err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))));
  }

  private async readChunk(): Promise<void> {
    const length = Math.min(this.chunkSize, this.endExclusive - this.position);
    const buf = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buf, filled, length - filled, this.position + filled);
      if (this.destroyed) return;
      if (bytesRead === 0) throw new FileChangedError(this.file.relPath, expectedOf(this.file), null);
      filled += bytesRead;
    }
    this.position += length;
    const last = this.position >= this.endExclusive;
    if (last || Date.now() - this.lastCheck >= this.recheckMs) {
      await checkHandle(this.handle, this.file);
      this.lastCheck = Date.now();
      if (this.destroyed) return;
    }
    if (length > 0) this.push(buf);
    if (last) this.push(null);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.handle.close().then(
      () => callback(err),
      () => callback(err),
    );
  }
}

/**
 * Stat every planned file (without opening it) and return the first that no
 * longer matches, or null. Used before an archive response starts, so a
 * changed file gets a clear page instead of a cut-off zip.
 */
export async function findChangedFile(
  files: readonly PlannedFile[],
  limit: Limiter,
): Promise<FileChangedError | FileUnreadableError | null> {
  const results = await Promise.all(
    files.map((f) =>
      limit(async (): Promise<FileChangedError | FileUnreadableError | null> => {
        try {
          const st = await lstat(f.realPath);
          const actual = st.isFile() ? stateOf(st) : null;
          return actual !== null && sameState(actual, expectedOf(f)) ? null : new FileChangedError(f.relPath, expectedOf(f), actual);
        } catch (err) {
          const code = errnoCode(err);
          if (code === 'ENOENT' || code === 'ENOTDIR') return new FileChangedError(f.relPath, expectedOf(f), null);
          return new FileUnreadableError(f.relPath, code);
        }
      }),
    ),
  );
  return results.find((r) => r !== null) ?? null;
}
