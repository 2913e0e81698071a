// Writing a small private file so that readers see the old or the new content, never half (plain Node).
// Used for settings (which may hold a Tor control password) and persistent
// share keys: mode 0600 whatever the umask, flushed to disk before it replaces
// the old file, and no temp file left behind when something fails.
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** Replaces `file` with `content` (mode 0600). Throws the file system's own error; callers add what the user needs. */
export function writePrivateFileAtomically(file: string, content: string): void {
  // A dotfile with a random part: never read as config or as a key, never
  // reused from an earlier crash (so 'wx' and the mode always apply).
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
