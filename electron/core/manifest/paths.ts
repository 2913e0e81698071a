// Which paths a manifest may name, and which URL paths it may point to (neutral, pure).
//
// A manifest comes from the other side of the network: a path in it is
// refused unless it is a plain relative path of plain segments, so that no
// reader can be led to '..', an absolute path, a backslash (a separator on
// Windows) or control characters. What is still allowed but unwise on a disk
// (':' on FAT, leading dots, direction controls) is for the reader to rename,
// as receive mode renames uploads.
import { hasUnsafeNameChar } from '../share/name-chars';
import { parseRequestPath } from '../share/request-path';
import { MAX_DEPTH, MAX_PATH_BYTES, MAX_SEGMENT_BYTES } from './format';

export type PathProblem =
  | 'empty'
  | 'absolute'
  | 'empty-segment'
  | 'dot-segment'
  | 'forbidden-character'
  | 'not-unicode'
  | 'too-long'
  | 'too-deep'
  /** A file path ending with '/', or a folder path not ending with one. */
  | 'wrong-kind';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The segments of a share path ("a/b/" -> ["a", "b"]); call only on paths sharePathProblem accepted. */
export function segmentsOf(path: string): string[] {
  return (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
}

/** Why `path` is not a safe path inside a share, or null when it is. Folders end with '/', files do not. */
export function sharePathProblem(path: string, kind: 'file' | 'folder'): PathProblem | null {
  if (path === '' || path === '/') return 'empty';
  if (path.startsWith('/')) return 'absolute';
  if (LONE_SURROGATE.test(path)) return 'not-unicode';
  if (hasUnsafeNameChar(path)) return 'forbidden-character';
  if (path.endsWith('/') !== (kind === 'folder')) return 'wrong-kind';
  if (utf8Bytes(path) > MAX_PATH_BYTES) return 'too-long';
  const segments = segmentsOf(path);
  if (segments.length > MAX_DEPTH) return 'too-deep';
  for (const segment of segments) {
    if (segment === '') return 'empty-segment';
    if (segment === '.' || segment === '..') return 'dot-segment';
    if (utf8Bytes(segment) > MAX_SEGMENT_BYTES) return 'too-long';
  }
  return null;
}

/** The folder holding a share path: '' for the top level, else ending with '/'. */
export function parentFolder(path: string): string {
  const bare = path.endsWith('/') ? path.slice(0, -1) : path;
  const cut = bare.lastIndexOf('/');
  return cut < 0 ? '' : bare.slice(0, cut + 1);
}

/**
 * The decoded segments of a manifest URL path, when it is a plain origin-form
 * path under `prefix` ("/files", "/download"): no query, no fragment, no
 * encoding tricks (the share server's own strict parser decides), not a folder.
 */
export function urlSegments(url: string, prefix: '/files' | '/download'): string[] | null {
  if (url.includes('?') || url.includes('#')) return null;
  const parsed = parseRequestPath(url);
  if (!parsed.ok || parsed.directory) return null;
  const [head, ...rest] = parsed.segments;
  if (`/${head ?? ''}` !== prefix || rest.length === 0) return null;
  return rest;
}
