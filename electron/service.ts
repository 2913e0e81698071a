// The Api of contract.ts, implemented over core/ (plain Node: no electron
// import). main.ts serves it over IPC; the browser tests call the same object
// through a test bridge, so what the tests see is what the app does.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type {
  AddResult,
  ApiEvent,
  AppSnapshot,
  Problem,
  ServiceMethods,
  SettingsView,
  ShareMode,
  ShareOptions,
  ShareOptionsPatch,
  ShareView,
  TorCheckLine,
  TorSettings,
  TorStatus,
} from './contract';
import { loadAppContext, type MachineInput } from './core/app-context';
import { formatOrigin, formatValue, formatWarning, optionKeys, saveUserSetting, removeUserSetting, specOf } from './core/config';
import { createLinkFor, torCheckFor } from './core/link-factory';
import { describePlatform } from './core/platform';
import { problemOf } from './core/problems';
import { Session, type StartServer } from './core/session';
import { defaultShareOptions } from './core/share-options';
import { buildCatalog } from './core/share';
import { shareModeServer } from './core/modes/share-mode';
import { receiveModeServer, receiveModeSettings } from './core/modes/receive-mode';
import { websiteModeServer } from './core/modes/website-mode';
import type { TorLink, TorLinkStatus } from './core/tor/link-types';
import { resolveSharedPath } from './core/shared-path';
import { validatePatch } from './core/options-patch';
import { VERSION } from './core/version';

export interface Dialogs {
  pickFiles(): Promise<string[]>;
  pickFolder(): Promise<string | null>;
}

export interface ServiceDeps extends MachineInput {
  dialogs: Dialogs;
  notify(title: string, body: string): void;
}

export interface Service extends ServiceMethods {
  onEvent(listener: (e: ApiEvent) => void): () => void;
  hasActiveTransfers(): boolean;
  /** Stops every share (DEL_ONION) and closes Tor. */
  shutdown(): Promise<void>;
}

interface Item {
  id: string;
  name: string;
  kind: 'file' | 'folder';
  size: number;
  files: number;
  /** Resolved, absolute, no symlinks: the only form a path is kept in. */
  path: string;
}

interface Share {
  id: string;
  mode: ShareMode;
  items: Item[];
  options: ShareOptions;
  session: Session | null;
  /** A problem from before a session existed (nothing to share, ...). */
  problem: Problem | null;
  emitTimer: NodeJS.Timeout | null;
}

/** Progress events are folded into at most this many updates per second per share. */
const PROGRESS_EMIT_MS = 200;

export class ServiceError extends Error {
  readonly kind = 'service';
  constructor(readonly problem: Problem) {
    super(problem.kind === 'internal' ? problem.message : problem.kind);
  }
}

/**
 * What the status line names: for the environment, the variable the user (or
 * Whonix) set, which is what people recognise; otherwise the place itself.
 */
function statusLabel(source: { kind: string; label: string }): string {
  if (source.kind !== 'env') return source.label;
  return source.label.startsWith('unix:') ? 'TOR_CONTROL_IPC_PATH' : 'TOR_CONTROL_HOST/TOR_CONTROL_PORT';
}

export function createService(deps: ServiceDeps): Service {
  let app = loadAppContext(deps);
  let link: TorLink = createLinkFor(app);
  const emitter = new EventEmitter();
  const shares = new Map<string, Share>();

  const emit = (e: ApiEvent): void => void emitter.emit('event', e);
  const whonixProblem = (err: unknown): Problem => problemOf(err, app.platform);

  const torStatus = (s: TorLinkStatus): TorStatus => ({
    state: s.state,
    source: s.source ? { kind: s.source.kind, label: statusLabel(s.source) } : null,
    version: s.version,
    bootstrap: s.bootstrap,
    problem: s.error ? whonixProblem(s.error) : null,
  });
  const attachLink = (next: TorLink): void => {
    link = next;
    next.onStatus((s) => {
      if (link === next) emit({ event: 'tor', payload: torStatus(s) });
    });
  };
  attachLink(link);

  const view = (share: Share): ShareView => {
    const s = share.session;
    return {
      id: share.id,
      mode: share.mode,
      state: s?.state ?? 'idle',
      step: s?.step ?? null,
      items: share.items.map(({ path: _path, ...item }) => item),
      totalSize: share.items.reduce((n, i) => n + i.size, 0),
      options: share.options,
      onion: s?.onionInfo ?? null,
      localUrl: s?.localUrl ?? null,
      stopsAt: s?.stopsAt ?? null,
      reachable: s?.reachable ?? 'unknown',
      transfers: s?.transfers.list() ?? [],
      problem: s?.problem ?? share.problem,
      warnings: s?.warnings ?? [],
    };
  };

  const emitShare = (share: Share): void => {
    if (share.emitTimer) {
      clearTimeout(share.emitTimer);
      share.emitTimer = null;
    }
    emit({ event: 'share', payload: view(share) });
  };
  const emitShareSoon = (share: Share): void => {
    share.emitTimer ??= setTimeout(() => emitShare(share), PROGRESS_EMIT_MS);
  };

  const settingsView = (): SettingsView => {
    const { values, origins, overridden, warnings } = app.config;
    const setting = values['ui.tor_settings'];
    return {
      torSettingsVisible: setting === 'show' || (setting === 'auto' && app.platform.whonix === null),
      tor: {
        mode: values['tor.control_socket'] ? 'socket' : values['tor.control_port'] ? 'port' : 'automatic',
        controlSocket: values['tor.control_socket'] ?? '',
        controlHost: values['tor.control_host'] ?? '127.0.0.1',
        controlPort: values['tor.control_port'] ?? 9051,
        auth: values['tor.control_password'] ? 'password' : 'automatic',
        // Never sent to the renderer: it can only replace it.
        password: '',
      },
      settings: optionKeys.map((key) => ({
        key,
        value: formatValue(key, values[key]),
        origin: formatOrigin(origins[key]),
        overrides: overridden[key].map(formatOrigin),
        doc: specOf(key).doc,
      })),
      warnings: warnings.map((w) => ({
        file: w.source.kind === 'file' ? w.source.file : w.source.name,
        line: w.source.kind === 'file' ? w.source.line : null,
        message: formatWarning(w),
      })),
    };
  };

  const get = (shareId: unknown): Share => {
    const share = typeof shareId === 'string' ? shares.get(shareId) : undefined;
    if (!share) throw new ServiceError({ kind: 'internal', message: 'no such share' });
    return share;
  };

  const running = (share: Share): boolean => {
    const state = share.session?.state;
    return state !== undefined && state !== 'stopped' && state !== 'failed';
  };

  const addPaths = async (share: Share, paths: unknown): Promise<AddResult> => {
    if (!Array.isArray(paths)) throw new ServiceError({ kind: 'internal', message: 'paths must be a list' });
    if (running(share)) throw new ServiceError({ kind: 'internal', message: 'stop the share before changing its files' });
    const result: AddResult = { added: [], rejected: [] };
    for (const raw of paths) {
      const resolved = await resolveSharedPath(raw);
      if (!resolved.ok) {
        result.rejected.push({ name: typeof raw === 'string' ? raw : '?', problem: resolved.problem });
        continue;
      }
      if (share.items.some((i) => i.path === resolved.path)) continue;
      // A stat walk only: sizes for the list, nothing is read or copied.
      const catalog = await buildCatalog([resolved.path]);
      const item: Item = {
        id: randomUUID(),
        name: resolved.name,
        kind: resolved.kind,
        size: catalog.totals.bytes,
        files: catalog.totals.files,
        path: resolved.path,
      };
      share.items.push(item);
      const { path: _p, ...shown } = item;
      result.added.push(shown);
    }
    share.problem = null;
    emitShare(share);
    return result;
  };

  /** null: the share cannot start as it is (the Problem says why). */
  const startServerFor = async (share: Share): Promise<StartServer | Problem> => {
    switch (share.mode) {
      case 'share':
        if (share.items.length === 0) return { kind: 'nothing-to-share' };
        return shareModeServer(await buildCatalog(share.items.map((i) => i.path)), share.options);
      case 'receive':
        return receiveModeServer(share.options, receiveModeSettings(app.config.values));
      case 'website': {
        // A website is one folder: its index.html is the front page.
        const folder = share.items.find((i) => i.kind === 'folder');
        if (!folder) return { kind: 'nothing-to-share' };
        return websiteModeServer(folder.path, share.options);
      }
    }
  };

  const methods: ServiceMethods = {
    async getSnapshot(): Promise<AppSnapshot> {
      return {
        version: VERSION,
        platform: { ...app.platform, label: describePlatform(app.platform) },
        tor: torStatus(link.status),
        shares: [...shares.values()].map(view),
        settings: settingsView(),
      };
    },

    async newShare(mode: ShareMode): Promise<ShareView> {
      if (mode !== 'share' && mode !== 'receive' && mode !== 'website') {
        throw new ServiceError({ kind: 'internal', message: 'unknown mode' });
      }
      const share: Share = {
        id: randomUUID(),
        mode,
        items: [],
        options: defaultShareOptions(app.config.values),
        session: null,
        problem: null,
        emitTimer: null,
      };
      shares.set(share.id, share);
      return view(share);
    },

    async closeShare(shareId) {
      const share = get(shareId);
      await share.session?.stop();
      if (share.emitTimer) clearTimeout(share.emitTimer);
      shares.delete(share.id);
      emit({ event: 'shareClosed', payload: { id: share.id } });
    },

    async addPaths(shareId, paths) {
      return addPaths(get(shareId), paths);
    },

    async pickFiles(shareId) {
      const share = get(shareId);
      return addPaths(share, await deps.dialogs.pickFiles());
    },

    async pickFolder(shareId) {
      const share = get(shareId);
      const folder = await deps.dialogs.pickFolder();
      return addPaths(share, folder ? [folder] : []);
    },

    async pickReceiveFolder(shareId) {
      const share = get(shareId);
      const folder = await deps.dialogs.pickFolder();
      if (!folder) return;
      const resolved = await resolveSharedPath(folder);
      if (!resolved.ok || resolved.kind !== 'folder') {
        share.problem = resolved.ok ? { kind: 'path-rejected', path: folder, reason: 'not-a-folder' } : resolved.problem;
      } else {
        share.options = { ...share.options, receive: { ...share.options.receive, folder: resolved.path } };
      }
      emitShare(share);
    },

    async removeItem(shareId, itemId) {
      const share = get(shareId);
      if (running(share)) throw new ServiceError({ kind: 'internal', message: 'stop the share before changing its files' });
      share.items = share.items.filter((i) => i.id !== itemId);
      emitShare(share);
    },

    async setOptions(shareId, patch: ShareOptionsPatch) {
      const share = get(shareId);
      if (running(share)) throw new ServiceError({ kind: 'internal', message: 'stop the share before changing its options' });
      share.options = validatePatch(share.options, patch);
      emitShare(share);
    },

    async startShare(shareId) {
      const share = get(shareId);
      if (running(share)) return;
      let startServer: StartServer;
      try {
        const prepared = await startServerFor(share);
        if (typeof prepared !== 'function') {
          share.problem = prepared;
          emitShare(share);
          return;
        }
        startServer = prepared;
      } catch (err) {
        share.problem = whonixProblem(err);
        emitShare(share);
        return;
      }
      share.problem = null;
      const session = new Session({
        label: `share ${share.id.slice(0, 8)}`,
        options: share.options,
        startServer,
        link,
        platform: app.platform,
        listenHost: app.listen.host,
        portRange: app.portRange,
        keys: app.keys,
      });
      share.session = session;
      session.on((e) => {
        if (e.type === 'transfer') {
          const t = e.transfer;
          if (t.state === 'finished' && t.direction === 'download' && t.total !== null && t.bytes >= t.total) {
            deps.notify('Download complete', t.name);
          } else if (t.state === 'finished' && t.direction === 'upload') {
            deps.notify('File received', t.name);
          }
          if (t.state === 'running') emitShareSoon(share);
          else emitShare(share);
        } else emitShare(share);
      });
      emitShare(share);
      // The start runs on; its steps arrive as events.
      void session.start();
    },

    async stopShare(shareId) {
      await get(shareId).session?.stop();
    },

    async checkReachable(shareId) {
      // Runs on; the result arrives as a share event.
      void get(shareId).session?.checkReachable();
    },

    async testTor(settings: TorSettings | null): Promise<TorCheckLine[]> {
      const lines = await torCheckFor(app, settings);
      return lines.map((l) => ({
        level: l.level,
        label: l.label,
        detail: l.fix ? `${l.detail} ${l.fix}` : l.detail,
        problem: l.error ? whonixProblem(l.error) : null,
      }));
    },

    async saveTorSettings(settings: TorSettings) {
      if (!settingsView().torSettingsVisible) {
        throw new ServiceError({ kind: 'internal', message: 'Tor settings are managed by the system here' });
      }
      const where = { env: deps.env, home: deps.home };
      const set = (key: Parameters<typeof saveUserSetting>[1], value: string | null): void => {
        if (value === null || value === '') removeUserSetting(where, key);
        else saveUserSetting(where, key, value);
      };
      set('tor.control_socket', settings.mode === 'socket' ? settings.controlSocket : null);
      set('tor.control_host', settings.mode === 'port' ? settings.controlHost : null);
      set('tor.control_port', settings.mode === 'port' ? String(settings.controlPort) : null);
      set('tor.start_own', settings.mode === 'own' ? 'true' : null);
      if (settings.auth === 'password' && settings.password) set('tor.control_password', settings.password);
      if (settings.auth === 'automatic') set('tor.control_password', null);
      app = loadAppContext(deps);
      // New settings take effect at once unless shares are using the current connection.
      if (![...shares.values()].some(running)) {
        const old = link;
        attachLink(createLinkFor(app));
        await old.close();
        emit({ event: 'tor', payload: torStatus(link.status) });
      }
      emit({ event: 'settings', payload: settingsView() });
    },
  };

  return {
    ...methods,
    onEvent(listener) {
      emitter.on('event', listener);
      return () => void emitter.off('event', listener);
    },
    hasActiveTransfers() {
      return [...shares.values()].some((s) => (s.session?.transfers.running() ?? 0) > 0);
    },
    async shutdown() {
      await Promise.all([...shares.values()].map((s) => s.session?.stop()));
      await link.close();
    },
  };
}
