// Turns a share's catalog into the zip the server streams (plain Node): stored
// and seekable by default, deflated on request (no ranges then).
import type { ArchiveSource } from './share/archive-source';
import type { Catalog } from './share/catalog';
import { archiveEtag, newestMtimeMs } from './share/etag';
import { CrcCache, deflatedZipChunks, planZip, zipRangeChunks, type ZipEntry } from './share/zip';

export interface ArchiveOptions {
  /** The download's file name, e.g. "OnionDrop.zip". */
  name: string;
  compress: boolean;
}

export function zipEntriesOf(catalog: Catalog): ZipEntry[] {
  return catalog.entries.map((e): ZipEntry =>
    e.kind === 'file'
      ? { kind: 'file', name: e.relPath, source: e }
      : { kind: 'dir', name: e.relPath, mtime: new Date(e.mtimeMs) },
  );
}

/** A safe archive file name from a title or the first item's name. */
export function archiveName(base: string): string {
  const cleaned = base
    .normalize('NFC')
    // One URL segment, no characters that file managers or shells trip on.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^[.\s-]+/, '')
    .trim()
    .slice(0, 120);
  return `${cleaned || 'OnionDrop'}.zip`;
}

export function createArchiveSource(catalog: Catalog, options: ArchiveOptions): ArchiveSource {
  const entries = zipEntriesOf(catalog);
  // Catalog entries are archive members as they are (relPath, kind, size, mtime, inode).
  const members = catalog.entries;
  const lastModifiedMs = newestMtimeMs(members);
  if (options.compress) {
    return {
      name: options.name,
      size: null,
      etag: archiveEtag(members, 'zip-deflated-v1'),
      lastModifiedMs,
      stream: () => deflatedZipChunks(entries),
    };
  }
  const plan = planZip(entries);
  // One cache per share: a resumed range or the central directory re-reads
  // only files whose CRC-32 no earlier response has computed.
  const crcs = new CrcCache();
  return {
    name: options.name,
    size: plan.size,
    etag: archiveEtag(members, 'zip-stored-v1'),
    lastModifiedMs,
    stream: (range) => (range ? zipRangeChunks(plan, range.start, range.end, crcs) : zipRangeChunks(plan, 0, plan.size - 1, crcs)),
  };
}
