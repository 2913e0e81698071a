// One folder per submission under the receive folder, readable by the owner only (plain Node).
// Named by the local date and time plus a random suffix, so a listing sorts
// by arrival and two submissions in the same second never share a folder
// (mkdir fails on an existing name; we then draw another suffix).
import { randomBytes } from 'node:crypto';
import { mkdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../share/errors';

const two = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-27_14-03-05_ab12" for a local time and a suffix. */
export function submissionFolderName(at: Date, suffix: string): string {
  const date = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  const time = `${two(at.getHours())}-${two(at.getMinutes())}-${two(at.getSeconds())}`;
  return `${date}_${time}_${suffix}`;
}

/** The receive folder could not be created or is not a writable folder. */
export class ReceiveFolderError extends Error {
  readonly kind = 'receive-folder' as const;
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`cannot use the receive folder ${JSON.stringify(path)} (${code})`);
    this.name = 'ReceiveFolderError';
  }
}

const ATTEMPTS = 20;

/** Creates a fresh submission folder (mode 0700) and returns its path. */
export async function createSubmissionFolder(receiveDir: string, now: Date = new Date()): Promise<string> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const path = join(receiveDir, submissionFolderName(now, randomBytes(2).toString('hex')));
    try {
      await mkdir(path, { mode: 0o700 });
      return path;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw new ReceiveFolderError(receiveDir, errnoCode(err));
    }
  }
  throw new ReceiveFolderError(receiveDir, 'EEXIST');
}

/**
 * Undoes a submission that failed: removes the files it wrote (by the names
 * it wrote them under, nothing else) and then its folder. A folder that still
 * holds something else (a .part whose removal failed, a file someone put
 * there) stays, with that in it.
 */
export async function removeSubmission(dir: string, names: readonly string[]): Promise<void> {
  for (const name of names) await unlink(join(dir, name)).catch(() => undefined);
  await rmdir(dir).catch(() => undefined);
}
