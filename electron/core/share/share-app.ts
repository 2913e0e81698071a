// The express app of one share: share page, folder listings, the main download, single files (plain Node).
//
// URL space (every path is looked up in the catalog, never joined onto the disk):
//   /                       share page (single file: its name and size; several: listing)
//   /download/<name>        the main download: the archive, or the only file
//   /files/<relPath>        one file of many, when individual downloads are on
//   /files/<folder>/        a folder listing, when individual downloads are on
import express, { type NextFunction, type Request, type Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveArchive, clearDownloadHeaders } from './archive-route';
import type { ArchiveSource } from './archive-source';
import type { CatalogDirectory, CatalogFile } from './catalog';
import type { CatalogIndex } from './catalog-index';
import { serveFile } from './file-route';
import { formatBytes } from './format';
import { isAllowedHost } from './host-check';
import { sharePage, type ListingRow } from './pages';
import { encodeSegment, lookupEntry, parseRequestPath, urlPathFor } from './request-path';
import { pages, sendPage } from './respond';
import type { RouteContext } from './route-context';

export const FILES_PREFIX = '/files';

// A client that sends nonsense gets its answer and loses the connection, so it
// cannot hold one of the few connection slots by keeping it alive.
const CLOSE = { Connection: 'close' };

export interface ShareAppOptions {
  index: CatalogIndex;
  /** null: a single-file share (the catalog holds exactly one file). */
  archive: ArchiveSource | null;
  /** Newest mtime in the catalog, the archive's default Last-Modified. */
  archiveLastModifiedMs: number;
  title: string | null;
  /** Individual files are downloadable only when this is off. */
  stopAfterFirstDownload: boolean;
  /** Show what the share contains on its page. */
  listingEnabled: boolean;
  /** Answer only Host headers an onion service or a local client sends. */
  checkHost: boolean;
  ctx: RouteContext;
  /** For the share page's notice. */
  status: () => { accepting: boolean; wholeShareRunning: boolean };
}

export interface ShareApp {
  app: express.Express;
  /** URL path of the main download, e.g. "/download/photos.zip". */
  downloadPath: string;
}

export function createShareApp(o: ShareAppOptions): ShareApp {
  const single = o.archive === null ? singleFile(o.index) : null;
  const downloadName = o.archive?.name ?? single?.name ?? '';
  const downloadPath = `/download/${encodeSegment(downloadName)}`;
  const individual = o.listingEnabled && !o.stopAfterFirstDownload && o.archive !== null;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // Security headers are already on every response: startHttpServer sets them first.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendPage(req, res, pages.methodNotAllowed(), { Allow: 'GET, HEAD', ...CLOSE });
      return;
    }
    if (o.checkHost && !isAllowedHost(req.headers.host)) {
      sendPage(req, res, req.headers.host === undefined ? pages.badRequest() : pages.misdirected(), CLOSE);
      return;
    }
    next();
  });

  app.use(async (req: Request, res: Response) => {
    const parsed = parseRequestPath(req.url);
    if (!parsed.ok) {
      sendPage(req, res, pages.badRequest(), CLOSE);
      return;
    }
    const [head, ...rest] = parsed.segments;
    if (head === undefined) {
      sendPage(req, res, rootPage(o, single, downloadPath, individual));
      return;
    }
    if (head === 'download' && rest.length === 1 && !parsed.directory && rest[0] === downloadName) {
      if (o.archive) await serveArchive(req, res, o.archive, o.archiveLastModifiedMs, o.ctx);
      else if (single) await serveFile(req, res, { file: single, wholeShare: true }, o.ctx);
      return;
    }
    if (head === FILES_PREFIX.slice(1) && individual) {
      const found = lookupEntry(o.index, rest, parsed.directory);
      if ('found' in found) {
        if (found.found.kind === 'file') await serveFile(req, res, { file: found.found, wholeShare: false }, o.ctx);
        else sendPage(req, res, folderPage(o, found.found));
        return;
      }
      if ('redirectToFolder' in found) {
        const location = urlPathFor(FILES_PREFIX, found.redirectToFolder.relPath);
        sendPage(req, res, { ...pages.notFound(), status: 308 }, { Location: location });
        return;
      }
    }
    sendPage(req, res, pages.notFound());
  });

  // Express 5 routes a rejected handler here; nothing a request does may take the process down.
  app.use((_err: unknown, req: Request, res: Response, _next: NextFunction) => {
    answerError(req, res);
  });

  return { app, downloadPath };
}

/** Last resort for an unexpected failure: a 500 page, or a cut-off response if bytes went out. */
export function answerError(req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  clearDownloadHeaders(res);
  res.removeHeader('Content-Type');
  sendPage(req, res, pages.serverError());
}

function singleFile(index: CatalogIndex): CatalogFile {
  const only = index.catalog.entries[0];
  if (index.catalog.entries.length !== 1 || only?.kind !== 'file') throw new Error('single-file share needs exactly one file');
  return only;
}

function summary(o: ShareAppOptions): string {
  const { files, bytes } = o.index.catalog.totals;
  const folders = o.index.catalog.entries.filter((e) => e.kind === 'directory').length;
  const what = `${files} ${files === 1 ? 'file' : 'files'}${folders ? ` in ${folders} ${folders === 1 ? 'folder' : 'folders'}` : ''}`;
  return `${what}, ${formatBytes(bytes)} in total`;
}

function notice(o: ShareAppOptions): string | null {
  const s = o.status();
  if (!s.accepting) return 'This share no longer accepts new downloads.';
  if (o.stopAfterFirstDownload && s.wholeShareRunning) return 'Someone is downloading this share right now. It allows one download.';
  return null;
}

function rootPage(o: ShareAppOptions, single: CatalogFile | null, downloadPath: string, individual: boolean) {
  if (single) {
    return sharePage({
      title: o.title ?? single.name,
      heading: o.title ?? single.name,
      summary: o.title ? `${single.name}, ${formatBytes(single.size)}` : formatBytes(single.size),
      download: { href: downloadPath, label: 'Download', size: single.size },
      notice: notice(o),
      crumbs: [],
      rows: null,
    });
  }
  const title = o.title ?? 'Shared files';
  return sharePage({
    title,
    heading: title,
    summary: summary(o),
    download: { href: downloadPath, label: 'Download all (.zip)', size: o.archive?.size ?? null },
    notice: notice(o),
    crumbs: [],
    rows: o.listingEnabled ? rows(o, '', individual) : null,
  });
}

function folderPage(o: ShareAppOptions, folder: CatalogDirectory) {
  const title = o.title ?? 'Shared files';
  const parts = folder.relPath.slice(0, -1).split('/');
  const crumbs = [{ label: title, href: '/' as string | null }];
  parts.forEach((label, i) => {
    const last = i === parts.length - 1;
    crumbs.push({ label, href: last ? null : urlPathFor(FILES_PREFIX, `${parts.slice(0, i + 1).join('/')}/`) });
  });
  return sharePage({
    title: `${folder.name} – ${title}`,
    heading: folder.name,
    summary: `${formatBytes(o.index.folderBytes(folder.relPath))} in this folder`,
    download: null,
    notice: null,
    crumbs,
    rows: rows(o, folder.relPath, true),
  });
}

function rows(o: ShareAppOptions, folder: string, linked: boolean): ListingRow[] {
  return o.index.children(folder).map((e) => ({
    name: e.name,
    kind: e.kind,
    size: e.kind === 'file' ? e.size : o.index.folderBytes(e.relPath),
    href: linked ? urlPathFor(FILES_PREFIX, e.relPath) : null,
  }));
}
