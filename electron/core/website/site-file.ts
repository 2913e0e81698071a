// Serving one file of a website: content type, validators, ranges, HEAD, the site's CSP (plain Node).
//
// The catalog says which file a path means; the file is then opened without
// following a final symlink and checked to be that same file (device and
// inode). Its current size and time are served: a website may change while
// it is shared. A file that was replaced or removed since the catalog was
// built is reported as 'changed', and the caller walks the folder again.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CatalogFile } from '../share/catalog';
import type { DownloadHandle } from '../share/downloads';
import { errnoCode } from '../share/errors';
import { fileEtag, httpDate } from '../share/etag';
import { contentRange, decideRange } from '../share/ranges';
import { sendPage } from '../share/respond';
import { sendBody, type SendBodyContext } from '../share/send-body';
import { contentTypeOf } from './content-types';
import { websitePages } from './website-pages';

// O_NONBLOCK: a path that became a FIFO must not hang open (the identity check then refuses it).
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const GONE = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENXIO']);

export interface SiteFileContext {
  /** The policy for the site's own files; null sends none. */
  csp: string | null;
  send: SendBodyContext;
  /** Count a response body as running until it ends. */
  begin(): DownloadHandle;
}

export type SiteFileOutcome = 'served' | 'changed';

/** True when If-None-Match names `etag` (weak comparison, as RFC 9110 section 13.1.2 asks). */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string): string => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || bare(tag) === bare(etag);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export async function serveSiteFile(req: IncomingMessage, res: ServerResponse, file: CatalogFile, ctx: SiteFileContext): Promise<SiteFileOutcome> {
  let handle: FileHandle;
  try {
    handle = await open(file.realPath, OPEN_FLAGS);
  } catch (err) {
    if (GONE.has(errnoCode(err))) return 'changed';
    sendPage(req, res, websitePages.unreadable());
    return 'served';
  }
  let closeHandle = true;
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.ino !== file.ino || st.dev !== file.dev) return 'changed';

    const size = st.size;
    const etag = fileEtag({ size, mtimeMs: st.mtimeMs, ino: st.ino });
    const validators = { ETag: etag, 'Last-Modified': httpDate(st.mtimeMs), 'Accept-Ranges': 'bytes' };
    if (noneMatchHits(header(req, 'if-none-match'), etag)) {
      res.statusCode = 304;
      for (const [name, value] of Object.entries(validators)) res.setHeader(name, value);
      res.end();
      return 'served';
    }
    const decision = decideRange(
      { method: req.method ?? 'GET', range: req.headers.range, ifRange: header(req, 'if-range') },
      size,
      { etag, lastModifiedMs: st.mtimeMs },
    );
    if (decision.kind === 'unsatisfiable') {
      sendPage(req, res, websitePages.rangeNotSatisfiable(), { 'Content-Range': contentRange(null, size), 'Accept-Ranges': 'bytes' });
      return 'served';
    }
    const range = decision.kind === 'partial' ? decision.range : null;
    const length = range ? range.end - range.start + 1 : size;
    res.statusCode = range ? 206 : 200;
    if (ctx.csp === null) res.removeHeader('Content-Security-Policy');
    else res.setHeader('Content-Security-Policy', ctx.csp);
    res.setHeader('Content-Type', contentTypeOf(file.name));
    res.setHeader('Content-Length', length);
    for (const [name, value] of Object.entries(validators)) res.setHeader(name, value);
    if (range) res.setHeader('Content-Range', contentRange(range, size));
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return 'served';
    }
    // The stream owns the handle from here and closes it when it ends or is destroyed.
    closeHandle = false;
    const body = handle.createReadStream({ start: range ? range.start : 0, end: range ? range.end : size - 1 });
    await sendBody(res, body, length, ctx.begin(), ctx.send);
    return 'served';
  } finally {
    if (closeHandle) await handle.close().catch(() => undefined);
  }
}
