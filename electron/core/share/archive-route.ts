// Serving the archive of a multi-file share through an ArchiveSource (plain Node).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isFileProblem } from '../files/errors';
import type { ArchiveSource } from './archive-source';
import type { Body } from './body';
import { contentDisposition } from './content-disposition';
import { httpDate } from './etag';
import { header } from './file-route';
import { contentRange, decideRange, type RangeDecision } from './ranges';
import { pages, sendPage } from './respond';
import { refused, refuseFileProblem, type RouteContext } from './route-context';
import { sendBody } from './send-body';

export async function serveArchive(
  req: IncomingMessage,
  res: ServerResponse,
  archive: ArchiveSource,
  lastModifiedMs: number,
  ctx: RouteContext,
): Promise<void> {
  const size = archive.size;
  // Without a known size there is no byte space to take ranges of; RFC 9110
  // lets a server ignore Range, and Accept-Ranges: none tells clients so.
  const decision: RangeDecision =
    size === null
      ? { kind: 'full', why: 'no-range' }
      : decideRange(
          { method: req.method ?? 'GET', range: req.headers.range, ifRange: header(req, 'if-range') },
          size,
          { etag: archive.etag, lastModifiedMs },
        );
  if (decision.kind === 'unsatisfiable') {
    sendPage(req, res, pages.rangeNotSatisfiable(), { 'Content-Range': contentRange(null, size ?? 0), 'Accept-Ranges': 'bytes' });
    return;
  }
  const range = decision.kind === 'partial' ? decision.range : null;
  if (refused(req, res, ctx, ctx.admit({ what: 'archive', wholeShare: true, range }), 'archive')) return;

  const problem = await ctx.findChangedFile();
  if (problem) {
    refuseFileProblem(req, res, ctx, problem, 'archive');
    return;
  }

  res.statusCode = range ? 206 : 200;
  res.setHeader('Content-Type', archive.contentType ?? 'application/zip');
  res.setHeader('Content-Disposition', contentDisposition(archive.name));
  res.setHeader('Accept-Ranges', size === null ? 'none' : 'bytes');
  res.setHeader('ETag', archive.etag);
  res.setHeader('Last-Modified', httpDate(lastModifiedMs));
  const length = size === null ? null : range ? range.end - range.start + 1 : size;
  if (length !== null) res.setHeader('Content-Length', length);
  if (range && size !== null) res.setHeader('Content-Range', contentRange(range, size));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }

  let body: Body;
  try {
    body = await archive.stream(range);
  } catch (err) {
    if (!isFileProblem(err)) throw err;
    clearDownloadHeaders(res);
    refuseFileProblem(req, res, ctx, err, 'archive');
    return;
  }
  const download = ctx.tracker.begin({
    what: 'archive',
    name: archive.name,
    relPath: null,
    wholeShare: true,
    key: archive.etag,
    total: size,
    range,
  });
  await sendBody(res, body, length, download, ctx.send);
}

/** Before answering with a page instead of the archive. */
export function clearDownloadHeaders(res: ServerResponse): void {
  for (const name of ['Content-Disposition', 'Accept-Ranges', 'ETag', 'Last-Modified', 'Content-Length', 'Content-Range']) {
    res.removeHeader(name);
  }
}
