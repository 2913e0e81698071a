// Store slice: effective configuration, Tor settings and the last connection test (renderer).
import type { StateCreator } from 'zustand/vanilla';
import type { SettingsView, TorCheckLine } from '../../../electron/contract';
import type { AppState } from './app-store';

export type TorCheck = { state: 'idle' } | { state: 'running' } | { state: 'done'; lines: TorCheckLine[] };

export interface SettingsSlice {
  settings: SettingsView | null;
  torCheck: TorCheck;
  /** The config warnings the user dismissed (as a key), so the same ones do not come back. */
  dismissedWarnings: string | null;
  setSettings(view: SettingsView): void;
  setTorCheck(check: TorCheck): void;
  dismissConfigWarnings(): void;
}

/** One key per set of warnings: new or different warnings show again. */
export function warningsKey(settings: SettingsView | null): string {
  return JSON.stringify(settings?.warnings ?? []);
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: null,
  torCheck: { state: 'idle' },
  dismissedWarnings: null,
  // When Tor settings become hidden (Whonix, or config says hide) an open dialog goes too:
  // there must be no way into it.
  setSettings: (settings) =>
    set((s) => ({
      settings,
      torDialogOpen: settings.torSettingsVisible ? s.torDialogOpen : false,
      // A size the user just chose wins until it is saved; otherwise the setting is the truth.
      zoom: s.zoomUnsaved ? s.zoom : settings.user['ui.zoom'].value,
    })),
  setTorCheck: (torCheck) => set({ torCheck }),
  dismissConfigWarnings: () => set((s) => ({ dismissedWarnings: warningsKey(s.settings) })),
});
