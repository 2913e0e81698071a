// The runtime list of Api method names, checked against contract.ts so the
// list and the types cannot drift (plain Node and Electron preload).
import type { ApiMethods, PreloadOnlyMethods } from './contract';

/** Every renderer-callable method; `satisfies` fails to compile if one is missing. */
const METHOD_FLAGS = {
  getSnapshot: true,
  newShare: true,
  closeShare: true,
  pickFiles: true,
  pickFolder: true,
  pickReceiveFolder: true,
  removeItem: true,
  setOptions: true,
  startShare: true,
  stopShare: true,
  checkReachable: true,
  testTor: true,
  saveTorSettings: true,
  saveSettings: true,
  chooseFolder: true,
  sendChat: true,
  getChatLog: true,
  newGet: true,
  closeGet: true,
  lookUpGet: true,
  pickGetFolder: true,
  startGet: true,
  pauseGet: true,
  resumeGet: true,
  cancelGet: true,
  showGetInFolder: true,
} as const satisfies Record<keyof ApiMethods, true>;

export const API_METHODS = Object.keys(METHOD_FLAGS) as Array<keyof ApiMethods>;

export const PRELOAD_ONLY_METHODS: Array<keyof PreloadOnlyMethods> = ['addPaths'];

export const API_EVENTS = ['share', 'shareClosed', 'tor', 'settings', 'chat', 'get', 'getClosed'] as const;

/** IPC channel names: one prefix, so main can refuse anything else. */
export const invokeChannel = (method: string): string => `oniondrop:call:${method}`;
export const eventChannel = (event: string): string => `oniondrop:event:${event}`;
