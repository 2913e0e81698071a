// ETag and Last-Modified derived from the files themselves (plain Node).
// They depend only on stat data (size, mtime, inode) and, for an archive, on
// every entry's path, so a persistent share restarted later hands out the same
// validators and browsers can resume downloads begun before the restart.
import { createHash } from 'node:crypto';

export interface Identity {
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface ArchiveMember extends Identity {
  relPath: string;
  kind: 'file' | 'directory';
}

// Bump when the bytes served for the same files change (e.g. a new zip layout),
// so clients holding an old validator restart instead of splicing two formats.
const FORMAT = 'oniondrop-etag-1';

/** Strong ETag of one file. Hashed so the inode number is not handed out as is. */
export function fileEtag(f: Identity): string {
  return quote(createHash('sha256').update(`${FORMAT}\0file\0${f.size}\0${f.mtimeMs}\0${f.ino}`));
}

/**
 * Strong ETag of an archive of `members`, in archive order. `variant` names
 * whatever else shapes the bytes (e.g. "zip-stored-v1"), so stored and
 * compressed archives of the same files never share a tag.
 */
export function archiveEtag(members: Iterable<ArchiveMember>, variant: string): string {
  const h = createHash('sha256').update(`${FORMAT}\0archive\0${variant}\0`);
  for (const m of members) {
    // Length-prefix the path so no choice of names can make two lists hash alike.
    h.update(`${Buffer.byteLength(m.relPath)}:${m.relPath}\0${m.kind}\0${m.size}\0${m.mtimeMs}\0${m.ino}\0`);
  }
  return quote(h);
}

/** The newest mtime among `members` (0 if none): the archive's Last-Modified. */
export function newestMtimeMs(members: Iterable<{ mtimeMs: number }>): number {
  let newest = 0;
  for (const m of members) newest = Math.max(newest, m.mtimeMs);
  return newest;
}

/** IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". */
export function httpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString();
}

function quote(h: ReturnType<typeof createHash>): string {
  return `"${h.digest('base64url').slice(0, 27)}"`;
}
