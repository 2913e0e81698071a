// Writing one upload to "<name>.part" and giving it its final name only when complete (plain Node).
//
// Nothing is ever overwritten and no name is checked before it is used (that
// would race with another writer): the .part file is created with O_EXCL, and
// the final name is claimed by link(2), which fails with EEXIST on an existing
// name; the .part name is then unlinked. On a file system without hard links
// (FAT, some FUSE mounts) the final name is claimed with an O_EXCL create
// and the .part renamed over that placeholder, which is ours.
import { constants } from 'node:fs';
import { link, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../share/errors';
import { numberedName, partFileName } from './safe-name';

/** More same-named files than this in one folder is not a real use; give up rather than loop. */
const MAX_NUMBER = 10_000;

// O_NOFOLLOW: should someone plant a symlink under the name we create, do not write through it.
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Error codes meaning "this file system has no hard links". */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/** The file system error that ended a write, with its errno code. */
export class WriteError extends Error {
  readonly kind = 'write-error' as const;
  constructor(
    readonly code: string,
    readonly path: string,
  ) {
    super(`writing ${JSON.stringify(path)} failed (${code})`);
    this.name = 'WriteError';
  }
}

/**
 * Calls `attempt` with "name", then "name (1)", "name (2)", ... until it does
 * not fail with EEXIST; returns the name that worked and what `attempt` gave.
 */
export async function claimName<T>(name: string, attempt: (candidate: string) => Promise<T>): Promise<{ name: string; value: T }> {
  for (let n = 0; n <= MAX_NUMBER; n++) {
    const candidate = n === 0 ? name : numberedName(name, n);
    try {
      return { name: candidate, value: await attempt(candidate) };
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
  }
  throw new WriteError('EEXIST', name);
}

async function writeAll(handle: FileHandle, chunk: Uint8Array, path: string): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    let written: number;
    try {
      ({ bytesWritten: written } = await handle.write(chunk, offset, chunk.length - offset));
    } catch (err) {
      throw new WriteError(errnoCode(err), path);
    }
    offset += written;
  }
}

export class PartFile {
  private closed = false;
  bytes = 0;

  private constructor(
    private readonly dir: string,
    /** The final name wanted (already safe). */
    readonly name: string,
    readonly partPath: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(dir: string, name: string): Promise<PartFile> {
    const claimed = await claimName(partFileName(name), (candidate) => createExclusive(join(dir, candidate)));
    return new PartFile(dir, name, join(dir, claimed.name), claimed.value);
  }

  async write(chunk: Uint8Array): Promise<void> {
    await writeAll(this.handle, chunk, this.partPath);
    this.bytes += chunk.length;
  }

  /** Flushes, closes and gives the file its final name ("name", or "name (1)", ...); returns that name. */
  async complete(): Promise<string> {
    try {
      // The visitor is told "received" only once the bytes are on disk.
      await this.handle.datasync();
    } catch (err) {
      throw new WriteError(errnoCode(err), this.partPath);
    } finally {
      await this.close();
    }
    return publishPart(this.dir, this.partPath, this.name);
  }

  /** Closes and deletes the .part file; safe to call after anything. */
  async discard(): Promise<void> {
    await this.close();
    await unlink(this.partPath).catch(() => undefined);
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }
}

/**
 * Gives a finished part file at `partPath` its final name in `dir`: "name",
 * else "name (1)", "name (2)" ..., never replacing anything; returns the name.
 * By link(2) and then dropping the part name; on a file system without hard
 * links by claiming the name with an exclusive create and renaming the part
 * over that placeholder, which is ours. Used by receive mode and by get.
 */
export async function publishPart(dir: string, partPath: string, name: string): Promise<string> {
  let finalName: string;
  try {
    finalName = (await claimName(name, (candidate) => link(partPath, join(dir, candidate)))).name;
  } catch (err) {
    if (!NO_LINKS.has(errnoCode(err))) throw err instanceof WriteError ? err : new WriteError(errnoCode(err), partPath);
    const claimed = await claimName(name, (candidate) => createExclusive(join(dir, candidate)));
    await claimed.value.close();
    try {
      await rename(partPath, join(dir, claimed.name));
    } catch (renameErr) {
      await unlink(join(dir, claimed.name)).catch(() => undefined);
      throw new WriteError(errnoCode(renameErr), partPath);
    }
    return claimed.name;
  }
  await unlink(partPath).catch(() => undefined);
  return finalName;
}

/** Opens a new file for writing; EEXIST passes through for claimName, anything else becomes a WriteError. */
async function createExclusive(path: string): Promise<FileHandle> {
  try {
    return await open(path, CREATE_FLAGS, 0o600);
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') throw err;
    throw new WriteError(errnoCode(err), path);
  }
}

/** Writes `data` to a new file named `name` (numbered if taken) in `dir`; returns the name used. */
export async function writeNewFile(dir: string, name: string, data: Uint8Array): Promise<string> {
  const { name: used, value: handle } = await claimName(name, (candidate) => createExclusive(join(dir, candidate)));
  const path = join(dir, used);
  try {
    await writeAll(handle, data, path);
    await handle.datasync().catch((err: unknown) => {
      throw new WriteError(errnoCode(err), path);
    });
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw err;
  }
  await handle.close().catch(() => undefined);
  return used;
}
