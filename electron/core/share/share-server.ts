// Share mode on the front door: its routes and the controls the session uses (plain Node).
import { translatorFor, type Translator } from '../../../i18n/messages';
import { serveAlone } from '../http/front-door';
import type { HttpLimits } from '../http/limits';
import type { DoorContext, ModeApp } from '../http/mode';
import { pageCsp } from '../http/security-headers';
import type { PortRange } from '../platform';
import { admitAll, oneDownloadPolicy, type AdmissionPolicy } from './admission';
import type { ArchiveSource } from './archive-source';
import type { Catalog, CatalogFile } from './catalog';
import { indexCatalog } from './catalog-index';
import { DownloadTracker } from './downloads';
import { ShareServerConfigError } from './errors';
import { newestMtimeMs } from './etag';
import type { ShareEventListener, ShareServerEvent } from './events';
import { FileHashes } from './file-hashes';
import type { HashRunnerKind } from './file-hash-runner';
import { findChangedFile } from './planned-file';
import { parseRequestPath, encodeSegment } from './request-path';
import type { RouteContext } from './route-context';
import { createShareApp } from './share-app';

export interface ShareModeOptions {
  catalog: Catalog;
  /** Required when the catalog holds more than one file or any folder. */
  archive?: ArchiveSource;
  /** Custom title of the share page; default: the file name, or "Shared files". */
  title?: string;
  stopAfterFirstDownload: boolean;
  /** List the contents on the share page (default true). */
  listingEnabled?: boolean;
  onEvent?: ShareEventListener;
  /** Default: one download at a time when stopAfterFirstDownload, else everyone. */
  admission?: AdmissionPolicy;
  progressIntervalMs?: number;
  /** The words of the share's pages (default English). */
  translator?: Translator;
  /**
   * The SHA-256 of every file, computed in the background once the share is
   * ready, for the pages and the manifest. `cacheFile` remembers them across
   * restarts (persistent shares only: otherwise nothing should remember what
   * was shared). Default: on, no cache file.
   */
  hashing?: { cacheFile: string | null; runner?: HashRunnerKind; onWarning?: (message: string) => void };
}

export interface ShareServerOptions extends ShareModeOptions {
  host: string;
  portRange?: PortRange;
  /** Refuse Host headers other than IP literals, localhost and .onion (default true). */
  checkHost?: boolean;
  limits?: Partial<HttpLimits>;
}

/** Share mode's controls, beside what every mode has. */
export interface ShareControls {
  readonly mode: 'single-file' | 'archive';
  /** URL path of the main download under the share's mount path, e.g. "/download/photos.zip". */
  readonly downloadPath: string;
  /**
   * false: new download responses are refused ("no longer accepting"), running
   * ones go on. For the auto-stop deadline and for stopping after the first
   * complete download.
   */
  setAcceptingDownloads(accepting: boolean): void;
  setAdmissionPolicy(policy: AdmissionPolicy): void;
  /** Download responses being sent right now. */
  activeDownloads(): number;
}

export type ShareMode = ModeApp & ShareControls;

export interface ShareServer extends ShareControls {
  readonly host: string;
  readonly port: number;
  /** http://host:port (IPv6 in brackets), for local use and logs. */
  readonly localUrl: string;
  /** Stop listening and cut every connection (running downloads are cancelled with 'server-closed'). */
  close(): Promise<void>;
}

// An archive request re-stats every file; concurrent requests share one walk
// and a fresh result is reused this long, so 50 parallel downloads of a
// 10 000-file share do not cost 500 000 stats.
const VERIFY_REUSE_MS = 1000;

/** Share mode's routes and controls, for mounting on a front door. */
export function createShareMode(options: ShareModeOptions, door: DoorContext): ShareMode {
  const { catalog } = options;
  if (catalog.entries.length === 0) throw new ShareServerConfigError('empty-catalog');
  const archive = options.archive ?? null;
  const onlyEntry = catalog.entries[0];
  if (!archive && (catalog.entries.length !== 1 || onlyEntry?.kind !== 'file')) {
    throw new ShareServerConfigError('several-items-without-archive');
  }
  if (archive && !isSingleSegment(archive.name)) throw new ShareServerConfigError('bad-archive-name');
  const translator = options.translator ?? translatorFor('en');

  const hashes = new FileHashes(catalog, {
    cacheFile: options.hashing?.cacheFile ?? null,
    runner: options.hashing?.runner,
    onWarning: options.hashing?.onWarning,
  });
  // The file each running download is about, so a transfer cut off for a change can say which file lost its hash.
  const fileOfDownload = new Map<string, string>();
  const noteForHashes = (event: ShareServerEvent): void => {
    if (event.type === 'download-started' && event.relPath !== null) fileOfDownload.set(event.id, event.relPath);
    if (event.type === 'request-refused' && event.reason === 'file-changed' && event.relPath !== null) hashes.forget(event.relPath);
    if (event.type === 'download-finished' || event.type === 'download-cancelled') {
      const relPath = fileOfDownload.get(event.id);
      fileOfDownload.delete(event.id);
      if (event.type === 'download-cancelled' && event.reason === 'file-changed' && relPath !== undefined) hashes.forget(relPath);
    }
  };
  const emit = (event: ShareServerEvent): void => {
    noteForHashes(event);
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not break a transfer in progress.
    }
  };
  const tracker = new DownloadTracker({ emit, progressIntervalMs: options.progressIntervalMs });
  let accepting = true;
  let policy: AdmissionPolicy = options.admission ?? (options.stopAfterFirstDownload ? oneDownloadPolicy : admitAll);

  const files = catalog.entries.filter((e): e is CatalogFile => e.kind === 'file');
  const byRealPath = new Map(files.map((f) => [f.realPath, f.relPath]));
  let verified: { at: number; result: ReturnType<typeof findChangedFile> } | null = null;

  const ctx: RouteContext = {
    tracker,
    emit,
    admit: (c) => {
      if (!accepting) return { admit: false, reason: 'not-accepting' };
      return policy({
        ...c,
        active: tracker.active(),
        activeWholeShare: tracker.active((p) => p.wholeShare),
        completedWholeShare: tracker.completedWholeShare,
      });
    },
    send: door,
    findChangedFile: () => {
      const now = Date.now();
      if (!verified || now - verified.at > VERIFY_REUSE_MS) verified = { at: now, result: findChangedFile(files) };
      return verified.result;
    },
    relPathOfRealPath: (realPath) => byRealPath.get(realPath) ?? null,
  };

  const { router, downloadPath } = createShareApp({
    index: indexCatalog(catalog),
    archive,
    archiveLastModifiedMs: archive?.lastModifiedMs ?? newestMtimeMs(catalog.entries),
    title: options.title?.trim() || null,
    stopAfterFirstDownload: options.stopAfterFirstDownload,
    listingEnabled: options.listingEnabled ?? true,
    ctx,
    status: () => ({ accepting, wholeShareRunning: tracker.active((p) => p.wholeShare) > 0 }),
    sha256Of: (file) => hashes.sha256Of(file),
  });

  const setAcceptingDownloads = (value: boolean): void => {
    accepting = value;
  };
  return {
    router,
    translator,
    csp: pageCsp(),
    longRequests: false,
    describe: () => ({ label: translator.t('pages.share.describe.label'), hint: translator.t('pages.share.describe.hint') }),
    setAccepting: setAcceptingDownloads,
    activeTransfers: () => tracker.active(),
    // Hashing waits for "ready" so it never delays it.
    ready: () => hashes.start(),
    closed: () => hashes.stop(),
    mode: archive ? 'archive' : 'single-file',
    downloadPath,
    setAcceptingDownloads,
    setAdmissionPolicy: (next) => {
      policy = next;
    },
    activeDownloads: () => tracker.active(),
  };
}

/** A share alone on its own listener. */
export async function startShareServer(options: ShareServerOptions): Promise<ShareServer> {
  const { host, portRange, limits, checkHost, translator } = options;
  const server = await serveAlone({ host, portRange, limits, checkHost, translator }, (context) => createShareMode(options, context));
  server.ready?.();
  return server;
}

function isSingleSegment(name: string): boolean {
  const parsed = parseRequestPath(`/${encodeSegment(name)}`);
  return parsed.ok && parsed.segments.length === 1 && parsed.segments[0] === name;
}
