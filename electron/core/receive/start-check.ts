// What the receive folder says when receive mode starts: uploads a crash left unfinished, a disk already below the floor (plain Node).
// Both are warnings, not failures: the share can still start, but the person
// running it should know, at start, what would otherwise surface much later
// (a folder of stray .part files) or never (every upload refused with 507
// while the sharer waits for files).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Problem } from '../../contract';
import type { FreeBytes } from './disk-space';
import { PART_SUFFIX } from './safe-name';

/**
 * Unfinished uploads in the submission folders (one level below the receive
 * folder): files ending in .part that no running upload owns, because a
 * server that stops removes its own. Symlinks are not followed.
 */
export async function leftoverParts(receiveDir: string): Promise<{ files: number; folders: string[] }> {
  const folders: string[] = [];
  let files = 0;
  let entries;
  try {
    entries = await readdir(receiveDir, { withFileTypes: true });
  } catch {
    return { files, folders };
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    let inside;
    try {
      inside = await readdir(join(receiveDir, entry.name), { withFileTypes: true });
    } catch {
      continue;
    }
    const parts = inside.filter((f) => f.isFile() && f.name.endsWith(PART_SUFFIX)).length;
    if (parts > 0) {
      files += parts;
      folders.push(entry.name);
    }
  }
  return { files, folders: folders.sort() };
}

/** The warnings for a receive folder about to take uploads. */
export async function receiveFolderWarnings(receiveDir: string, minFreeSpace: number, measureFree: FreeBytes): Promise<Problem[]> {
  const warnings: Problem[] = [];
  const parts = await leftoverParts(receiveDir);
  if (parts.files > 0) warnings.push({ kind: 'leftover-parts', folder: receiveDir, files: parts.files, submissions: parts.folders });
  if (minFreeSpace > 0) {
    const free = await measureFree(receiveDir).catch(() => null);
    if (free !== null && free < minFreeSpace) warnings.push({ kind: 'low-disk-space', folder: receiveDir, free, floor: minFreeSpace });
  }
  return warnings;
}
