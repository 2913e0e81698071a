// The renderer's one zustand store: slices fed by Api events, actions that call the Api (renderer).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppSnapshot, RendererApi, Unsubscribe } from '../../../electron/contract';
import { createActions, type Actions } from './actions';
import { messageOf } from './errors';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createSharesSlice, type SharesSlice } from './shares-slice';
import { createTorSlice, type TorSlice } from './tor-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type AppState = SharesSlice &
  TorSlice &
  SettingsSlice &
  UiSlice & {
    actions: Actions;
    loadSnapshot(snapshot: AppSnapshot): void;
  };

export type AppStore = StoreApi<AppState>;

export function createAppStore(api: RendererApi): AppStore {
  return createStore<AppState>()((set, get, store) => ({
    ...createSharesSlice(set, get, store),
    ...createTorSlice(set, get, store),
    ...createSettingsSlice(set, get, store),
    ...createUiSlice(set, get, store),
    actions: createActions(api, get),
    loadSnapshot: (snap) =>
      set((s) => ({
        shares: snap.shares,
        tor: snap.tor,
        platform: snap.platform,
        appVersion: snap.version,
        settings: snap.settings,
        zoom: s.zoomUnsaved ? s.zoom : snap.settings.user['ui.zoom'].value,
        torDialogOpen: snap.settings.torSettingsVisible ? s.torDialogOpen : false,
        activeShareId: snap.shares.some((x) => x.id === s.activeShareId) ? s.activeShareId : (snap.shares[0]?.id ?? null),
        loading: { state: 'ready' },
      })),
  }));
}

/**
 * Subscribes to the Api's events, then loads the snapshot. Events that arrive
 * before the snapshot's reply describe a state the snapshot already contains
 * (replies and events travel in order), so they are dropped.
 */
export async function connectStore(store: AppStore, api: RendererApi): Promise<Unsubscribe> {
  let loaded = false;
  const offs = [
    api.on('share', (view) => loaded && store.getState().putShare(view)),
    api.on('shareClosed', ({ id }) => loaded && store.getState().dropShare(id)),
    api.on('tor', (tor) => loaded && store.getState().setTor(tor)),
    api.on('settings', (settings) => loaded && store.getState().setSettings(settings)),
  ];
  const off = (): void => offs.forEach((f) => f());
  try {
    store.getState().loadSnapshot(await api.getSnapshot());
    loaded = true;
  } catch (error) {
    store.getState().setLoading({ state: 'failed', message: messageOf(error) });
  }
  return off;
}
