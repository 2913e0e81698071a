// What goes into a zip, and the rules a name must follow to be safe to extract (plain Node).
import type { CataloguedFile } from '../../files/catalogued-file';
import { ZipEntryError, type ZipEntryProblem } from './errors';

/**
 * A regular file, read through the guarded reader when the archive is
 * streamed: its size and time in the archive are the catalogued ones, and
 * the file must still be that file.
 */
export interface ZipFileEntry {
  kind: 'file';
  /** Path inside the archive: UTF-8, '/'-separated, relative, no trailing '/'. */
  name: string;
  source: CataloguedFile;
}

/** A folder (kept even when empty). */
export interface ZipDirEntry {
  kind: 'dir';
  /** Path inside the archive, ending with '/'. */
  name: string;
  size?: 0;
  mtime: Date;
}

export type ZipEntry = ZipFileEntry | ZipDirEntry;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DRIVE_LETTER = /^[A-Za-z]:/;
const MAX_NAME_BYTES = 0xffff;

/** Why a single name is unsafe, or null if it is fine. Does not look at other entries. */
export function nameProblem(name: string, kind: ZipEntry['kind']): ZipEntryProblem | null {
  if (name.length === 0) return 'empty-name';
  if (name.includes('\0')) return 'nul';
  if (name.includes('\\')) return 'backslash';
  if (name.startsWith('/')) return 'absolute';
  if (DRIVE_LETTER.test(name)) return 'drive-letter';
  if (LONE_SURROGATE.test(name)) return 'malformed-unicode';
  const isFolderName = name.endsWith('/');
  if (kind === 'dir' && !isFolderName) return 'folder-name-without-slash';
  if (kind === 'file' && isFolderName) return 'file-name-with-slash';
  const segments = (isFolderName ? name.slice(0, -1) : name).split('/');
  for (const segment of segments) {
    if (segment.length === 0) return 'empty-segment';
    if (segment === '.' || segment === '..') return 'dot-segment';
  }
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return 'name-too-long';
  return null;
}

/**
 * Checks every entry and the set as a whole (no duplicates, no file that is also
 * used as a folder), so an extracting tool never has to choose between entries.
 */
export function validateEntries(entries: readonly ZipEntry[]): void {
  const files = new Set<string>();
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const problem = nameProblem(entry.name, entry.kind) ?? valueProblem(entry);
    if (problem) throw new ZipEntryError(index, entry.name, problem);
    const bare = entry.kind === 'dir' ? entry.name.slice(0, -1) : entry.name;
    if (seen.has(bare)) throw new ZipEntryError(index, entry.name, 'duplicate');
    seen.add(bare);
    if (entry.kind === 'file') files.add(bare);
  });
  entries.forEach((entry, index) => {
    const segments = entry.name.split('/');
    let prefix = '';
    // Every proper ancestor of this entry must not be a file.
    for (let i = 0; i < segments.length - 1; i++) {
      prefix = i === 0 ? (segments[0] as string) : `${prefix}/${segments[i] as string}`;
      if (files.has(prefix)) throw new ZipEntryError(index, entry.name, 'file-used-as-folder');
    }
  });
}

/** An entry's modification time in the archive: for a file the catalogued one, in whole milliseconds. */
export function entryMtimeMs(entry: ZipEntry): number {
  return entry.kind === 'file' ? Math.floor(entry.source.mtimeMs) : entry.mtime.getTime();
}

/** An entry's size in the archive. */
export function entrySize(entry: ZipEntry): number {
  return entry.kind === 'file' ? entry.source.size : 0;
}

function valueProblem(entry: ZipEntry): ZipEntryProblem | null {
  if (entry.kind === 'dir' && !(entry.mtime instanceof Date)) return 'bad-mtime';
  if (!Number.isFinite(entryMtimeMs(entry))) return 'bad-mtime';
  const size = entry.kind === 'file' ? entry.source.size : (entry.size ?? 0);
  if (!Number.isSafeInteger(size) || size < 0) return 'bad-size';
  if (entry.kind === 'dir' && size !== 0) return 'bad-size';
  return null;
}
