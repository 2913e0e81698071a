// The window's Get tabs: look a share up, download it into a chosen folder, pause, resume, cancel (plain Node).
// Every argument comes from the renderer and is checked here. The download
// itself is core/get's; this part keeps one tab's view, its connection to the
// share (which holds a lent client key until the tab is done with it) and its
// Download, and sends the view to the window as it changes.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ApiEvent, GetFileView, GetView, Problem } from '../contract';
import type { AppContext } from '../core/app-context';
import {
  connectShare,
  explicitSocks,
  isGetError,
  parseClientKey,
  parseShareAddress,
  startDownload,
  type Download,
  type GetEvent,
  type GetResult,
  type Route,
  type ShareAddress,
  type ShareConnection,
} from '../core/get';
import type { Manifest } from '../core/manifest';
import { detectInputFor } from '../core/link-factory';
import { TorNotFoundError } from '../core/tor/autodetect';
import type { ClientAuthControl } from '../core/tor/reachability';
import type { TorLink } from '../core/tor/link-types';
import { ServiceError } from './shares';

export interface GetsDeps {
  app(): AppContext;
  link(): TorLink;
  emit(e: ApiEvent): void;
  problemOf(error: unknown): Problem;
  pickFolder(): Promise<string | null>;
  /** main.ts: the file manager, with the item selected. */
  showItemInFolder(path: string): void;
  /** How the share is reached; by default through the app's tor (tests may pass another). */
  route?: (needControl: boolean) => Promise<TorRoute>;
}

export interface TorRoute {
  route: Route;
  /** The control connection to lend a client key through; null when only SOCKS is known. */
  control: ClientAuthControl | null;
  whonix: boolean;
}

interface GetTab {
  view: GetView;
  address: ShareAddress | null;
  /** A private share's key, parsed; kept in main only. */
  key: string | null;
  connection: ShareConnection | null;
  download: Download | null;
  /** Bumped by each look-up and close, so a slow look-up that was replaced drops its answer. */
  generation: number;
}

/** The app's tor (the share side's autodetection); a SOCKS port set explicitly still serves a public share when no control port answers. */
export async function appTorRoute(link: TorLink, app: AppContext, needControl: boolean): Promise<TorRoute> {
  const whonix = app.platform.whonix !== null;
  try {
    const access = await link.clientAccess();
    return { route: { kind: 'tor', socks: access.socks }, control: access.control, whonix };
  } catch (error) {
    const explicit = !needControl && error instanceof TorNotFoundError ? explicitSocks(detectInputFor(app)) : null;
    if (explicit) return { route: { kind: 'tor', socks: explicit.endpoint }, control: null, whonix };
    throw error;
  }
}

function listedFiles(manifest: Manifest): GetFileView[] {
  const row = (id: number, path: string, size: number | null): GetFileView => ({
    id,
    path,
    size,
    done: 0,
    state: 'waiting',
    savedAs: null,
    verification: null,
  });
  if (manifest.files) return manifest.files.map((f, i) => row(i, f.path, f.size));
  return manifest.archive ? [row(0, manifest.archive.name, manifest.archive.size)] : [];
}

function emptyView(id: string): GetView {
  return {
    id,
    phase: 'idle',
    address: null,
    withKey: false,
    title: null,
    folder: null,
    mode: null,
    files: [],
    totals: null,
    resumedBytes: 0,
    problem: null,
    resumable: false,
  };
}

const isRunning = (tab: GetTab): boolean => tab.view.phase === 'downloading' || tab.view.phase === 'paused';

export class Gets {
  private readonly tabs = new Map<string, GetTab>();

  constructor(private readonly deps: GetsDeps) {}

  views(): GetView[] {
    return [...this.tabs.values()].map((t) => t.view);
  }

  hasActive(): boolean {
    return [...this.tabs.values()].some(isRunning);
  }

  create(): GetView {
    const tab: GetTab = { view: emptyView(randomUUID()), address: null, key: null, connection: null, download: null, generation: 0 };
    this.tabs.set(tab.view.id, tab);
    return tab.view;
  }

  get(getId: unknown): GetTab {
    const tab = typeof getId === 'string' ? this.tabs.get(getId) : undefined;
    if (!tab) throw new ServiceError({ kind: 'internal', message: 'no such get tab' });
    return tab;
  }

  /** Stops a running download (it stays resumable: the same folder and address go on later) and lets the key go. */
  async close(getId: unknown): Promise<void> {
    const tab = this.get(getId);
    this.tabs.delete(tab.view.id);
    tab.generation++;
    await this.release(tab);
    this.deps.emit({ event: 'getClosed', payload: { id: tab.view.id } });
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.tabs.values()].map((t) => this.release(t)));
  }

  async lookUp(tab: GetTab, addressText: unknown, keyText: unknown): Promise<void> {
    if (typeof addressText !== 'string' || typeof keyText !== 'string') throw new ServiceError({ kind: 'internal', message: 'an address and a key must be text' });
    this.refuseWhileRunning(tab);
    const generation = ++tab.generation;
    await this.release(tab);
    const address = parseShareAddress(addressText);
    const key = address.ok && keyText.trim() !== '' ? parseClientKey(keyText, address.value.serviceId) : null;
    const problem = !address.ok ? address.problem : key && !key.ok ? key.problem : null;
    tab.address = address.ok ? address.value : null;
    tab.key = key?.ok ? key.value : null;
    this.update(tab, {
      ...emptyView(tab.view.id),
      folder: tab.view.folder,
      phase: problem ? 'idle' : 'listing',
      address: tab.address?.host ?? null,
      withKey: tab.key !== null,
      problem,
    });
    if (problem) return;
    try {
      const connection = await this.connect(tab);
      if (tab.generation !== generation) {
        await connection.close();
        return;
      }
      tab.connection = connection;
      this.showListed(tab, connection.manifest);
    } catch (error) {
      if (tab.generation !== generation) return;
      this.update(tab, { ...tab.view, phase: 'idle', problem: this.problemOf(error) });
    }
  }

  async pickFolder(tab: GetTab): Promise<void> {
    this.refuseWhileRunning(tab);
    const folder = await this.deps.pickFolder();
    if (folder === null) return;
    // A new folder is a new download: what an earlier one there did is not this one's.
    const listed = tab.view.phase === 'complete' || tab.view.phase === 'failed' || tab.view.phase === 'cancelled';
    this.update(tab, { ...tab.view, folder, ...(listed && tab.connection ? this.listedFields(tab.connection.manifest) : {}) });
  }

  async start(tab: GetTab, restart: unknown): Promise<void> {
    if (isRunning(tab) || tab.view.phase === 'listing') return;
    const folder = tab.view.folder;
    if (tab.address === null || folder === null || tab.view.phase === 'idle') {
      throw new ServiceError({ kind: 'internal', message: 'look the share up and choose a folder first' });
    }
    const generation = tab.generation;
    this.update(tab, { ...tab.view, phase: 'downloading', problem: null, resumable: false });
    let connection = tab.connection;
    try {
      connection ??= await this.connect(tab);
    } catch (error) {
      if (tab.generation === generation) this.update(tab, { ...tab.view, phase: 'failed', problem: this.problemOf(error), resumable: true });
      return;
    }
    if (tab.generation !== generation) return;
    tab.connection = connection;
    const download = startDownload(connection, {
      destination: folder,
      restart: restart === true,
      onEvent: (e) => {
        if (tab.download === download) this.onEvent(tab, e);
      },
    });
    tab.download = download;
    void download.done.then((result) => {
      if (tab.download !== download) return;
      tab.download = null;
      this.onResult(tab, result);
    });
  }

  pause(tab: GetTab): void {
    tab.download?.pause();
  }

  resume(tab: GetTab): void {
    tab.download?.resume();
  }

  /** Stops for good and removes what the download wrote (the part files, its state, the folders it made). */
  cancel(tab: GetTab): void {
    tab.download?.cancel({ discard: true });
  }

  showInFolder(tab: GetTab): void {
    const folder = tab.view.folder;
    const first = tab.view.files.find((f) => f.savedAs !== null)?.savedAs;
    if (folder === null || tab.view.phase !== 'complete') throw new ServiceError({ kind: 'internal', message: 'nothing saved yet' });
    // The top-level item that was saved ("album (1)" for "album (1)/a.jpg"), selected in the chosen folder.
    this.deps.showItemInFolder(first ? join(folder, first.split('/')[0] as string) : folder);
  }

  // --- inside -------------------------------------------------------------

  private async connect(tab: GetTab): Promise<ShareConnection> {
    const address = tab.address as ShareAddress;
    const needControl = tab.key !== null;
    const tor = this.deps.route ? await this.deps.route(needControl) : await appTorRoute(this.deps.link(), this.deps.app(), needControl);
    if (needControl && tor.control === null) throw new ServiceError({ kind: 'internal', message: 'no control connection to lend the key through' });
    return connectShare({
      address,
      route: tor.route,
      clientKey: tab.key !== null && tor.control !== null ? { key: tab.key, control: tor.control, whonix: tor.whonix } : null,
    });
  }

  private listedFields(manifest: Manifest): Partial<GetView> {
    const files = listedFiles(manifest);
    const known = files.every((f) => f.size !== null);
    return {
      phase: 'listed',
      title: manifest.title,
      mode: null,
      files,
      totals: { doneBytes: 0, totalBytes: known ? manifest.totals.bytes : null, rate: 0, etaSeconds: null, activeStreams: 0 },
      resumedBytes: 0,
      problem: null,
      resumable: false,
    };
  }

  private showListed(tab: GetTab, manifest: Manifest): void {
    this.update(tab, { ...tab.view, ...this.listedFields(manifest) });
  }

  private onEvent(tab: GetTab, e: GetEvent): void {
    const v = tab.view;
    switch (e.type) {
      case 'start':
        return this.update(tab, { ...v, mode: e.mode, files: e.files, totals: e.totals, resumedBytes: e.resumedBytes });
      case 'progress':
        return this.update(tab, { ...v, totals: e.totals, files: merge(v.files, e.files) });
      case 'file-done':
        return this.update(tab, { ...v, files: merge(v.files, [e.file]) });
      case 'paused':
        return this.update(tab, { ...v, phase: 'paused', totals: v.totals && { ...v.totals, rate: 0, etaSeconds: null, activeStreams: 0 } });
      case 'resumed':
        return this.update(tab, { ...v, phase: 'downloading' });
      case 'retry':
      case 'waiting-for-hash':
        return undefined;
    }
  }

  private onResult(tab: GetTab, result: GetResult): void {
    const v = tab.view;
    const stopped = v.totals && { ...v.totals, rate: 0, etaSeconds: null, activeStreams: 0 };
    switch (result.kind) {
      case 'complete':
        return this.update(tab, { ...v, phase: 'complete', files: result.files, totals: stopped, problem: null, resumable: false });
      case 'failed':
        return this.update(tab, { ...v, phase: 'failed', totals: stopped, problem: result.problem, resumable: result.resumable });
      case 'cancelled': {
        // Discarded: nothing of it is left, so the list shows the share as before the start.
        const fresh = tab.connection ? this.listedFields(tab.connection.manifest) : {};
        return this.update(tab, { ...v, ...fresh, phase: 'cancelled', resumable: result.resumable });
      }
    }
  }

  private problemOf(error: unknown): Problem {
    if (isGetError(error)) return error.problem;
    if (error instanceof ServiceError) return error.problem;
    return this.deps.problemOf(error);
  }

  /** Stops the download (keeping it resumable) and closes the connection, which takes a lent key back. */
  private async release(tab: GetTab): Promise<void> {
    const download = tab.download;
    const connection = tab.connection;
    tab.download = null;
    tab.connection = null;
    if (download) {
      download.cancel();
      const result = await download.done;
      if (this.tabs.get(tab.view.id) === tab) this.onResult(tab, result);
    }
    await connection?.close();
  }

  private refuseWhileRunning(tab: GetTab): void {
    if (isRunning(tab)) throw new ServiceError({ kind: 'internal', message: 'pause or cancel the download first' });
  }

  private update(tab: GetTab, view: GetView): void {
    tab.view = view;
    if (this.tabs.get(view.id) === tab) this.deps.emit({ event: 'get', payload: view });
  }
}

/** The rows that changed, put in place by id. */
function merge(rows: readonly GetFileView[], changed: readonly GetFileView[]): GetFileView[] {
  if (changed.length === 0) return rows as GetFileView[];
  const byId = new Map(changed.map((f) => [f.id, f]));
  return rows.map((r) => byId.get(r.id) ?? r);
}
