// The share manifest: what `oniondrop get` learns about a share before it downloads (neutral: types and constants only).
//
// Served by the share beside its pages (same access rules), read by the get
// client. It says no more than the share's pages do: the title, each file's
// path inside the share (never where it lives on the sharer's disk), size and
// modification time, and adds what a careful downloader needs: validators
// (ETags, the same the downloads carry), the SHA-256 of each file once the
// sharer has computed it, and the URL paths to fetch.
//
// Versioning: `version` is bumped for any change an older client could
// misread. Fields may be added within a version; readers ignore fields they do
// not know.

export const MANIFEST_FORMAT = 'oniondrop-manifest';
export const MANIFEST_VERSION = 1;
/** Where a share serves its manifest. Nothing else in a share's URL space is at the top level but `/`. */
export const MANIFEST_PATH = '/manifest.json';
export const MANIFEST_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A header on a share's refusals that tells a program why, where the status
 * alone cannot: a 410 is both "this file changed since the share started" and
 * "the share ended after its first download", a 503 both "busy" and "closing".
 * Pages for people say the same in words.
 */
export const REFUSAL_HEADER = 'OnionDrop-Refusal';
export const REFUSALS = ['share-changed', 'share-ended', 'share-busy', 'share-closing'] as const;
export type Refusal = (typeof REFUSALS)[number];

/** The header's value as a known refusal, or null (absent, or from a newer OnionDrop). */
export function refusalOf(value: string | string[] | undefined): Refusal | null {
  const text = Array.isArray(value) ? value[0] : value;
  return REFUSALS.find((r) => r === text?.trim()) ?? null;
}

/** A reader refuses anything larger (about 4,000 bytes per file for 100,000 files is far more than real entries use). */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
/** Files plus folders. */
export const MAX_MANIFEST_ENTRIES = 500_000;
/** Of one path, in UTF-8 bytes. */
export const MAX_PATH_BYTES = 4096;
/** Of one path segment, in UTF-8 bytes (Linux's NAME_MAX). */
export const MAX_SEGMENT_BYTES = 255;
export const MAX_DEPTH = 128;

export interface ManifestFile {
  /** Path inside the share, '/'-separated, as in the zip and under /files/ (e.g. "album/a.jpg"). */
  path: string;
  size: number;
  /** Modification time, whole milliseconds since 1970. */
  mtime: number;
  /** Lower-case hex, or null while the sharer has not computed it yet (or the file changed). */
  sha256: string | null;
  /** The strong ETag its downloads carry, with quotes. */
  etag: string;
  /** URL path to GET it (ranges allowed), or null when individual files are not offered. */
  url: string | null;
}

export interface ManifestFolder {
  /** Ends with '/' (e.g. "album/"). */
  path: string;
  mtime: number;
}

export interface ManifestArchive {
  /** The file name offered, e.g. "album.zip". */
  name: string;
  /** URL path of the archive, e.g. "/download/album.zip". */
  url: string;
  /** Exact size, or null for a compressed archive (made on the fly, no ranges). */
  size: number | null;
  etag: string;
  /** Whether byte ranges may be asked for (true exactly when the size is known). */
  ranges: boolean;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  /** The title the sharer gave, or null. */
  title: string | null;
  /**
   * The share's validator: the archive's ETag, or the only file's. It changes
   * whenever any shared file changes, so a download begun against one value
   * never continues against another.
   */
  etag: string;
  /** The share serves one download at a time (stop after first download): use one stream. */
  oneDownloadAtATime: boolean;
  /** Every file has a `url`. When false, the archive is the one thing to download. */
  individualFiles: boolean;
  /** The zip of the whole share; null for a single-file share. */
  archive: ManifestArchive | null;
  /** Null when the share's page does not list its contents (then only `totals` are told). */
  files: ManifestFile[] | null;
  folders: ManifestFolder[] | null;
  totals: { files: number; folders: number; bytes: number };
}
