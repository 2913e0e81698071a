// The download's files on disk: part files, folders made for it, and final names that never replace anything (plain Node).
//
// Every name is claimed, never checked first: a part file and a folder are
// created exclusively (O_EXCL, mkdir), and a finished file gets its final name
// by link(2), which fails on an existing name; "name (2)", "name (3)" ... are
// tried then, with receive mode's rules (claimName, numberedName). On a file
// system without hard links the final name is claimed by an exclusive create
// and the part renamed over that placeholder, which is ours. Part files are
// opened without following symlinks, and a part found again after a restart
// is used only if it is still a plain file of ours with no other name.
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, unlink, utimes, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { claimName, publishPart, WriteError } from '../receive/part-file';
import { MAX_NAME_BYTES, numberedName, splitExtension, truncateUtf8, utf8Length } from '../receive/safe-name';
import { errnoCode } from '../share/errors';
import { GetError } from './errors';
import { sha256Of } from './verify';

export const PART_SUFFIX = '.oniondrop-part';

const CREATE = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const REOPEN = constants.O_RDWR | constants.O_NOFOLLOW;

export function writeFailed(path: string, error: unknown): GetError {
  return new GetError({ kind: 'get-write', path, code: errnoCode(error) });
}

/** "report.pdf" -> "report.pdf.oniondrop-part", within the longest name Linux allows. */
export function partNameFor(name: string): string {
  const [stem, ext] = splitExtension(name);
  const tail = `${ext}${PART_SUFFIX}`;
  return truncateUtf8(stem, MAX_NAME_BYTES - utf8Length(tail)) + tail;
}

async function createExclusive(path: string): Promise<FileHandle> {
  try {
    return await open(path, CREATE, 0o600);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') throw error;
    throw writeFailed(path, error);
  }
}

/** A new part file for `name` in `dir`; returns the name it got. */
export async function createPart(dir: string, name: string): Promise<{ name: string; handle: FileHandle }> {
  const claimed = await claimName(partNameFor(name), (candidate) => createExclusive(join(dir, candidate)));
  return { name: claimed.name, handle: claimed.value };
}

const uid = process.geteuid?.();

/** A plain file we made and nobody linked elsewhere. */
function ours(st: Stats): boolean {
  return st.isFile() && st.nlink === 1 && (uid === undefined || st.uid === uid);
}

/** The part file of an earlier run, or null when it is gone or no longer trustworthy (then it is left alone). */
export async function reopenPart(path: string, maxSize: number | null): Promise<FileHandle | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, REOPEN);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return null;
    throw writeFailed(path, error);
  }
  const st = await handle.stat();
  if (!ours(st) || (maxSize !== null && st.size > maxSize)) {
    await handle.close();
    return null;
  }
  return handle;
}

/** A new folder named `name` (or "name (2)" ...) in `dir`; returns the name it got. */
export async function claimFolder(dir: string, name: string): Promise<string> {
  try {
    return (
      await claimName(name, async (candidate) => {
        await mkdir(join(dir, candidate), { mode: 0o700 });
      })
    ).name;
  } catch (error) {
    if (error instanceof GetError) throw error;
    throw writeFailed(join(dir, name), error);
  }
}

/** Whether `path` is still a real folder (not a symlink, not a file) we can use. */
export async function isOurFolder(path: string): Promise<boolean | 'missing'> {
  try {
    const st = await lstat(path);
    return st.isDirectory() && (uid === undefined || st.uid === uid);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 'missing';
    throw writeFailed(path, error);
  }
}

/**
 * Gives the finished part its final name in `dir` ("name", else "name (2)" ...),
 * never replacing anything, and its modification time; returns the name.
 */
export async function finalizePart(dir: string, partName: string, name: string, mtimeMs: number | null): Promise<string> {
  const partPath = join(dir, partName);
  let finalName: string;
  try {
    finalName = await publishPart(dir, partPath, name);
  } catch (error) {
    throw new GetError({ kind: 'get-write', path: partPath, code: error instanceof WriteError ? error.code : errnoCode(error) });
  }
  if (mtimeMs !== null) {
    const seconds = mtimeMs / 1000;
    await utimes(join(dir, finalName), new Date(), seconds).catch(() => undefined);
  }
  return finalName;
}

/**
 * A file an earlier run finished and named but could not record (killed
 * between the rename and the next state write): the first of "name",
 * "name (1)", ... in `dir` that is a plain file of ours with the expected size
 * and SHA-256. Returns its name, or null. If the part's name still points at
 * it (killed between link and unlink), that name is removed.
 */
export async function findFinished(dir: string, partName: string, name: string, size: number, sha256: string): Promise<string | null> {
  for (let n = 0; n < 100; n++) {
    const candidate = n === 0 ? name : numberedName(name, n);
    let handle: FileHandle;
    try {
      handle = await open(join(dir, candidate), constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      // Names are claimed in order, so ours is never past the first free one.
      if (errnoCode(error) === 'ENOENT') return null;
      continue;
    }
    try {
      const st = await handle.stat();
      if (!st.isFile() || st.size !== size || (uid !== undefined && st.uid !== uid)) continue;
      if ((await sha256Of(handle, size)) !== sha256) continue;
      const part = await lstat(join(dir, partName)).catch(() => null);
      if (part !== null && part.ino === st.ino && part.dev === st.dev) await removeQuietly(join(dir, partName));
      return candidate;
    } finally {
      await handle.close();
    }
  }
  return null;
}

export async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}
