// The renderer's one zustand store: slices fed by Api events, actions that call the Api (renderer).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppSnapshot, RendererApi, ShareView, Unsubscribe } from '../../../electron/contract';
import { createActions, type Actions } from './actions';
import { createChatSlice, type ChatSlice } from './chat-slice';
import { createGetsSlice, type GetsSlice } from './gets-slice';
import { messageOf } from './errors';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createSharesSlice, type SharesSlice } from './shares-slice';
import { createTorSlice, type TorSlice } from './tor-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type AppState = SharesSlice &
  GetsSlice &
  TorSlice &
  SettingsSlice &
  UiSlice &
  ChatSlice & {
    actions: Actions;
    loadSnapshot(snapshot: AppSnapshot): void;
  };

export type AppStore = StoreApi<AppState>;

export function createAppStore(api: RendererApi): AppStore {
  return createStore<AppState>()((set, get, store) => ({
    ...createSharesSlice(set, get, store),
    ...createGetsSlice(set, get, store),
    ...createTorSlice(set, get, store),
    ...createSettingsSlice(set, get, store),
    ...createUiSlice(set, get, store),
    ...createChatSlice(set, get, store),
    actions: createActions(api, get),
    loadSnapshot: (snap) =>
      set((s) => ({
        shares: snap.shares,
        gets: snap.gets,
        tor: snap.tor,
        platform: snap.platform,
        appVersion: snap.version,
        settings: snap.settings,
        zoom: s.zoomUnsaved ? s.zoom : snap.settings.user['ui.zoom'].value,
        torDialogOpen: snap.settings.torSettingsVisible ? s.torDialogOpen : false,
        activeShareId: [...snap.shares, ...snap.gets].some((x) => x.id === s.activeShareId)
          ? s.activeShareId
          : (snap.shares[0]?.id ?? snap.gets[0]?.id ?? null),
        loading: { state: 'ready' },
      })),
  }));
}

/** A running room the window has no log of yet (just started, or the window reloaded): fetch what it holds. */
function catchUpChat(store: AppStore, view: ShareView): void {
  if (view.chat !== null && store.getState().chatLogs[view.id]?.roomId !== view.chat.roomId) void store.getState().actions.loadChatLog(view.id);
}

/**
 * Subscribes to the Api's events, then loads the snapshot. Events that arrive
 * before the snapshot's reply describe a state the snapshot already contains
 * (replies and events travel in order), so they are dropped.
 */
export async function connectStore(store: AppStore, api: RendererApi): Promise<Unsubscribe> {
  let loaded = false;
  const offs = [
    api.on('share', (view) => {
      if (!loaded) return;
      store.getState().putShare(view);
      catchUpChat(store, view);
    }),
    // Chat lines are merged by their number, so one that also comes with the log is kept once.
    api.on('chat', (update) => store.getState().mergeChat(update)),
    api.on('shareClosed', ({ id }) => loaded && store.getState().dropShare(id)),
    api.on('get', (view) => loaded && store.getState().putGet(view)),
    api.on('getClosed', ({ id }) => loaded && store.getState().dropGet(id)),
    api.on('tor', (tor) => loaded && store.getState().setTor(tor)),
    api.on('settings', (settings) => loaded && store.getState().setSettings(settings)),
  ];
  const off = (): void => offs.forEach((f) => f());
  try {
    store.getState().loadSnapshot(await api.getSnapshot());
    loaded = true;
    for (const view of store.getState().shares) catchUpChat(store, view);
  } catch (error) {
    store.getState().setLoading({ state: 'failed', message: messageOf(error) });
  }
  return off;
}
