// Strict parsing of a request target into path segments, and the reverse (plain Node).
// Shared by share and website mode: a request path is only ever used as a key
// into the catalog. Anything that is not a plain, well-formed path is refused
// outright (400) rather than normalised, so no decoding trick (double
// encoding, overlong UTF-8, backslashes, NUL, dot segments) can reach a lookup.
import type { CatalogEntry } from './catalog';
import type { CatalogIndex } from './catalog-index';
import { hasUnsafeNameChar } from './name-chars';

export type RequestPathProblem =
  | 'not-origin-form'
  | 'bad-character'
  | 'bad-percent-encoding'
  | 'not-utf8'
  | 'empty-segment'
  | 'dot-segment'
  | 'forbidden-character';

export type RequestPath =
  | { ok: true; segments: string[]; /** The path ended with '/'. */ directory: boolean }
  | { ok: false; problem: RequestPathProblem };

const utf8 = new TextDecoder('utf-8', { fatal: true });
// RFC 3986 pchar without '%' (handled apart) plus '/': unreserved, sub-delims, ':' and '@'.
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;

/** Parse `req.url` (origin-form: "/a/b%20c?query"); the query is ignored. */
export function parseRequestPath(rawUrl: string): RequestPath {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  if (!path.startsWith('/')) return { ok: false, problem: 'not-origin-form' };
  if (!PATH_CHARS.test(path)) return { ok: false, problem: 'bad-character' };
  if (path === '/') return { ok: true, segments: [], directory: true };
  const raw = path.slice(1).split('/');
  const directory = raw[raw.length - 1] === '';
  if (directory) raw.pop();
  const segments: string[] = [];
  for (const part of raw) {
    if (part === '') return { ok: false, problem: 'empty-segment' };
    const decoded = decodeSegment(part);
    if (typeof decoded !== 'string') return { ok: false, problem: decoded.problem };
    if (decoded === '.' || decoded === '..') return { ok: false, problem: 'dot-segment' };
    if (decoded.includes('/') || hasUnsafeNameChar(decoded)) return { ok: false, problem: 'forbidden-character' };
    segments.push(decoded);
  }
  return { ok: true, segments, directory };
}

function decodeSegment(part: string): string | { problem: 'bad-percent-encoding' | 'not-utf8' } {
  if (!part.includes('%')) return part;
  const bytes: number[] = [];
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c !== 0x25) {
      bytes.push(c);
      continue;
    }
    const hex = part.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { problem: 'bad-percent-encoding' };
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  try {
    // fatal: overlong forms (%c0%ae), surrogates and truncated sequences throw.
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return { problem: 'not-utf8' };
  }
}

/** Percent-encode one segment for a link (everything but unreserved characters). */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The URL path for a catalog relPath under a prefix: ('/files', 'a b/c/') -> '/files/a%20b/c/'. */
export function urlPathFor(prefix: string, relPath: string): string {
  const directory = relPath.endsWith('/');
  const segments = (directory ? relPath.slice(0, -1) : relPath).split('/').filter((s) => s !== '');
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return `${base}/${segments.map(encodeSegment).join('/')}${directory && segments.length > 0 ? '/' : ''}`;
}

export type Lookup =
  | { found: CatalogEntry }
  /** A folder asked for without its trailing slash: links inside it would resolve wrongly. */
  | { redirectToFolder: CatalogEntry }
  | { notFound: true };

/** Find the entry named by already-parsed segments (relative to where the catalog is mounted). */
export function lookupEntry(index: CatalogIndex, segments: readonly string[], directory: boolean): Lookup {
  if (segments.length === 0) return { notFound: true };
  const joined = segments.join('/');
  if (directory) {
    const folder = index.get(`${joined}/`);
    return folder ? { found: folder } : { notFound: true };
  }
  const file = index.get(joined);
  if (file) return { found: file };
  const folder = index.get(`${joined}/`);
  return folder ? { redirectToFolder: folder } : { notFound: true };
}
