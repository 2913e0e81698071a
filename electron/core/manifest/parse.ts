// Reading a manifest that came over the network: every field checked, nothing trusted (neutral, pure).
//
// The result is either a Manifest whose parts agree with each other (sizes add
// up to the totals, every file's folder is listed, no path twice, URLs that
// name what they claim to) or the first thing found wrong, with where.
import {
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  MAX_MANIFEST_BYTES,
  MAX_MANIFEST_ENTRIES,
  type Manifest,
  type ManifestArchive,
  type ManifestFile,
  type ManifestFolder,
} from './format';
import { parentFolder, sharePathProblem, urlSegments, type PathProblem } from './paths';

export type ManifestProblem =
  /** Not JSON, or not UTF-8. */
  | { reason: 'not-json' }
  /** JSON, but not an OnionDrop manifest (no `format`). */
  | { reason: 'not-manifest' }
  /** A manifest of a later version than this reader knows. */
  | { reason: 'newer-version'; version: number }
  | { reason: 'too-large'; bytes: number }
  /** A field has the wrong type or value, or fields disagree; `where` names it ("files[3].size"). */
  | { reason: 'invalid'; where: string }
  /** A path that could lead outside the folder it is saved in, or is otherwise unusable. */
  | { reason: 'unsafe-path'; where: string; path: string; problem: PathProblem };

export type ManifestParse = { ok: true; manifest: Manifest } | { ok: false; problem: ManifestProblem };

/** Thrown inside the parser only; parseManifest returns it as a value. */
class Refusal {
  constructor(readonly problem: ManifestProblem) {}
}

const SHA256 = /^[0-9a-f]{64}$/;
/** A strong entity tag (RFC 9110 8.8.3), of a sane length. */
const STRONG_ETAG = /^"[\x21\x23-\x7e]{1,200}"$/;
const MAX_TITLE = 1000;
const MAX_MTIME = 8.64e15;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function invalid(where: string): never {
  throw new Refusal({ reason: 'invalid', where });
}

function object(value: Json | undefined, where: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(where);
  return value;
}

function array(value: Json | undefined, where: string): Json[] {
  if (!Array.isArray(value)) invalid(where);
  return value;
}

function string(value: Json | undefined, where: string): string {
  if (typeof value !== 'string') invalid(where);
  return value;
}

function boolean(value: Json | undefined, where: string): boolean {
  if (typeof value !== 'boolean') invalid(where);
  return value;
}

function count(value: Json | undefined, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) invalid(where);
  return value;
}

function mtime(value: Json | undefined, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > MAX_MTIME) invalid(where);
  return value;
}

function etag(value: Json | undefined, where: string): string {
  const text = string(value, where);
  if (!STRONG_ETAG.test(text)) invalid(where);
  return text;
}

function title(value: Json | undefined): string | null {
  if (value === null) return null;
  const text = string(value, 'title');
  // eslint-disable-next-line no-control-regex -- control characters are what is refused (terminal escapes)
  if (text.length > MAX_TITLE || /[\u0000-\u001f\u007f-\u009f]/.test(text)) invalid('title');
  return text;
}

function path(value: Json | undefined, kind: 'file' | 'folder', where: string): string {
  const text = string(value, where);
  const problem = sharePathProblem(text, kind);
  if (problem) throw new Refusal({ reason: 'unsafe-path', where, path: text, problem });
  return text;
}

function parseFile(value: Json | undefined, where: string): ManifestFile {
  const o = object(value, where);
  const sha = o['sha256'];
  if (sha !== null && (typeof sha !== 'string' || !SHA256.test(sha))) invalid(`${where}.sha256`);
  const url = o['url'];
  if (url !== null && typeof url !== 'string') invalid(`${where}.url`);
  return {
    path: path(o['path'], 'file', `${where}.path`),
    size: count(o['size'], `${where}.size`),
    mtime: mtime(o['mtime'], `${where}.mtime`),
    sha256: sha ?? null,
    etag: etag(o['etag'], `${where}.etag`),
    url: url ?? null,
  };
}

function parseFolder(value: Json | undefined, where: string): ManifestFolder {
  const o = object(value, where);
  return { path: path(o['path'], 'folder', `${where}.path`), mtime: mtime(o['mtime'], `${where}.mtime`) };
}

function parseArchive(value: Json | undefined): ManifestArchive | null {
  if (value === null) return null;
  const o = object(value, 'archive');
  const size = o['size'] === null ? null : count(o['size'], 'archive.size');
  const ranges = boolean(o['ranges'], 'archive.ranges');
  if (ranges !== (size !== null)) invalid('archive.ranges');
  const archive: ManifestArchive = {
    name: string(o['name'], 'archive.name'),
    url: string(o['url'], 'archive.url'),
    size,
    etag: etag(o['etag'], 'archive.etag'),
    ranges,
  };
  // The name is one plain segment, and the URL is /download/<that name>.
  const nameProblem = sharePathProblem(archive.name, 'file');
  if (nameProblem || archive.name.includes('/')) {
    throw new Refusal({ reason: 'unsafe-path', where: 'archive.name', path: archive.name, problem: nameProblem ?? 'forbidden-character' });
  }
  const segments = urlSegments(archive.url, '/download');
  if (!segments || segments.length !== 1 || segments[0] !== archive.name) invalid('archive.url');
  return archive;
}

function list<T>(value: Json | undefined, where: string, item: (v: Json | undefined, where: string) => T): T[] | null {
  if (value === null) return null;
  return array(value, where).map((v, i) => item(v, `${where}[${i}]`));
}

/** The checks that need the whole manifest: a tree without duplicates, sums, URLs. */
function checkConsistency(m: Manifest): void {
  const { files, folders, archive } = m;
  if ((files === null) !== (folders === null)) invalid('folders');
  // A single-file share: exactly one file, at the top level, and it is the download.
  if (archive === null && (files === null || files.length !== 1 || folders?.length !== 0 || !m.individualFiles)) invalid('archive');
  if (files !== null && folders !== null) {
    if (files.length !== m.totals.files) invalid('totals.files');
    if (folders.length !== m.totals.folders) invalid('totals.folders');
    let bytes = 0;
    for (const f of files) bytes += f.size;
    if (!Number.isSafeInteger(bytes) || bytes !== m.totals.bytes) invalid('totals.bytes');

    const folderSet = new Set<string>();
    folders.forEach((f, i) => {
      // A parent must come before its children, as in a share's catalog.
      const parent = parentFolder(f.path);
      if (folderSet.has(f.path)) invalid(`folders[${i}].path`);
      if (parent !== '' && !folderSet.has(parent)) invalid(`folders[${i}].path`);
      folderSet.add(f.path);
    });
    const fileSet = new Set<string>();
    files.forEach((f, i) => {
      const parent = parentFolder(f.path);
      if (fileSet.has(f.path) || folderSet.has(`${f.path}/`)) invalid(`files[${i}].path`);
      if (parent !== '' && !folderSet.has(parent)) invalid(`files[${i}].path`);
      fileSet.add(f.path);
    });

    files.forEach((f, i) => {
      if ((f.url !== null) !== m.individualFiles) invalid(`files[${i}].url`);
      if (f.url === null) return;
      // A single-file share offers its file as the main download; otherwise under /files/.
      const segments = archive === null ? urlSegments(f.url, '/download') : urlSegments(f.url, '/files');
      if (!segments || segments.join('/') !== f.path) invalid(`files[${i}].url`);
    });
  } else if (m.individualFiles) {
    invalid('individualFiles');
  }

  if (archive === null) {
    if (files?.[0]?.etag !== m.etag) invalid('etag');
  } else if (archive.etag !== m.etag) {
    invalid('etag');
  }
}

function parseObject(root: JsonObject): Manifest {
  if (root['format'] !== MANIFEST_FORMAT) throw new Refusal({ reason: 'not-manifest' });
  const version = root['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) invalid('version');
  if (version > MANIFEST_VERSION) throw new Refusal({ reason: 'newer-version', version });
  const totalsObject = object(root['totals'], 'totals');
  const totals = {
    files: count(totalsObject['files'], 'totals.files'),
    folders: count(totalsObject['folders'], 'totals.folders'),
    bytes: count(totalsObject['bytes'], 'totals.bytes'),
  };
  const filesValue = root['files'];
  const foldersValue = root['folders'];
  const entries = (Array.isArray(filesValue) ? filesValue.length : 0) + (Array.isArray(foldersValue) ? foldersValue.length : 0);
  if (entries > MAX_MANIFEST_ENTRIES || totals.files + totals.folders > MAX_MANIFEST_ENTRIES) invalid('files');
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    title: title(root['title']),
    etag: etag(root['etag'], 'etag'),
    oneDownloadAtATime: boolean(root['oneDownloadAtATime'], 'oneDownloadAtATime'),
    individualFiles: boolean(root['individualFiles'], 'individualFiles'),
    archive: parseArchive(root['archive']),
    files: list(filesValue, 'files', parseFile),
    folders: list(foldersValue, 'folders', parseFolder),
    totals,
  };
  checkConsistency(manifest);
  return manifest;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parse a manifest body (bytes as received, or text). */
export function parseManifest(body: Uint8Array | string): ManifestParse {
  const bytes = typeof body === 'string' ? null : body;
  if (bytes && bytes.length > MAX_MANIFEST_BYTES) return { ok: false, problem: { reason: 'too-large', bytes: bytes.length } };
  let root: Json;
  try {
    const text = bytes ? utf8.decode(bytes) : (body as string);
    root = JSON.parse(text) as Json;
  } catch {
    return { ok: false, problem: { reason: 'not-json' } };
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return { ok: false, problem: { reason: 'not-manifest' } };
  try {
    return { ok: true, manifest: parseObject(root) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    throw error;
  }
}
