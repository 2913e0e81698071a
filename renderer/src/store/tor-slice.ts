// Store slice: Tor connection status and the platform it runs on (renderer).
import type { StateCreator } from 'zustand/vanilla';
import type { PlatformInfo, TorStatus } from '../../../electron/contract';
import type { AppState } from './app-store';

export interface TorSlice {
  tor: TorStatus;
  platform: PlatformInfo | null;
  appVersion: string;
  setTor(status: TorStatus): void;
}

const initialTor: TorStatus = { state: 'idle', source: null, version: null, bootstrap: null, problem: null };

export const createTorSlice: StateCreator<AppState, [], [], TorSlice> = (set) => ({
  tor: initialTor,
  platform: null,
  appVersion: '',
  setTor: (tor) => set({ tor }),
});
