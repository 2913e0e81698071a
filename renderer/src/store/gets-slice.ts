// Store slice: the Get tabs as the main process last described them (renderer).
import type { StateCreator } from 'zustand/vanilla';
import type { GetView } from '../../../electron/contract';
import type { AppState } from './app-store';

export interface GetsSlice {
  /** In creation order; their tabs follow the shares' tabs. */
  gets: GetView[];
  putGet(view: GetView): void;
  dropGet(id: string): void;
}

export const createGetsSlice: StateCreator<AppState, [], [], GetsSlice> = (set) => ({
  gets: [],
  putGet: (view) =>
    set((s) => {
      const known = s.gets.some((x) => x.id === view.id);
      return { gets: known ? s.gets.map((x) => (x.id === view.id ? view : x)) : [...s.gets, view] };
    }),
  dropGet: (id) =>
    set((s) => {
      const tabs = [...s.shares.map((x) => x.id), ...s.gets.map((x) => x.id)];
      const index = tabs.indexOf(id);
      if (index < 0) return {};
      const rest = tabs.filter((x) => x !== id);
      // Closing the open tab selects its neighbour, as tab strips usually do.
      const activeShareId = s.activeShareId === id ? (rest[Math.min(index, rest.length - 1)] ?? null) : s.activeShareId;
      return { gets: s.gets.filter((x) => x.id !== id), activeShareId };
    }),
});
