// What the user can do, as calls to the Api; components call these and nothing else (renderer).
import type { ChatSendResult, RendererApi, SaveSettingsResult, SettingsChanges, ShareMode, ShareOptionsPatch, TorSettings } from '../../../electron/contract';
import type { AppState } from './app-store';
import { closeConsequences } from './close-share';
import { messageOf } from './errors';
import { ZOOM_DEFAULT, zoomIn, zoomOut, type ZoomKey } from './zoom';

export interface Actions {
  newShare(mode: ShareMode): Promise<void>;
  /** Closes a tab, or asks first when closing would end something (see close-share.ts). */
  closeShare(id: string): Promise<void>;
  confirmClose(): Promise<void>;
  cancelClose(): void;
  selectShare(id: string): void;
  showSettings(): void;
  showShares(): void;
  openTorSettings(): void;
  closeTorSettings(): void;
  pickFiles(id: string): Promise<void>;
  pickFolder(id: string): Promise<void>;
  addDropped(id: string, files: File[]): Promise<void>;
  removeItem(id: string, itemId: string): Promise<void>;
  setOptions(id: string, patch: ShareOptionsPatch): Promise<void>;
  pickReceiveFolder(id: string): Promise<void>;
  startShare(id: string): Promise<void>;
  stopShare(id: string): Promise<void>;
  checkReachable(id: string): Promise<void>;
  testTor(settings: TorSettings | null): Promise<void>;
  saveTorSettings(settings: TorSettings): Promise<boolean>;
  /** undefined when the call itself failed (shown as a call error). */
  saveSettings(changes: SettingsChanges): Promise<SaveSettingsResult | undefined>;
  /** The folder picker for a setting; null when cancelled. */
  chooseFolder(): Promise<string | null>;
  dismissConfigWarnings(): void;
  /** Text size: applied at once, saved as ui.zoom once the keys rest. */
  zoom(how: ZoomKey | number): void;
  dismissRejections(id: string): void;
  dismissCallError(): void;
  /** Chat: the host says something in the tab's room; undefined when the call itself failed. */
  sendChat(id: string, text: string): Promise<ChatSendResult | undefined>;
  /** Chat: fetches what the running room holds and merges it into the tab's log. */
  loadChatLog(id: string): Promise<void>;
  newGet(): Promise<void>;
  closeGet(id: string): Promise<void>;
  lookUpGet(id: string, address: string, key: string): Promise<void>;
  pickGetFolder(id: string): Promise<void>;
  startGet(id: string, restart: boolean): Promise<void>;
  pauseGet(id: string): Promise<void>;
  resumeGet(id: string): Promise<void>;
  cancelGet(id: string): Promise<void>;
  showGetInFolder(id: string): Promise<void>;
}

/** Ctrl+ pressed five times in a row writes the config file once. */
const ZOOM_SAVE_MS = 500;

export function createActions(api: RendererApi, get: () => AppState): Actions {
  let zoomTimer: ReturnType<typeof setTimeout> | null = null;

  async function saveZoom(): Promise<void> {
    zoomTimer = null;
    const { zoom, settings } = get();
    // Fixed by a later file or the environment: the new size lasts until the window closes.
    if (settings?.user['ui.zoom'].lockedBy) return;
    const result = await guarded('saveSettings', () => api.saveSettings({ set: { 'ui.zoom': zoom }, from: 'text-size' }));
    if (result?.ok && get().zoom === zoom) get().setZoom(zoom, false);
  }

  /** A call that throws is a fault (not a reported Problem): show it once, keep the app usable. */
  async function guarded<T>(method: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      get().setCallError({ method, message: messageOf(error) });
      return undefined;
    }
  }

  async function add(id: string, method: string, run: () => Promise<{ rejected: AppStateRejected }>): Promise<void> {
    const result = await guarded(method, run);
    if (result) get().setRejections(id, result.rejected);
  }

  return {
    newShare: async (mode) => {
      const view = await guarded('newShare', () => api.newShare(mode));
      if (!view) return;
      get().putShare(view);
      get().selectShare(view.id);
    },
    closeShare: async (id) => {
      const share = get().shares.find((x) => x.id === id);
      if (share && closeConsequences(share) !== null) {
        get().setClosing(id);
        return;
      }
      await guarded('closeShare', () => api.closeShare(id));
    },
    confirmClose: async () => {
      const id = get().closing;
      get().setClosing(null);
      if (id !== null) await guarded('closeShare', () => api.closeShare(id));
    },
    cancelClose: () => get().setClosing(null),
    selectShare: (id) => get().selectShare(id),
    showSettings: () => get().showView('settings'),
    showShares: () => get().showView('shares'),
    openTorSettings: () => {
      get().setTorCheck({ state: 'idle' });
      get().setTorDialogOpen(true);
    },
    closeTorSettings: () => get().setTorDialogOpen(false),
    pickFiles: (id) => add(id, 'pickFiles', () => api.pickFiles(id)),
    pickFolder: (id) => add(id, 'pickFolder', () => api.pickFolder(id)),
    addDropped: (id, files) => add(id, 'addDropped', () => api.addDropped(id, files)),
    removeItem: async (id, itemId) => {
      await guarded('removeItem', () => api.removeItem(id, itemId));
    },
    setOptions: async (id, patch) => {
      get().patchOptionsLocally(id, patch);
      await guarded('setOptions', () => api.setOptions(id, patch));
    },
    pickReceiveFolder: async (id) => {
      await guarded('pickReceiveFolder', () => api.pickReceiveFolder(id));
    },
    startShare: async (id) => {
      get().setRejections(id, []);
      await guarded('startShare', () => api.startShare(id));
    },
    stopShare: async (id) => {
      await guarded('stopShare', () => api.stopShare(id));
    },
    checkReachable: async (id) => {
      await guarded('checkReachable', () => api.checkReachable(id));
    },
    testTor: async (settings) => {
      get().setTorCheck({ state: 'running' });
      const lines = await guarded('testTor', () => api.testTor(settings));
      get().setTorCheck(lines ? { state: 'done', lines } : { state: 'idle' });
    },
    saveTorSettings: async (settings) => {
      const ok = await guarded('saveTorSettings', async () => {
        await api.saveTorSettings(settings);
        return true;
      });
      if (ok) get().setTorDialogOpen(false);
      return ok === true;
    },
    saveSettings: async (changes) => {
      const result = await guarded('saveSettings', () => api.saveSettings(changes));
      // The event brings the same view; taking it now spares a frame of old values.
      if (result?.ok) get().setSettings(result.settings);
      return result;
    },
    chooseFolder: async () => (await guarded('chooseFolder', () => api.chooseFolder())) ?? null,
    dismissConfigWarnings: () => get().dismissConfigWarnings(),
    zoom: (how) => {
      const current = get().zoom;
      const next = how === 'in' ? zoomIn(current) : how === 'out' ? zoomOut(current) : how === 'reset' ? ZOOM_DEFAULT : how;
      get().setZoom(next, true);
      if (zoomTimer !== null) clearTimeout(zoomTimer);
      zoomTimer = setTimeout(() => void saveZoom(), ZOOM_SAVE_MS);
    },
    dismissRejections: (id) => get().setRejections(id, []),
    dismissCallError: () => get().setCallError(null),
    sendChat: (id, text) => guarded('sendChat', () => api.sendChat(id, text)),
    loadChatLog: async (id) => {
      const log = await guarded('getChatLog', () => api.getChatLog(id));
      if (log) get().mergeChat(log);
    },
    newGet: async () => {
      const view = await guarded('newGet', () => api.newGet());
      if (!view) return;
      get().putGet(view);
      get().selectShare(view.id);
    },
    closeGet: async (id) => {
      await guarded('closeGet', () => api.closeGet(id));
    },
    lookUpGet: async (id, address, key) => {
      await guarded('lookUpGet', () => api.lookUpGet(id, address, key));
    },
    pickGetFolder: async (id) => {
      await guarded('pickGetFolder', () => api.pickGetFolder(id));
    },
    startGet: async (id, restart) => {
      await guarded('startGet', () => api.startGet(id, restart));
    },
    pauseGet: async (id) => {
      await guarded('pauseGet', () => api.pauseGet(id));
    },
    resumeGet: async (id) => {
      await guarded('resumeGet', () => api.resumeGet(id));
    },
    cancelGet: async (id) => {
      await guarded('cancelGet', () => api.cancelGet(id));
    },
    showGetInFolder: async (id) => {
      await guarded('showGetInFolder', () => api.showGetInFolder(id));
    },
  };
}

type AppStateRejected = AppState['rejections'][string];
