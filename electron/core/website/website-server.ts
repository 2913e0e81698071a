// The HTTP server of website mode: a folder served as a static site (plain Node).
//
// URL space: the folder's contents at the root, looked up in the catalog
// (never joined onto the disk). A folder's address ends with '/' (a request
// without it is redirected, so the page's relative links resolve) and serves
// its index.html, or a listing when it has none and listings are on, else 404.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { PortRange } from '../platform';
import type { CatalogDirectory, CatalogEntry, CatalogFile } from '../share/catalog';
import type { CatalogIndex } from '../share/catalog-index';
import type { DownloadHandle } from '../share/downloads';
import { DEFAULT_LIMITS, startHttpServer, type HttpLimits, type RunningHttpServer } from '../share/http-server';
import { isAllowedHost } from '../share/host-check';
import type { Page } from '../share/pages';
import { lookupEntry, parseRequestPath, urlPathFor } from '../share/request-path';
import { sendPage } from '../share/respond';
import { SiteCatalog } from './site-catalog';
import { serveSiteFile, type SiteFileContext } from './site-file';
import { listingPage, websitePages } from './website-pages';

/** OnionShare's default: the site's own resources only, no inline script or style. */
export const DEFAULT_WEBSITE_CSP = "default-src 'self'";

export const INDEX_FILE = 'index.html';

export interface WebsiteServerOptions {
  /** The folder whose contents are the site. */
  root: string;
  host: string;
  portRange?: PortRange;
  /** Heading of listings; default "Website". */
  title?: string;
  /** Content-Security-Policy of the site's files; null sends none. Default DEFAULT_WEBSITE_CSP. */
  csp?: string | null;
  /** List a folder that has no index.html (default true); off answers 404. */
  directoryListing?: boolean;
  checkHost?: boolean;
  httpLimits?: Partial<HttpLimits>;
  /** How long a catalog is reused before the folder is walked again (default 1000 ms). */
  rescanAfterMs?: number;
  /** Serve dotfiles (never .git/); default false. */
  serveDotfiles?: boolean;
}

export interface WebsiteServer {
  readonly host: string;
  readonly port: number;
  readonly localUrl: string;
  /** false: new requests get a "closing" page; running responses finish. */
  setAccepting(accepting: boolean): void;
  /** Response bodies being sent right now. */
  activeResponses(): number;
  close(): Promise<void>;
}

const CLOSE = { Connection: 'close' };

type Target = { file: CatalogFile } | { folder: CatalogDirectory | null } | { redirect: string } | { notFound: true };

function resolveTarget(index: CatalogIndex, segments: string[], directory: boolean): Target {
  if (segments.length === 0) return { folder: null };
  const found = lookupEntry(index, segments, directory);
  if ('redirectToFolder' in found) return { redirect: urlPathFor('', found.redirectToFolder.relPath) };
  if ('notFound' in found) return { notFound: true };
  const entry: CatalogEntry = found.found;
  return entry.kind === 'file' ? { file: entry } : { folder: entry };
}

function indexOf(index: CatalogIndex, folder: CatalogDirectory | null): CatalogFile | null {
  const entry = index.get(`${folder?.relPath ?? ''}${INDEX_FILE}`);
  return entry?.kind === 'file' ? entry : null;
}

export async function startWebsiteServer(options: WebsiteServerOptions): Promise<WebsiteServer> {
  const catalog = await SiteCatalog.create(options.root, { maxAgeMs: options.rescanAfterMs, serveDotfiles: options.serveDotfiles });
  const csp = options.csp === undefined ? DEFAULT_WEBSITE_CSP : options.csp;
  const listing = options.directoryListing ?? true;
  const checkHost = options.checkHost ?? true;
  const title = options.title?.trim() || 'Website';
  let accepting = true;
  let closing = false;
  const bodies = new Set<string>();
  let running: RunningHttpServer | null = null;

  const fileCtx: SiteFileContext = {
    csp,
    send: {
      closing: () => closing,
      stalled: (res) => running?.stalled(res) ?? false,
      deliveryGraceMs: (options.httpLimits?.keepAliveTimeoutMs ?? DEFAULT_LIMITS.keepAliveTimeoutMs) + 1000,
    },
    begin: (): DownloadHandle => {
      const id = randomUUID();
      bodies.add(id);
      const end = (): void => void bodies.delete(id);
      return { id, sent: () => undefined, finish: end, cancel: end };
    },
  };

  /** Serve what `segments` names; a file replaced since the last walk triggers one fresh walk. */
  async function serveTarget(req: IncomingMessage, res: ServerResponse, segments: string[], directory: boolean): Promise<void> {
    let index = await catalog.current();
    // Two tries: a file replaced since the last walk (an editor saving) makes one fresh walk.
    for (let attempt = 0; attempt < 2; attempt++) {
      const target = resolveTarget(index, segments, directory);
      if ('redirect' in target) return send(req, res, { ...websitePages.notFound(), status: 308 }, { Location: target.redirect });
      // A page added since the last walk appears within rescanAfterMs; a miss
      // does not walk the folder at once, or every 404 would cost a full walk.
      if ('notFound' in target) return send(req, res, websitePages.notFound());
      let file: CatalogFile;
      if ('file' in target) file = target.file;
      else {
        const found = indexOf(index, target.folder);
        if (found === null) return send(req, res, listing ? listingPage(index, target.folder, title) : websitePages.notFound());
        file = found;
      }
      if ((await serveSiteFile(req, res, file, fileCtx)) === 'served') return;
      index = await catalog.rebuild();
    }
    send(req, res, websitePages.notFound());
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return send(req, res, websitePages.methodNotAllowed(), { Allow: 'GET, HEAD', ...CLOSE });
    if (checkHost && !isAllowedHost(req.headers.host)) {
      return send(req, res, req.headers.host === undefined ? websitePages.badRequest() : websitePages.misdirected(), CLOSE);
    }
    const parsed = parseRequestPath(req.url ?? '');
    if (!parsed.ok) return send(req, res, websitePages.badRequest(), CLOSE);
    if (!accepting || closing) return send(req, res, websitePages.notAccepting());
    await serveTarget(req, res, parsed.segments, parsed.directory);
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    res.on('error', () => undefined);
    route(req, res).catch(() => {
      // Nothing a request does may take the process down.
      if (res.headersSent || res.destroyed) res.destroy();
      else send(req, res, websitePages.serverError(), CLOSE);
    });
  };

  running = await startHttpServer(handle, { host: options.host, portRange: options.portRange, limits: options.httpLimits });
  const server = running;
  return {
    host: server.host,
    port: server.port,
    localUrl: `http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`,
    setAccepting: (value) => {
      accepting = value;
    },
    activeResponses: () => bodies.size,
    close: () => {
      closing = true;
      return server.close();
    },
  };
}

function send(req: IncomingMessage, res: ServerResponse, page: Page, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  sendPage(req, res, page, headers);
}
