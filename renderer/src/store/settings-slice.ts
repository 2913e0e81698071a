// Store slice: effective configuration, Tor settings and the last connection test (renderer).
import type { StateCreator } from 'zustand/vanilla';
import type { SettingsView, TorCheckLine } from '../../../electron/contract';
import type { AppState } from './app-store';

export type TorCheck = { state: 'idle' } | { state: 'running' } | { state: 'done'; lines: TorCheckLine[] };

export interface SettingsSlice {
  settings: SettingsView | null;
  torCheck: TorCheck;
  setSettings(view: SettingsView): void;
  setTorCheck(check: TorCheck): void;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: null,
  torCheck: { state: 'idle' },
  // When Tor settings become hidden (Whonix, or config says hide) an open dialog goes too:
  // there must be no way into it.
  setSettings: (settings) =>
    set((s) => ({ settings, torDialogOpen: settings.torSettingsVisible ? s.torDialogOpen : false })),
  setTorCheck: (torCheck) => set({ torCheck }),
});
