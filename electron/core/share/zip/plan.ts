// Layout of a stored (uncompressed) zip computed from stat data alone (plain Node).
// Every offset and the total size are known before any file is opened, which is
// what makes Content-Length and byte ranges over the archive possible.
import type { CataloguedFile } from '../../files/catalogued-file';
import { dosDateTime, unixSeconds } from './dos-time';
import { entryMtimeMs, entrySize, validateEntries, type ZipEntry } from './entry';
import {
  MAX32,
  centralHeaderLength,
  descriptorLength,
  localHeaderLength,
  needsZip64Trailer,
  trailerLength,
  type EntryFields,
} from './records';

interface PlannedCommon {
  readonly index: number;
  readonly name: string;
  readonly mtimeMs: number;
  readonly fields: EntryFields;
  readonly localOffset: number;
  /** First byte of file data (equals `end` for folders). */
  readonly dataOffset: number;
  /** First byte of the data descriptor (dataOffset + size). */
  readonly descriptorOffset: number;
  /** One past the last byte of this entry's local part. */
  readonly end: number;
  readonly centralOffset: number;
  readonly centralLength: number;
}

export interface PlannedFile extends PlannedCommon {
  readonly kind: 'file';
  readonly size: number;
  /** The file to read, and what it must still be. */
  readonly source: CataloguedFile;
}

export interface PlannedDir extends PlannedCommon {
  readonly kind: 'dir';
  readonly size: 0;
}

export type PlannedEntry = PlannedFile | PlannedDir;

export interface ZipPlan {
  readonly entries: readonly PlannedEntry[];
  readonly centralOffset: number;
  readonly centralSize: number;
  /** Where the ZIP64 end record (if any) or the end record starts. */
  readonly trailerOffset: number;
  readonly zip64Trailer: boolean;
  /** Exact archive length in bytes: the Content-Length of a full response. */
  readonly size: number;
}

/** Validates the entries and computes the archive layout. Throws ZipEntryError. */
export function planZip(entries: readonly ZipEntry[]): ZipPlan {
  validateEntries(entries);
  // Two passes: local parts first, because the central directory starts where they end.
  const n = entries.length;
  const localOffsets = new Array<number>(n);
  const centralLengths = new Array<number>(n);
  const fields = new Array<EntryFields>(n);
  let offset = 0;
  for (let index = 0; index < n; index++) {
    const entry = entries[index] as ZipEntry;
    const size = entrySize(entry);
    const mtimeMs = entryMtimeMs(entry);
    const isFile = entry.kind === 'file';
    const f: EntryFields = {
      name: entry.name,
      nameLength: Buffer.byteLength(entry.name, 'utf8'),
      isDir: !isFile,
      method: 0,
      dos: dosDateTime(mtimeMs),
      unixTime: unixSeconds(mtimeMs),
      zip64Local: size >= MAX32,
      hasDescriptor: isFile,
    };
    fields[index] = f;
    localOffsets[index] = offset;
    centralLengths[index] = centralHeaderLength(f.nameLength, { crc: 0, compressedSize: size, size, localOffset: offset });
    offset += localHeaderLength(f.nameLength, f.zip64Local) + size + (isFile ? descriptorLength(f.zip64Local) : 0);
  }
  const centralOffset = offset;
  const planned = new Array<PlannedEntry>(n);
  for (let index = 0; index < n; index++) {
    const entry = entries[index] as ZipEntry;
    const f = fields[index] as EntryFields;
    const localOffset = localOffsets[index] as number;
    const centralLength = centralLengths[index] as number;
    const dataOffset = localOffset + localHeaderLength(f.nameLength, f.zip64Local);
    const mtimeMs = entryMtimeMs(entry);
    planned[index] =
      entry.kind === 'file'
        ? {
            kind: 'file',
            index,
            name: entry.name,
            size: entry.source.size,
            source: entry.source,
            mtimeMs,
            fields: f,
            localOffset,
            dataOffset,
            descriptorOffset: dataOffset + entry.source.size,
            end: dataOffset + entry.source.size + descriptorLength(f.zip64Local),
            centralOffset: offset,
            centralLength,
          }
        : {
            kind: 'dir',
            index,
            name: entry.name,
            size: 0,
            mtimeMs,
            fields: f,
            localOffset,
            dataOffset,
            descriptorOffset: dataOffset,
            end: dataOffset,
            centralOffset: offset,
            centralLength,
          };
    offset += centralLength;
  }
  const directory = { entryCount: planned.length, centralOffset, centralSize: offset - centralOffset };
  const trailerOffset = offset;
  const size = trailerOffset + trailerLength(directory);
  if (!Number.isSafeInteger(size)) throw new RangeError('archive larger than 2^53 bytes');
  return {
    entries: planned,
    centralOffset,
    centralSize: directory.centralSize,
    trailerOffset,
    zip64Trailer: needsZip64Trailer(directory),
    size,
  };
}

/** Index of the entry whose local part contains `offset` (offset < centralOffset). */
export function entryAtOffset(plan: ZipPlan, offset: number): number {
  return lastAtOrBefore(plan.entries, offset, (e) => e.localOffset);
}

/** Index of the entry whose central record contains `offset` (within the directory). */
export function centralRecordAtOffset(plan: ZipPlan, offset: number): number {
  return lastAtOrBefore(plan.entries, offset, (e) => e.centralOffset);
}

function lastAtOrBefore(entries: readonly PlannedEntry[], offset: number, key: (e: PlannedEntry) => number): number {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (key(entries[mid] as PlannedEntry) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
