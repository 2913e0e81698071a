// The check before an archive download: is every file of the share still the one catalogued? (plain Node)
// Reading goes through the one guarded reader (../files/catalogued-file.ts),
// which refuses a changed file at open and while reading; this check only
// lets the server answer with a clear page before an archive's first byte,
// instead of cutting the archive off at the file that changed.
import { lstatSync } from 'node:fs';
import { sameState, stateOf, type CataloguedFile } from '../files/catalogued-file';
import { errnoCode, FileChangedError, FileUnreadableError, type FileState } from '../files/errors';
import { Pacer } from './pacer';

/**
 * Stat every file (without opening it) and return the first that no longer
 * matches, or null. Synchronous calls, paced (see pacer.ts): this runs before
 * every archive download.
 */
export async function findChangedFile(files: readonly CataloguedFile[]): Promise<FileChangedError | FileUnreadableError | null> {
  const pacer = new Pacer();
  for (const f of files) {
    await pacer.pace();
    const expected: FileState = { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino, dev: f.dev };
    let actual: FileState | null;
    try {
      const st = lstatSync(f.realPath);
      actual = st.isFile() ? stateOf(st) : null;
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return new FileChangedError(f.relPath, expected, null);
      return new FileUnreadableError(f.relPath, code);
    }
    if (actual === null || !sameState(actual, expected)) return new FileChangedError(f.relPath, expected, actual);
  }
  return null;
}
