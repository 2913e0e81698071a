// The free-space floor: uploads stop before the receive folder's disk drops below it (plain Node).
// statfs is asked before an upload is accepted and again at least every
// CHECK_EVERY bytes written; in between, the last answer minus what we wrote
// since is the estimate, so a single upload never writes past the floor even
// between checks. Other writers on the same disk are only seen at the next
// check, so the floor can be undershot by at most CHECK_EVERY per upload.
import { statfs } from 'node:fs/promises';
import { limitRejection } from './rejection';

export const CHECK_EVERY = 1024 * 1024;

/** Bytes an unprivileged process may still write on the file system holding `path`. */
export async function freeBytes(path: string): Promise<number> {
  const s = await statfs(path);
  return s.bavail * s.bsize;
}

export type FreeBytes = (path: string) => Promise<number>;

export class SpaceGuard {
  private known: number | null = null;
  private sinceCheck = 0;

  constructor(
    private readonly dir: string,
    /** Bytes that must stay free; 0 turns the guard off (a full disk then ends the upload with ENOSPC). */
    private readonly floor: number,
    private readonly measure: FreeBytes = freeBytes,
    private readonly checkEvery: number = CHECK_EVERY,
  ) {}

  /** Throws an UploadRejected (free-space) if writing `bytes` more would cross the floor. */
  async reserve(bytes: number, fileName: string | null = null): Promise<void> {
    if (this.floor <= 0) return;
    const estimate = this.known === null ? -Infinity : this.known - this.sinceCheck - bytes;
    if (this.known === null || this.sinceCheck + bytes >= this.checkEvery || estimate < this.floor) {
      this.known = await this.measure(this.dir);
      this.sinceCheck = 0;
    }
    if (this.known - this.sinceCheck - bytes < this.floor) throw limitRejection('free-space', this.floor, fileName);
    this.sinceCheck += bytes;
  }
}
