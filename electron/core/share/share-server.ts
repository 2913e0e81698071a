// Starts the HTTP server of one share and hands the session its controls (plain Node).
import type { ServerResponse } from 'node:http';
import type { PortRange } from '../platform';
import { admitAll, oneDownloadPolicy, type AdmissionPolicy } from './admission';
import type { ArchiveSource } from './archive-source';
import type { Catalog, CatalogFile } from './catalog';
import { indexCatalog } from './catalog-index';
import { DownloadTracker } from './downloads';
import { ShareServerConfigError } from './errors';
import { newestMtimeMs } from './etag';
import type { ShareEventListener, ShareServerEvent } from './events';
import { DEFAULT_LIMITS, startHttpServer, type HttpLimits } from './http-server';
import { findChangedFile } from './planned-file';
import { parseRequestPath, encodeSegment } from './request-path';
import type { RouteContext } from './route-context';
import { createShareApp } from './share-app';

export interface ShareServerOptions {
  catalog: Catalog;
  /** Required when the catalog holds more than one file or any folder. */
  archive?: ArchiveSource;
  host: string;
  portRange?: PortRange;
  /** Custom title of the share page; default: the file name, or "Shared files". */
  title?: string;
  stopAfterFirstDownload: boolean;
  /** List the contents on the share page (default true). */
  listingEnabled?: boolean;
  onEvent?: ShareEventListener;
  /** Default: one download at a time when stopAfterFirstDownload, else everyone. */
  admission?: AdmissionPolicy;
  /** Refuse Host headers other than IP literals, localhost and .onion (default true). */
  checkHost?: boolean;
  limits?: Partial<HttpLimits>;
  progressIntervalMs?: number;
}

export interface ShareServer {
  readonly host: string;
  readonly port: number;
  /** http://host:port (IPv6 in brackets), for local use and logs. */
  readonly localUrl: string;
  readonly mode: 'single-file' | 'archive';
  /** URL path of the main download, e.g. "/download/photos.zip". */
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
  /** Stop listening and cut every connection (running downloads are cancelled with 'server-closed'). */
  close(): Promise<void>;
}

// An archive request re-stats every file; concurrent requests share one walk
// and a fresh result is reused this long, so 50 parallel downloads of a
// 10 000-file share do not cost 500 000 stats.
const VERIFY_REUSE_MS = 1000;

export async function startShareServer(options: ShareServerOptions): Promise<ShareServer> {
  const { catalog } = options;
  if (catalog.entries.length === 0) throw new ShareServerConfigError('empty-catalog');
  const archive = options.archive ?? null;
  const onlyEntry = catalog.entries[0];
  if (!archive && (catalog.entries.length !== 1 || onlyEntry?.kind !== 'file')) {
    throw new ShareServerConfigError('several-items-without-archive');
  }
  if (archive && !isSingleSegment(archive.name)) throw new ShareServerConfigError('bad-archive-name');

  const emit = (event: ShareServerEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not break a transfer in progress.
    }
  };
  const tracker = new DownloadTracker({ emit, progressIntervalMs: options.progressIntervalMs });
  let accepting = true;
  let policy: AdmissionPolicy = options.admission ?? (options.stopAfterFirstDownload ? oneDownloadPolicy : admitAll);
  let closing = false;

  const files = catalog.entries.filter((e): e is CatalogFile => e.kind === 'file');
  const byRealPath = new Map(files.map((f) => [f.realPath, f.relPath]));
  let verified: { at: number; result: ReturnType<typeof findChangedFile> } | null = null;

  let running: Awaited<ReturnType<typeof startHttpServer>> | null = null;
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
    send: {
      closing: () => closing,
      stalled: (res: ServerResponse) => running?.stalled(res) ?? false,
      // Node closes an idle kept-alive connection after keepAliveTimeout; a little more as a backstop.
      deliveryGraceMs: (options.limits?.keepAliveTimeoutMs ?? DEFAULT_LIMITS.keepAliveTimeoutMs) + 1000,
    },
    findChangedFile: () => {
      const now = Date.now();
      if (!verified || now - verified.at > VERIFY_REUSE_MS) verified = { at: now, result: findChangedFile(files) };
      return verified.result;
    },
    relPathOfRealPath: (realPath) => byRealPath.get(realPath) ?? null,
  };

  const { app, downloadPath } = createShareApp({
    index: indexCatalog(catalog),
    archive,
    archiveLastModifiedMs: archive?.lastModifiedMs ?? newestMtimeMs(catalog.entries),
    title: options.title?.trim() || null,
    stopAfterFirstDownload: options.stopAfterFirstDownload,
    listingEnabled: options.listingEnabled ?? true,
    checkHost: options.checkHost ?? true,
    ctx,
    status: () => ({ accepting, wholeShareRunning: tracker.active((p) => p.wholeShare) > 0 }),
  });

  running = await startHttpServer(app, { host: options.host, portRange: options.portRange, limits: options.limits });
  const server = running;
  return {
    host: server.host,
    port: server.port,
    localUrl: `http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`,
    mode: archive ? 'archive' : 'single-file',
    downloadPath,
    setAcceptingDownloads: (value) => {
      accepting = value;
    },
    setAdmissionPolicy: (next) => {
      policy = next;
    },
    activeDownloads: () => tracker.active(),
    close: () => {
      closing = true;
      return server.close();
    },
  };
}

function isSingleSegment(name: string): boolean {
  const parsed = parseRequestPath(`/${encodeSegment(name)}`);
  return parsed.ok && parsed.segments.length === 1 && parsed.segments[0] === name;
}
