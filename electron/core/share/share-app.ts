// The express router of one share: share page, folder listings, the main download, single files (plain Node).
//
// URL space, under the path the share is mounted at (every path is looked up
// in the catalog, never joined onto the disk):
//   /                       share page (single file: its name and size; several: listing)
//   /download/<name>        the main download: the archive, or the only file
//   /files/<relPath>        one file of many, when individual downloads are on
//   /files/<folder>/        a folder listing, when individual downloads are on
//   /manifest.json          the same, for `oniondrop get` (docs/manifest.md)
import { Router, type Request, type Response } from 'express';
import { buildManifest, serializeManifest } from '../manifest/build';
import { MANIFEST_CONTENT_TYPE, MANIFEST_PATH } from '../manifest/format';
import { bytesIn, redirect, type PageContext } from '../http/page';
import { serveArchive } from './archive-route';
import type { ArchiveSource } from './archive-source';
import type { CatalogDirectory, CatalogFile } from './catalog';
import type { CatalogIndex } from './catalog-index';
import { serveFile } from './file-route';
import { sharePage, type ListingRow, type SharePageModel } from './pages';
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
  ctx: RouteContext;
  /** For the share page's notice. */
  status: () => { accepting: boolean; wholeShareRunning: boolean };
  /** A file's SHA-256 once the background hashing got to it (file-hashes.ts), else null. */
  sha256Of: (file: CatalogFile) => string | null;
}

export interface ShareApp {
  router: Router;
  /** URL path of the main download under the share's mount path, e.g. "/download/photos.zip". */
  downloadPath: string;
}

/** Links on the share's pages: under the path the share is mounted at (req.baseUrl). */
interface Links {
  base: string;
  download: string;
  individual: boolean;
}

export function createShareApp(o: ShareAppOptions): ShareApp {
  const single = o.archive === null ? singleFile(o.index) : null;
  const downloadName = o.archive?.name ?? single?.name ?? '';
  const downloadPath = `/download/${encodeSegment(downloadName)}`;
  const individual = individualFilesOf(o);

  const router = Router();
  // Host, security headers and failures are the front door's.
  router.use(async (req: Request, res: Response) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendPage(req, res, pages.methodNotAllowed(), { Allow: 'GET, HEAD', ...CLOSE });
      return;
    }
    const parsed = parseRequestPath(req.url);
    if (!parsed.ok) {
      sendPage(req, res, pages.badRequest(), CLOSE);
      return;
    }
    const links: Links = { base: req.baseUrl, download: `${req.baseUrl}${downloadPath}`, individual };
    const [head, ...rest] = parsed.segments;
    if (head === MANIFEST_PATH.slice(1) && rest.length === 0 && !parsed.directory) {
      sendManifest(req, res, o);
      return;
    }
    if (head === undefined) {
      sendPage(req, res, rootPage(o, single, links));
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
        else sendPage(req, res, folderPage(o, found.found, links));
        return;
      }
      if ('redirectToFolder' in found) {
        redirect(req, res, 308, urlPathFor(`${links.base}${FILES_PREFIX}`, found.redirectToFolder.relPath));
        return;
      }
    }
    sendPage(req, res, pages.notFound());
  });

  return { router, downloadPath };
}

/**
 * The manifest says what the pages say, built afresh for each request so it
 * carries every hash computed so far. Never stored by anyone on the way.
 */
function sendManifest(req: Request, res: Response, o: ShareAppOptions): void {
  const body = serializeManifest(
    buildManifest({
      catalog: o.index.catalog,
      archive: o.archive,
      title: o.title,
      individualFiles: individualFilesOf(o),
      listing: o.listingEnabled,
      oneDownloadAtATime: o.stopAfterFirstDownload,
      sha256Of: o.sha256Of,
    }),
  );
  res.statusCode = 200;
  res.setHeader('Content-Type', MANIFEST_CONTENT_TYPE);
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-store');
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

/** The app's one rule for offering files one by one: a listing, several files, and not "stop after first download". */
function individualFilesOf(o: Pick<ShareAppOptions, 'listingEnabled' | 'stopAfterFirstDownload' | 'archive'>): boolean {
  return o.listingEnabled && !o.stopAfterFirstDownload && o.archive !== null;
}

function singleFile(index: CatalogIndex): CatalogFile {
  const only = index.catalog.entries[0];
  if (index.catalog.entries.length !== 1 || only?.kind !== 'file') throw new Error('single-file share needs exactly one file');
  return only;
}

function summary(o: ShareAppOptions, { tr }: PageContext): string {
  const { files, bytes } = o.index.catalog.totals;
  const folders = o.index.catalog.entries.filter((e) => e.kind === 'directory').length;
  const fileCount = tr.t('pages.fileCount', { count: files });
  const size = bytesIn(tr, bytes);
  return folders
    ? tr.t('pages.share.summaryInFolders', { files: fileCount, folders: tr.t('pages.folderCount', { count: folders }), size })
    : tr.t('pages.share.summary', { files: fileCount, size });
}

function notice(o: ShareAppOptions, { tr }: PageContext): string | null {
  const s = o.status();
  if (!s.accepting) return tr.t('pages.share.closing');
  if (o.stopAfterFirstDownload && s.wholeShareRunning) return tr.t('pages.share.busy');
  return null;
}

function rootPage(o: ShareAppOptions, single: CatalogFile | null, links: Links) {
  return sharePage((ctx): SharePageModel => {
    const { tr } = ctx;
    if (single) {
      const heading = o.title ?? single.name;
      return {
        title: heading,
        heading,
        summary: o.title ? tr.t('pages.share.namedSize', { name: single.name, size: bytesIn(tr, single.size) }) : bytesIn(tr, single.size),
        download: { href: links.download, label: tr.t('pages.share.download'), size: single.size },
        sha256: o.sha256Of(single),
        notice: notice(o, ctx),
        crumbs: [],
        rows: null,
      };
    }
    const title = o.title ?? tr.t('pages.share.defaultTitle');
    return {
      title,
      heading: title,
      summary: summary(o, ctx),
      download: { href: links.download, label: tr.t('pages.share.downloadAll'), size: o.archive?.size ?? null },
      notice: notice(o, ctx),
      crumbs: [],
      rows: o.listingEnabled ? rows(o, '', links) : null,
    };
  });
}

function folderPage(o: ShareAppOptions, folder: CatalogDirectory, links: Links) {
  return sharePage(({ tr }): SharePageModel => {
    const title = o.title ?? tr.t('pages.share.defaultTitle');
    const parts = folder.relPath.slice(0, -1).split('/');
    const crumbs = [{ label: title, href: `${links.base}/` as string | null }];
    parts.forEach((label, i) => {
      const last = i === parts.length - 1;
      crumbs.push({ label, href: last ? null : urlPathFor(`${links.base}${FILES_PREFIX}`, `${parts.slice(0, i + 1).join('/')}/`) });
    });
    return {
      title: tr.t('pages.share.folderTitle', { folder: folder.name, title }),
      heading: folder.name,
      summary: tr.t('pages.share.folderSize', { size: bytesIn(tr, o.index.folderBytes(folder.relPath)) }),
      download: null,
      notice: null,
      crumbs,
      rows: rows(o, folder.relPath, { ...links, individual: true }),
    };
  });
}

function rows(o: ShareAppOptions, folder: string, links: Links): ListingRow[] {
  return o.index.children(folder).map((e) => ({
    name: e.name,
    kind: e.kind,
    size: e.kind === 'file' ? e.size : o.index.folderBytes(e.relPath),
    href: links.individual ? urlPathFor(`${links.base}${FILES_PREFIX}`, e.relPath) : null,
    sha256: e.kind === 'file' ? o.sha256Of(e) : null,
  }));
}
