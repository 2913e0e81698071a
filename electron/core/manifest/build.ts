// Building a share's manifest from its catalog (plain Node: the ETags hash with node:crypto).
// It says what the share's pages say and no more: paths inside the share
// (never the sharer's disk paths, owners or inode numbers: the ETags are
// hashed), and when the page does not list the files, only the totals.
import type { ArchiveSource } from '../share/archive-source';
import type { Catalog, CatalogFile } from '../share/catalog';
import { fileEtag } from '../share/etag';
import { encodeSegment, urlPathFor } from '../share/request-path';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type Manifest, type ManifestFile, type ManifestFolder } from './format';

export interface ManifestSource {
  catalog: Catalog;
  /** The share's archive; null for a single-file share. */
  archive: Pick<ArchiveSource, 'name' | 'size' | 'etag'> | null;
  title: string | null;
  /** Files may be downloaded one by one (the share app's rule: listing on, not stop-after-first, several files). */
  individualFiles: boolean;
  /** The share page lists the files. When it does not, neither does the manifest. */
  listing: boolean;
  /** Stop after first download: one download at a time. */
  oneDownloadAtATime: boolean;
  /** The SHA-256 computed so far (file-hashes.ts), or null. */
  sha256Of?: (file: CatalogFile) => string | null;
}

const FILES_PREFIX = '/files';
const MAX_TITLE = 1000;

/** A title a reader can print: no control characters (they could be terminal escapes). */
function cleanTitle(title: string | null): string | null {
  if (title === null) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const cleaned = title.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, MAX_TITLE);
  return cleaned.trim() === '' ? null : cleaned;
}

export function buildManifest(source: ManifestSource): Manifest {
  const { catalog, archive } = source;
  const catalogFiles = catalog.entries.filter((e): e is CatalogFile => e.kind === 'file');
  const single = archive === null ? catalogFiles[0] : undefined;
  if (archive === null && (catalog.entries.length !== 1 || single === undefined)) {
    throw new Error('a share without an archive has exactly one file');
  }
  // A single-file share's page names its file even without a listing.
  const listed = source.listing || single !== undefined;
  const individual = single !== undefined || (source.individualFiles && listed);
  const urlOf = (f: CatalogFile): string | null => {
    if (!individual) return null;
    return single ? `/download/${encodeSegment(f.name)}` : urlPathFor(FILES_PREFIX, f.relPath);
  };
  const files: ManifestFile[] | null = listed
    ? catalogFiles.map((f) => ({
        path: f.relPath,
        size: f.size,
        mtime: Math.floor(f.mtimeMs),
        sha256: source.sha256Of?.(f) ?? null,
        etag: fileEtag(f),
        url: urlOf(f),
      }))
    : null;
  const folders: ManifestFolder[] | null = listed
    ? catalog.entries.filter((e) => e.kind === 'directory').map((d) => ({ path: d.relPath, mtime: Math.floor(d.mtimeMs) }))
    : null;
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    title: cleanTitle(source.title),
    etag: archive ? archive.etag : fileEtag(single as CatalogFile),
    oneDownloadAtATime: source.oneDownloadAtATime,
    individualFiles: individual,
    archive: archive
      ? {
          name: archive.name,
          url: `/download/${encodeSegment(archive.name)}`,
          size: archive.size,
          etag: archive.etag,
          ranges: archive.size !== null,
        }
      : null,
    files,
    folders,
    totals: { files: catalog.totals.files, folders: catalog.totals.directories, bytes: catalog.totals.bytes },
  };
}

/** The manifest as served: compact JSON, UTF-8. */
export function serializeManifest(manifest: Manifest): Buffer {
  return Buffer.from(JSON.stringify(manifest), 'utf8');
}
