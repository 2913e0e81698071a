// Where each file of a share goes in the destination folder, first time or resumed (plain Node).
//
// Every folder of the share becomes a folder this download creates itself
// (mkdir, never an existing one: "album" taken means "album (2)"), so every
// file lands in a folder that holds nothing but this download. Names are made
// safe with receive mode's rules (safeFileName): the manifest's paths were
// already refused if they could climb out ('..', absolute, backslashes), and
// what remains is renamed for the disk (':' on FAT, leading dots, direction
// controls). A resumed download uses the folders it made before, after
// checking each is still a real folder of ours.
import { join } from 'node:path';
import { parentFolder, segmentsOf, type Manifest } from '../manifest';
import { safeFileName } from '../receive/safe-name';
import { claimFolder, findFinished, isOurFolder, removeQuietly, reopenPart } from './disk';
import { GetError } from './errors';
import type { Span } from './intervals';
import type { GetMode, GetState } from './state';
import type { FileHandle } from 'node:fs/promises';

export interface PlannedTarget {
  id: number;
  /** The state's key: the path in the share, or the archive's name. */
  key: string;
  /** Shown to the user and named in problems. */
  name: string;
  url: string;
  etag: string;
  size: number | null;
  sha256: string | null;
  mtime: number | null;
  /** Folder relative to the destination: '' or ending with '/'. */
  dir: string;
  /** The name it should get (numbered if taken when it finishes). */
  localName: string;
  /** The part file relative to the destination, with its handle, when bytes are on disk. */
  part: string | null;
  handle: FileHandle | null;
  /** Byte ranges on disk (from the state), trusted only with an intact part. */
  done: Span[];
  savedAs: string | null;
}

export interface Layout {
  mode: GetMode;
  folders: Record<string, string>;
  targets: PlannedTarget[];
}

function lastSegment(path: string): string {
  const segments = segmentsOf(path);
  return segments[segments.length - 1] ?? path;
}

/** Files one by one when the share offers them (unless the archive is preferred), else the archive. */
export function chooseMode(manifest: Manifest, prefer: 'auto' | 'archive'): GetMode {
  if (manifest.archive && (prefer === 'archive' || !manifest.individualFiles)) return 'archive';
  return 'files';
}

async function folderFor(destination: string, folders: Record<string, string>, path: string): Promise<void> {
  const parent = parentFolder(path);
  const parentLocal = parent === '' ? '' : folders[parent];
  if (parentLocal === undefined) throw new GetError({ kind: 'get-destination', path: destination, reason: 'unsafe' });
  const known = folders[path];
  if (known !== undefined) {
    const status = await isOurFolder(join(destination, known));
    if (status === true) return;
    if (status === false) throw new GetError({ kind: 'get-destination', path: join(destination, known), reason: 'unsafe' });
    // Deleted since the last run: made again (its unfinished files are fetched again, see below).
  }
  const made = await claimFolder(join(destination, parentLocal), safeFileName(lastSegment(path)));
  folders[path] = `${parentLocal}${made}/`;
}

export async function planLayout(destination: string, manifest: Manifest, mode: GetMode, previous: GetState | null): Promise<Layout> {
  const folders: Record<string, string> = { ...(previous?.folders ?? {}) };
  const targets: PlannedTarget[] = [];
  const base = (key: string): Pick<PlannedTarget, 'part' | 'handle' | 'done' | 'savedAs'> => {
    const s = previous?.targets[key];
    return { part: s?.part ?? null, handle: null, done: s?.done ?? [], savedAs: s?.savedAs ?? null };
  };
  if (mode === 'archive') {
    const archive = manifest.archive;
    if (!archive) throw new Error('archive mode without an archive');
    targets.push({
      id: 0,
      key: archive.name,
      name: archive.name,
      url: archive.url,
      etag: archive.etag,
      size: archive.size,
      sha256: null,
      mtime: null,
      dir: '',
      localName: safeFileName(archive.name),
      ...base(archive.name),
    });
  } else {
    for (const folder of manifest.folders ?? []) await folderFor(destination, folders, folder.path);
    for (const file of manifest.files ?? []) {
      if (file.url === null) throw new Error('files mode without file URLs');
      const parent = parentFolder(file.path);
      targets.push({
        id: targets.length,
        key: file.path,
        name: file.path,
        url: file.url,
        etag: file.etag,
        size: file.size,
        sha256: file.sha256,
        mtime: file.mtime,
        dir: parent === '' ? '' : (folders[parent] as string),
        localName: safeFileName(lastSegment(file.path)),
        ...base(file.path),
      });
    }
  }
  // A part file from an earlier run is used only while it is still ours and whole enough; else its bytes are fetched again.
  for (const t of targets) {
    if (t.savedAs !== null || t.part === null) {
      t.part = null;
      t.done = [];
      continue;
    }
    t.handle = await reopenPart(join(destination, t.part), t.size);
    if (t.handle === null && t.size !== null && t.sha256 !== null) {
      // Perhaps finished and named just before a kill, the state not yet told: adopted only if it is exactly the file.
      const found = await findFinished(join(destination, t.dir), t.part.slice(t.dir.length), t.localName, t.size, t.sha256);
      if (found !== null) {
        t.savedAs = `${t.dir}${found}`;
        t.part = null;
        t.done = [];
        continue;
      }
    }
    if (t.handle === null || t.size === null) {
      // A compressed archive cannot be resumed: its old part is ours and of no use.
      if (t.handle) {
        await t.handle.close();
        await removeQuietly(join(destination, t.part));
      }
      t.handle = null;
      t.part = null;
      t.done = [];
    }
  }
  return { mode, folders, targets };
}
