// Serving one catalogued file: ranges, validators, HEAD, and refusing a changed file (plain Node).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CatalogFile } from './catalog';
import { contentDisposition } from './content-disposition';
import { fileEtag, httpDate } from './etag';
import { isFileProblem } from '../files/errors';
import { openCatalogued, readCatalogued } from '../files/catalogued-file';
import { contentRange, decideRange } from './ranges';
import { pages, sendPage } from './respond';
import { refused, refuseFileProblem, type RouteContext } from './route-context';
import { sendBody } from './send-body';
import type { FileHandle } from 'node:fs/promises';

export interface FileTarget {
  file: CatalogFile;
  /** The main download of a single-file share (counts for stop-after-first). */
  wholeShare: boolean;
  /** Default application/octet-stream: a share never lets the browser render what it serves. */
  contentType?: string;
  /** Default 'attachment'; website mode serves pages 'inline'. */
  disposition?: 'attachment' | 'inline';
}

export async function serveFile(req: IncomingMessage, res: ServerResponse, target: FileTarget, ctx: RouteContext): Promise<void> {
  const { file, wholeShare } = target;
  const etag = fileEtag(file);
  const decision = decideRange(
    { method: req.method ?? 'GET', range: req.headers.range, ifRange: header(req, 'if-range') },
    file.size,
    { etag, lastModifiedMs: file.mtimeMs },
  );
  if (decision.kind === 'unsatisfiable') {
    sendPage(req, res, pages.rangeNotSatisfiable(), { 'Content-Range': contentRange(null, file.size), 'Accept-Ranges': 'bytes' });
    return;
  }
  const range = decision.kind === 'partial' ? decision.range : null;
  if (refused(req, res, ctx, ctx.admit({ what: 'file', wholeShare, range }), 'file')) return;

  let handle: FileHandle;
  try {
    handle = await openCatalogued(file);
  } catch (err) {
    if (!isFileProblem(err)) throw err;
    refuseFileProblem(req, res, ctx, err, 'file');
    return;
  }

  const length = range ? range.end - range.start + 1 : file.size;
  res.statusCode = range ? 206 : 200;
  res.setHeader('Content-Type', target.contentType ?? 'application/octet-stream');
  if ((target.disposition ?? 'attachment') === 'attachment') res.setHeader('Content-Disposition', contentDisposition(file.name));
  res.setHeader('Content-Length', length);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', httpDate(file.mtimeMs));
  if (range) res.setHeader('Content-Range', contentRange(range, file.size));
  if (req.method === 'HEAD') {
    await handle.close();
    res.end();
    return;
  }
  const download = ctx.tracker.begin({
    what: 'file',
    name: file.name,
    relPath: file.relPath,
    wholeShare,
    key: etag,
    total: file.size,
    range,
  });
  const from = range ? range.start : 0;
  await sendBody(res, readCatalogued(handle, file, from, from + length), length, download, ctx.send);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
