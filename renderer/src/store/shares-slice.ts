// Store slice: the shares (tabs) as the main process last described them (renderer).
import type { StateCreator } from 'zustand/vanilla';
import type { ShareOptions, ShareOptionsPatch, ShareView } from '../../../electron/contract';
import type { AppState } from './app-store';

export interface SharesSlice {
  /** In the order the tabs show them (creation order). */
  shares: ShareView[];
  putShare(view: ShareView): void;
  dropShare(id: string): void;
  /** Shows an options change at once; the main process's next `share` event is the truth. */
  patchOptionsLocally(id: string, patch: ShareOptionsPatch): void;
}

export const createSharesSlice: StateCreator<AppState, [], [], SharesSlice> = (set) => ({
  shares: [],
  putShare: (view) =>
    set((s) => {
      const known = s.shares.some((x) => x.id === view.id);
      return { shares: known ? s.shares.map((x) => (x.id === view.id ? view : x)) : [...s.shares, view] };
    }),
  dropShare: (id) =>
    set((s) => {
      const index = s.shares.findIndex((x) => x.id === id);
      if (index < 0) return {};
      const shares = s.shares.filter((x) => x.id !== id);
      // Closing the open tab selects its neighbour, as tab strips usually do.
      const activeShareId =
        s.activeShareId === id ? (shares[Math.min(index, shares.length - 1)]?.id ?? null) : s.activeShareId;
      const { [id]: _gone, ...rejections } = s.rejections;
      const { [id]: _log, ...chatLogs } = s.chatLogs;
      // A tab closed some other way takes its pending confirmation with it.
      const closing = s.closing === id ? null : s.closing;
      return { shares, activeShareId, rejections, closing, chatLogs };
    }),
  patchOptionsLocally: (id, patch) =>
    set((s) => ({
      shares: s.shares.map((x) => (x.id === id ? { ...x, options: applyOptionsPatch(x.options, patch) } : x)),
    })),
});

export function applyOptionsPatch(options: ShareOptions, patch: ShareOptionsPatch): ShareOptions {
  const { receive, website, chat, ...top } = patch;
  return {
    ...options,
    ...top,
    receive: { ...options.receive, ...receive },
    website: { ...options.website, ...website },
    chat: { ...options.chat, ...chat },
  };
}
