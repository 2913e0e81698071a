// Serving one file of a website: content type, validators, ranges, HEAD, the site's CSP (plain Node).
//
// The catalog says which file a path means, and the file is read through the
// one guarded reader (../files/catalogued-file.ts), as share mode's files are:
// opened without following a symlink and checked to be the catalogued file
// (device, inode, size, mtime) before a byte is sent, and cut off if it
// changes while it is sent, so a page edited mid-transfer never arrives mixed.
// A website is something people keep editing: a file edited or replaced since
// the catalog was built is reported as 'changed', and the caller walks the
// folder again (site-catalog.ts) and serves what is there now.
import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openCatalogued, readCatalogued } from '../files/catalogued-file';
import { FileChangedError } from '../files/errors';
import type { CatalogFile } from '../share/catalog';
import type { DownloadHandle } from '../share/downloads';
import { fileEtag, httpDate } from '../share/etag';
import { contentRange, decideRange } from '../share/ranges';
import { sendPage } from '../share/respond';
import { sendBody, type SendBodyContext } from '../share/send-body';
import { contentTypeOf } from './content-types';
import { websitePages } from './website-pages';

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
    handle = await openCatalogued(file);
  } catch (err) {
    if (err instanceof FileChangedError) return 'changed';
    sendPage(req, res, websitePages.unreadable());
    return 'served';
  }
  let closeHandle = true;
  try {
    const size = file.size;
    const etag = fileEtag(file);
    const validators = { ETag: etag, 'Last-Modified': httpDate(file.mtimeMs), 'Accept-Ranges': 'bytes' };
    if (noneMatchHits(header(req, 'if-none-match'), etag)) {
      res.statusCode = 304;
      for (const [name, value] of Object.entries(validators)) res.setHeader(name, value);
      res.end();
      return 'served';
    }
    const decision = decideRange(
      { method: req.method ?? 'GET', range: req.headers.range, ifRange: header(req, 'if-range') },
      size,
      { etag, lastModifiedMs: file.mtimeMs },
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
    // The reader owns the handle from here and closes it when it ends or is stopped.
    closeHandle = false;
    const from = range ? range.start : 0;
    await sendBody(res, readCatalogued(handle, file, from, from + length), length, ctx.begin(), ctx.send);
    return 'served';
  } finally {
    if (closeHandle) await handle.close().catch(() => undefined);
  }
}
