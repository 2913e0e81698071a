// Generates the shared data (real random bytes, written once) and reads files back to warm the page cache (plain Node).
// Random bytes so nothing can win by compressing; every measurement is preceded by a
// warm-up read so each server reads from the page cache, not from the disk.
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type DataSetId = 'file-large' | 'folder-large' | 'file-small' | 'folder-small';

export interface DataSet {
  readonly id: DataSetId;
  /** What the tables call it, e.g. "1 GiB file". */
  readonly label: string;
  readonly kind: 'file' | 'folder';
  /** The path given to the apps on their command line. */
  readonly sharePath: string;
  /** Every regular file in the share. */
  readonly files: readonly string[];
  readonly bytes: number;
}

export interface DataSetSizes {
  readonly largeFileBytes: number;
  readonly largeFolderFiles: number;
  readonly smallFileBytes: number;
  readonly smallFolderFiles: number;
  readonly folderFileBytes: number;
}

const MiB = 1024 * 1024;
const CHUNK = 16 * MiB;

/**
 * Every data file gets this modification time, a whole second (2026-01-01T00:00:00Z):
 * zips of the same data are then the same bytes in every run. It also keeps the run
 * clear of a bug seen with this OnionDrop version: a file whose mtime has a
 * sub-millisecond part of .5 or more is taken for "changed" (Date truncates, Node's
 * stats.mtime rounds) and the zip download is cut off at that file.
 */
export const DATA_MTIME_SECONDS = 1_767_225_600;

export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * MiB && bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)} GiB`;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  return `${bytes} B`;
}

function writeRandomFile(path: string, bytes: number, scratch: Buffer): void {
  const fd = openSync(path, 'w', 0o644);
  try {
    let left = bytes;
    while (left > 0) {
      const n = Math.min(left, scratch.length);
      randomFillSync(scratch, 0, n);
      writeSync(fd, scratch, 0, n);
      left -= n;
    }
  } finally {
    closeSync(fd);
  }
  utimesSync(path, DATA_MTIME_SECONDS, DATA_MTIME_SECONDS);
}

function makeFile(id: DataSetId, root: string, bytes: number, scratch: Buffer): DataSet {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${id}.bin`);
  writeRandomFile(path, bytes, scratch);
  return { id, label: `${sizeLabel(bytes)} file`, kind: 'file', sharePath: path, files: [path], bytes };
}

function makeFolder(id: DataSetId, root: string, count: number, eachBytes: number, scratch: Buffer): DataSet {
  const dir = join(root, id, id);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `f${String(i).padStart(4, '0')}.bin`);
    writeRandomFile(path, eachBytes, scratch);
    files.push(path);
  }
  return { id, label: `folder of ${count} × ${sizeLabel(eachBytes)}`, kind: 'folder', sharePath: dir, files, bytes: count * eachBytes };
}

/** A single random file on its own (the onion-path run needs only that). */
export function makeFileDataSet(id: DataSetId, root: string, bytes: number): DataSet {
  return makeFile(id, root, bytes, Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, bytes))));
}

export function makeDataSets(root: string, sizes: DataSetSizes): Record<DataSetId, DataSet> {
  const scratch = Buffer.allocUnsafe(CHUNK);
  return {
    'file-large': makeFile('file-large', root, sizes.largeFileBytes, scratch),
    'folder-large': makeFolder('folder-large', root, sizes.largeFolderFiles, sizes.folderFileBytes, scratch),
    'file-small': makeFile('file-small', root, sizes.smallFileBytes, scratch),
    'folder-small': makeFolder('folder-small', root, sizes.smallFolderFiles, sizes.folderFileBytes, scratch),
  };
}

/** Reads every file once so the next reader finds it in the page cache; returns bytes read. */
export function warmRead(paths: readonly string[]): number {
  const scratch = Buffer.allocUnsafe(4 * MiB);
  let total = 0;
  for (const path of paths) {
    const fd = openSync(path, 'r');
    try {
      for (;;) {
        const n = readSync(fd, scratch, 0, scratch.length, null);
        if (n === 0) break;
        total += n;
      }
    } finally {
      closeSync(fd);
    }
  }
  return total;
}
