// The Api of contract.ts, implemented over core/ (plain Node: no electron
// import). main.ts serves it over IPC; the browser tests call the same object
// through a test bridge, so what the tests see is what the app does.
//
// This file only wires the parts in electron/service/: the tabs and their
// sessions (shares.ts), the Tor connection (tor-connection.ts), the Tor
// dialog's test and save (tor-settings.ts), the Settings view's save
// (settings.ts), the Get tabs' downloads (gets.ts) and the settings view.
import { EventEmitter } from 'node:events';
import type { ApiEvent, AppSnapshot, LanguageCode, ServiceMethods, TorSettings } from './contract';
import { loadAppContext, type MachineInput } from './core/app-context';
import { describePlatform } from './core/platform';
import { problemOf } from './core/problems';
import { VERSION } from './core/version';
import type { Notice } from './main-words';
import { saveSettings } from './service/settings';
import { settingsViewOf, torSettingsVisible } from './service/settings-view';
import { Gets } from './service/gets';
import { ServiceError, Shares } from './service/shares';
import { TorConnection } from './service/tor-connection';
import { saveTorSettings, testTorSettings } from './service/tor-settings';

export { ServiceError };

export interface Dialogs {
  pickFiles(): Promise<string[]>;
  pickFolder(): Promise<string | null>;
}

export interface ServiceDeps extends MachineInput {
  dialogs: Dialogs;
  notify(notice: Notice): void;
  /** The file manager at a saved download, its item selected (main.ts: shell.showItemInFolder). */
  showItemInFolder(path: string): void;
}

export interface Service extends ServiceMethods {
  onEvent(listener: (e: ApiEvent) => void): () => void;
  hasActiveTransfers(): boolean;
  /** The language the app speaks now: `app.language`, or the locale variables' while that is `auto`. */
  language(): LanguageCode;
  /** Stops every share (DEL_ONION) and closes Tor. */
  shutdown(): Promise<void>;
}

export function createService(deps: ServiceDeps): Service {
  let app = loadAppContext(deps);
  const emitter = new EventEmitter();
  const emit = (e: ApiEvent): void => void emitter.emit('event', e);
  const userProblem = (err: unknown) => problemOf(err, app.platform);
  const tor = new TorConnection(app, emit, userProblem);
  const shares = new Shares({ app: () => app, link: () => tor.link, emit, problemOf: userProblem, notify: deps.notify });
  const gets = new Gets({
    app: () => app,
    link: () => tor.link,
    emit,
    problemOf: userProblem,
    pickFolder: () => deps.dialogs.pickFolder(),
    showItemInFolder: (path) => deps.showItemInFolder(path),
  });

  const methods: ServiceMethods = {
    async getSnapshot(): Promise<AppSnapshot> {
      return {
        version: VERSION,
        platform: { ...app.platform, label: describePlatform(app.platform) },
        tor: tor.status(),
        shares: shares.views(),
        gets: gets.views(),
        settings: settingsViewOf(app),
      };
    },
    newShare: async (mode) => shares.create(mode),
    closeShare: (shareId) => shares.close(shareId),
    addPaths: (shareId, paths) => shares.addPaths(shares.get(shareId), paths),
    async pickFiles(shareId) {
      const share = shares.get(shareId);
      return shares.addPaths(share, await deps.dialogs.pickFiles());
    },
    async pickFolder(shareId) {
      const share = shares.get(shareId);
      const folder = await deps.dialogs.pickFolder();
      return shares.addPaths(share, folder ? [folder] : []);
    },
    async pickReceiveFolder(shareId) {
      const share = shares.get(shareId);
      const folder = await deps.dialogs.pickFolder();
      if (folder) await shares.setReceiveFolder(share, folder);
    },
    removeItem: async (shareId, itemId) => shares.removeItem(shares.get(shareId), itemId),
    setOptions: async (shareId, patch) => shares.setOptions(shares.get(shareId), patch),
    startShare: (shareId) => shares.start(shares.get(shareId)),
    stopShare: async (shareId) => shares.get(shareId).session?.stop(),
    async checkReachable(shareId) {
      // Runs on; the result arrives as a share event.
      void shares.get(shareId).session?.checkReachable();
    },
    testTor: (settings: TorSettings | null) => testTorSettings(app, settings, userProblem),
    async saveTorSettings(settings: TorSettings) {
      if (!torSettingsVisible(app)) {
        throw new ServiceError({ kind: 'internal', message: 'Tor settings are managed by the system here' });
      }
      saveTorSettings({ env: deps.env, home: deps.home }, settings);
      app = loadAppContext(deps);
      // New settings take effect at once unless shares are using the current connection.
      if (!shares.anyRunning() && !gets.hasActive()) await tor.replace(app);
      emit({ event: 'settings', payload: settingsViewOf(app) });
    },
    async saveSettings(changes) {
      const outcome = saveSettings(app, changes);
      if (!outcome.ok) return outcome;
      // New tabs take their options from the reloaded context at once; running shares keep theirs.
      app = loadAppContext(deps);
      const settings = settingsViewOf(app);
      emit({ event: 'settings', payload: settings });
      return { ok: true, settings, file: outcome.file };
    },
    chooseFolder: () => deps.dialogs.pickFolder(),
    sendChat: async (shareId, text) => shares.sendChat(shares.get(shareId), text),
    getChatLog: async (shareId) => shares.chatLog(shares.get(shareId)),
    newGet: async () => gets.create(),
    closeGet: (getId) => gets.close(getId),
    // Runs on; the list (or the problem) arrives as a get event.
    lookUpGet: async (getId, address, key) => void gets.lookUp(gets.get(getId), address, key),
    pickGetFolder: (getId) => gets.pickFolder(gets.get(getId)),
    startGet: (getId, restart) => gets.start(gets.get(getId), restart),
    pauseGet: async (getId) => gets.pause(gets.get(getId)),
    resumeGet: async (getId) => gets.resume(gets.get(getId)),
    cancelGet: async (getId) => gets.cancel(gets.get(getId)),
    showGetInFolder: async (getId) => gets.showInFolder(gets.get(getId)),
  };

  return {
    ...methods,
    onEvent(listener) {
      emitter.on('event', listener);
      return () => void emitter.off('event', listener);
    },
    hasActiveTransfers: () => shares.hasActiveTransfers() || gets.hasActive(),
    language: () => app.language,
    async shutdown() {
      await Promise.all([shares.stopAll(), gets.stopAll()]);
      await tor.close();
    },
  };
}
