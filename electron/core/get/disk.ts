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
import { link, lstat, mkdir, open, rename, unlink, utimes, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { claimName } from '../receive/part-file';
import { MAX_NAME_BYTES, splitExtension, truncateUtf8, utf8Length } from '../receive/safe-name';
import { errnoCode } from '../share/errors';
import { GetError } from './errors';

export const PART_SUFFIX = '.oniondrop-part';

const CREATE = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const REOPEN = constants.O_RDWR | constants.O_NOFOLLOW;
/** Error codes meaning "this file system has no hard links". */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

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
    finalName = (await claimName(name, (candidate) => link(partPath, join(dir, candidate)))).name;
    await unlink(partPath).catch(() => undefined);
  } catch (error) {
    if (!NO_LINKS.has(errnoCode(error))) throw writeFailed(partPath, error);
    const claimed = await claimName(name, (candidate) => createExclusive(join(dir, candidate)));
    await claimed.value.close();
    try {
      await rename(partPath, join(dir, claimed.name));
    } catch (renameError) {
      await unlink(join(dir, claimed.name)).catch(() => undefined);
      throw writeFailed(partPath, renameError);
    }
    finalName = claimed.name;
  }
  if (mtimeMs !== null) {
    const seconds = mtimeMs / 1000;
    await utimes(join(dir, finalName), new Date(), seconds).catch(() => undefined);
  }
  return finalName;
}

export async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}
