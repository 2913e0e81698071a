// Store slice: what the window shows (open tab, view, dialog) and passing messages (renderer).
import type { StateCreator } from 'zustand/vanilla';
import type { AddResult } from '../../../electron/contract';
import type { AppState } from './app-store';

export type Loading = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; message: string };

export type View = 'shares' | 'settings';

/** A call to the main process that failed outright (not a Problem it reported). */
export interface CallError {
  method: string;
  message: string;
}

export interface UiSlice {
  loading: Loading;
  activeShareId: string | null;
  view: View;
  torDialogOpen: boolean;
  /** The share whose close waits for the user's confirmation (something would be lost). */
  closing: string | null;
  /** Items the last add refused, per share, until dismissed. */
  rejections: Record<string, AddResult['rejected']>;
  callError: CallError | null;
  /** The window's text size, percent; set at once, saved as ui.zoom shortly after. */
  zoom: number;
  /** The user changed the size and it is not saved (yet, or at all when ui.zoom is locked). */
  zoomUnsaved: boolean;
  /** Bumped on every change, so the size indicator shows again. */
  zoomChanges: number;
  setLoading(loading: Loading): void;
  selectShare(id: string): void;
  showView(view: View): void;
  setTorDialogOpen(open: boolean): void;
  setClosing(shareId: string | null): void;
  setRejections(shareId: string, rejected: AddResult['rejected']): void;
  setCallError(error: CallError | null): void;
  setZoom(zoom: number, unsaved: boolean): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  loading: { state: 'loading' },
  activeShareId: null,
  view: 'shares',
  torDialogOpen: false,
  closing: null,
  rejections: {},
  callError: null,
  zoom: 100,
  zoomUnsaved: false,
  zoomChanges: 0,
  setLoading: (loading) => set({ loading }),
  selectShare: (id) => set({ activeShareId: id, view: 'shares' }),
  showView: (view) => set({ view }),
  setTorDialogOpen: (open) => set((s) => ({ torDialogOpen: open && s.settings?.torSettingsVisible === true })),
  setClosing: (closing) => set({ closing }),
  setRejections: (shareId, rejected) =>
    set((s) => {
      const { [shareId]: _old, ...rest } = s.rejections;
      return { rejections: rejected.length > 0 ? { ...rest, [shareId]: rejected } : rest };
    }),
  setCallError: (callError) => set({ callError }),
  setZoom: (zoom, unsaved) => set((s) => ({ zoom, zoomUnsaved: unsaved, zoomChanges: s.zoom === zoom ? s.zoomChanges : s.zoomChanges + 1 })),
});
