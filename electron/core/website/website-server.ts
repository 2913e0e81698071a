// Website mode on the front door: a folder served as a static site (plain Node).
//
// URL space: the folder's contents under the path the mode is mounted at
// (the root when it is alone), looked up in the catalog
// (never joined onto the disk). A folder's address ends with '/' (a request
// without it is redirected, so the page's relative links resolve) and serves
// its index.html, or a listing when it has none and listings are on, else 404.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Router, type Request, type Response } from 'express';
import { translatorFor, type Translator } from '../../../i18n/messages';
import { serveAlone } from '../http/front-door';
import type { HttpLimits } from '../http/limits';
import type { DoorContext, ModeApp } from '../http/mode';
import { redirect, sendPage } from '../http/page';
import { pageCsp } from '../http/security-headers';
import type { PortRange } from '../platform';
import type { CatalogDirectory, CatalogEntry, CatalogFile } from '../share/catalog';
import type { CatalogIndex } from '../share/catalog-index';
import type { DownloadHandle } from '../share/downloads';
import { lookupEntry, parseRequestPath, urlPathFor } from '../share/request-path';
import { SiteCatalog } from './site-catalog';
import { serveSiteFile, type SiteFileContext } from './site-file';
import { listingPage, websitePages } from './website-pages';

/** OnionShare's default: the site's own resources only, no inline script or style. */
export const DEFAULT_WEBSITE_CSP = "default-src 'self'";

export const INDEX_FILE = 'index.html';

export interface WebsiteModeOptions {
  /** The folder whose contents are the site. */
  root: string;
  /** Heading of listings; default "Website" in the visitor's words. */
  title?: string;
  /** Content-Security-Policy of the site's files; null sends none. Default DEFAULT_WEBSITE_CSP. */
  csp?: string | null;
  /** List a folder that has no index.html (default true); off answers 404. */
  directoryListing?: boolean;
  /** How long a catalog is reused before the folder is walked again (default 1000 ms). */
  rescanAfterMs?: number;
  /** The words of the mode's own pages (default English). */
  translator?: Translator;
  /** Serve dotfiles (never .git/); default false. */
  serveDotfiles?: boolean;
}

export interface WebsiteServerOptions extends WebsiteModeOptions {
  host: string;
  portRange?: PortRange;
  checkHost?: boolean;
  httpLimits?: Partial<HttpLimits>;
}

/** Website mode's controls, beside what every mode has. */
export interface WebsiteControls {
  /** false: new requests get a "closing" page; running responses finish. */
  setAccepting(accepting: boolean): void;
  /** Response bodies being sent right now. */
  activeResponses(): number;
}

export type WebsiteMode = ModeApp & WebsiteControls;

export interface WebsiteServer extends WebsiteControls {
  readonly host: string;
  readonly port: number;
  readonly localUrl: string;
  close(): Promise<void>;
}

const CLOSE = { Connection: 'close' };

type Target = { file: CatalogFile } | { folder: CatalogDirectory | null } | { redirect: string } | { notFound: true };

/** What `segments` name; a redirect is under `base`, the path the mode is mounted at. */
function resolveTarget(index: CatalogIndex, segments: string[], directory: boolean, base: string): Target {
  if (segments.length === 0) return { folder: null };
  const found = lookupEntry(index, segments, directory);
  if ('redirectToFolder' in found) return { redirect: urlPathFor(base, found.redirectToFolder.relPath) };
  if ('notFound' in found) return { notFound: true };
  const entry: CatalogEntry = found.found;
  return entry.kind === 'file' ? { file: entry } : { folder: entry };
}

function indexOf(index: CatalogIndex, folder: CatalogDirectory | null): CatalogFile | null {
  const entry = index.get(`${folder?.relPath ?? ''}${INDEX_FILE}`);
  return entry?.kind === 'file' ? entry : null;
}

/** Website mode's routes and controls, for mounting on a front door. */
export async function createWebsiteMode(options: WebsiteModeOptions, door: DoorContext): Promise<WebsiteMode> {
  const catalog = await SiteCatalog.create(options.root, { maxAgeMs: options.rescanAfterMs, serveDotfiles: options.serveDotfiles });
  const csp = options.csp === undefined ? DEFAULT_WEBSITE_CSP : options.csp;
  const listing = options.directoryListing ?? true;
  const title = options.title?.trim() || null;
  const translator = options.translator ?? translatorFor('en');
  let accepting = true;
  const bodies = new Set<string>();

  const fileCtx: SiteFileContext = {
    csp,
    send: door,
    begin: (): DownloadHandle => {
      const id = randomUUID();
      bodies.add(id);
      const end = (): void => void bodies.delete(id);
      return { id, sent: () => undefined, finish: end, cancel: end };
    },
  };

  /** Serve what `segments` names; a file replaced since the last walk triggers one fresh walk. */
  async function serveTarget(req: Request, res: ServerResponse, segments: string[], directory: boolean): Promise<void> {
    let index = await catalog.current();
    // Two tries: a file replaced since the last walk (an editor saving) makes one fresh walk.
    for (let attempt = 0; attempt < 2; attempt++) {
      const target = resolveTarget(index, segments, directory, req.baseUrl);
      if ('redirect' in target) return redirect(req, res, 308, target.redirect);
      // A page added since the last walk appears within rescanAfterMs; a miss
      // does not walk the folder at once, or every 404 would cost a full walk.
      if ('notFound' in target) return sendPage(req, res, websitePages.notFound());
      let file: CatalogFile;
      if ('file' in target) file = target.file;
      else {
        const found = indexOf(index, target.folder);
        if (found === null) return sendPage(req, res, listing ? listingPage(index, target.folder, title) : websitePages.notFound());
        file = found;
      }
      if ((await serveSiteFile(req, res, file, fileCtx)) === 'served') return;
      index = await catalog.rebuild();
    }
    sendPage(req, res, websitePages.notFound());
  }

  const router = Router();
  router.use(async (req: Request, res: Response) => {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return sendPage(req, res, websitePages.methodNotAllowed(), { Allow: 'GET, HEAD', ...CLOSE });
    const parsed = parseRequestPath(req.url);
    if (!parsed.ok) return sendPage(req, res, websitePages.badRequest(), CLOSE);
    if (!accepting || door.closing()) return sendPage(req, res, websitePages.notAccepting());
    await serveTarget(req, res, parsed.segments, parsed.directory);
  });

  return {
    router,
    translator,
    // The mode's own pages (listings, refusals); the site's files carry `csp`.
    csp: pageCsp(),
    longRequests: false,
    describe: () => ({ label: translator.t('pages.website.describe.label'), hint: translator.t('pages.website.describe.hint') }),
    setAccepting: (value) => {
      accepting = value;
    },
    activeResponses: () => bodies.size,
    activeTransfers: () => bodies.size,
    closed: async () => undefined,
  };
}

/** A website alone on its own listener. */
export async function startWebsiteServer(options: WebsiteServerOptions): Promise<WebsiteServer> {
  const { host, portRange, checkHost, translator } = options;
  return serveAlone({ host, portRange, checkHost, translator, limits: options.httpLimits }, (context) => createWebsiteMode(options, context));
}

