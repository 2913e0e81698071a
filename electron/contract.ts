// The one Api between the renderer and the main process (type-only: imported by
// preload, ipc, service and the renderer; it must never import runtime code).
//
// Like GitHub Desktop's ipc-shared.ts: one map of method names to signatures
// and one map of event names to payloads, used by both sides, so a channel and
// its types can never disagree.

export type ShareMode = 'share' | 'receive' | 'website';

/**
 * One share's life. `scheduled` waits for a start time; `reconnecting` means
 * Tor went away and the onion will be re-added with the same key.
 */
export type ShareState =
  | 'idle'
  | 'scheduled'
  | 'starting'
  | 'publishing'
  | 'ready'
  | 'reconnecting'
  | 'stopping'
  | 'stopped'
  | 'failed';

/** The steps shown while a share starts, in order. */
export type StartStep = 'connecting-tor' | 'starting-server' | 'adding-onion' | 'publishing';

/** Something the user chose to share: the renderer never sees its path. */
export interface ShareItem {
  id: string;
  name: string;
  kind: 'file' | 'folder';
  /** Bytes, summed over a folder's files. */
  size: number;
  /** Number of files (1 for a file). */
  files: number;
}

/**
 * Why a file inside a chosen folder is left out of the share (the catalog's
 * reasons, with a refused permission told apart from other read errors).
 */
export type SkipReason =
  | 'symlink-outside'
  | 'symlink-to-directory'
  | 'symlink-loop'
  | 'symlink-dangling'
  | 'special-file'
  | 'permission-denied'
  | 'unreadable'
  | 'name-not-utf8'
  | 'unsafe-name'
  | 'duplicate-path'
  | 'vanished';

/** A file the share leaves out, shown so nothing is dropped silently. */
export interface SkippedFile {
  /**
   * Relative to the chosen folder and starting with its name ("Photos/raw/link"),
   * never an absolute path the user did not choose; control characters escaped.
   */
  path: string;
  reason: SkipReason;
}

/** What one chosen folder leaves out. */
export interface SkippedGroup {
  itemId: string;
  /** The first ones (a folder can hold thousands). */
  files: SkippedFile[];
  /** How many were left out, listed or not. */
  total: number;
}

export interface ReceiveOptions {
  /** Where uploads land (shown to the user; chosen with the folder picker). */
  folder: string;
  /** Bytes; 0 = no limit. */
  maxFileSize: number;
  maxTotalSize: number;
  disableText: boolean;
  disableFiles: boolean;
}

export interface WebsiteOptions {
  /** null = no CSP header; otherwise the policy sent. */
  csp: string | null;
  directoryListing: boolean;
}

export interface ShareOptions {
  /** Public: anyone with the address. Private (default): needs the client-auth key. */
  public: boolean;
  stopAfterFirstDownload: boolean;
  /** Stop taking new downloads this many seconds after the share is ready; null = never. */
  autoStopSeconds: number | null;
  /** ISO 8601 time to publish at; null = now. */
  startAt: string | null;
  title: string;
  /** Keep the same address across restarts under this name; null = a new address. */
  persistentName: string | null;
  /** Compress the zip (turns off resuming). */
  compress: boolean;
  receive: ReceiveOptions;
  website: WebsiteOptions;
}

export interface OnionInfo {
  /** e.g. "abcd...xyz.onion" (56 base32 characters + ".onion"). */
  address: string;
  /** The URL to give to the recipient. */
  url: string;
  /** For private shares: the client-auth private key in the form Tor Browser accepts. */
  privateKey: string | null;
  /** Whether tor reported the descriptor uploaded (`unknown` when a filter hid it). */
  published: 'yes' | 'unknown';
}

export type TransferState = 'running' | 'finished' | 'cancelled' | 'rejected';

export interface Transfer {
  id: string;
  direction: 'download' | 'upload';
  name: string;
  bytes: number;
  /** null when the total is not known (compressed zip, an upload in progress). */
  total: number | null;
  /** Bytes per second, smoothed. */
  rate: number;
  startedAt: number;
  endedAt: number | null;
  state: TransferState;
  /** Why an upload was rejected (limits), in the Problem form. */
  problem: Problem | null;
}

/**
 * Everything that can go wrong, as data: the renderer and the CLI turn a
 * Problem into words (with the fix) through the i18n layer. `whonix` is set
 * when a Whonix marker was found, so the text can point at the Gateway.
 */
export type Problem =
  | { kind: 'filtered'; command: string; whonix: boolean; required: boolean }
  | { kind: 'tor-unreachable'; tried: string[]; whonix: boolean }
  | {
      kind: 'tor-auth';
      reason: 'cookie-unreadable' | 'wrong-password' | 'password-needed' | 'no-method' | 'server-hash';
      detail: string;
      file: string | null;
    }
  | { kind: 'tor-error'; command: string; code: number; message: string }
  | { kind: 'tor-bootstrap'; progress: number; summary: string }
  | { kind: 'own-tor-refused'; reason: 'whonix' | 'disabled' | 'not-installed' }
  | { kind: 'port-range'; first: number; last: number; host: string }
  | { kind: 'listen'; host: string; detail: string }
  | { kind: 'file-changed'; name: string }
  | { kind: 'path-rejected'; path: string; reason: string }
  | { kind: 'nothing-to-share' }
  | { kind: 'limit'; which: 'file-size' | 'total-size' | 'free-space' | 'message-length' | 'files-disabled' | 'text-disabled'; limit: number }
  | { kind: 'publish-unknown' }
  | { kind: 'internal'; message: string };

export interface ShareView {
  id: string;
  mode: ShareMode;
  state: ShareState;
  /** The current start step while starting/publishing; null otherwise. */
  step: StartStep | null;
  items: ShareItem[];
  totalSize: number;
  /** Files inside the chosen folders that will not be shared, and why; one group per such item. */
  skipped: SkippedGroup[];
  options: ShareOptions;
  onion: OnionInfo | null;
  /** Local listener, e.g. "http://127.0.0.1:17600" (for the user's own check). */
  localUrl: string | null;
  /** When the share will stop taking downloads (auto-stop), ms since epoch. */
  stopsAt: number | null;
  reachable: 'unknown' | 'checking' | 'reachable' | 'unreachable';
  transfers: Transfer[];
  /** What stopped or failed this share. */
  problem: Problem | null;
  /** Optional things that degraded (an optional command filtered, ...). */
  warnings: Problem[];
}

export type TorSourceKind = 'config' | 'env' | 'system' | 'port' | 'tor-browser' | 'own';

export interface TorStatus {
  state: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'starting-own' | 'unavailable';
  /** e.g. { kind: 'env', label: 'TOR_CONTROL_IPC_PATH' }. */
  source: { kind: TorSourceKind; label: string } | null;
  version: string | null;
  /** Bootstrap of a tor we started ourselves. */
  bootstrap: { progress: number; summary: string } | null;
  problem: Problem | null;
}

export interface PlatformInfo {
  whonix: 'gateway' | 'workstation' | 'whonix' | null;
  qubes: boolean;
  tails: boolean;
  /** e.g. "Whonix-Workstation (Qubes)". */
  label: string;
}

/** Where an effective setting came from, already in words ("/etc/oniondrop.d/30_whonix.conf:4"). */
export interface SettingView {
  key: string;
  value: string;
  origin: string;
  /** Earlier origins this value replaced (a later file wins). */
  overrides: string[];
  doc: string;
}

export interface ConfigWarningView {
  file: string;
  line: number | null;
  message: string;
}

export interface TorSettings {
  mode: 'automatic' | 'own' | 'socket' | 'port';
  controlSocket: string;
  controlHost: string;
  controlPort: number;
  auth: 'automatic' | 'password';
  password: string;
}

/**
 * The options the Settings view edits, with the types the window works in
 * (the config files hold their text). tor.* belongs to the Tor settings dialog;
 * server.* is shown, not edited.
 */
export interface UserSettings {
  'share.default_mode': ShareMode;
  'share.public': boolean;
  'share.stop_after_first_download': boolean;
  'share.compress': boolean;
  /** '' = the default title. */
  'share.title': string;
  /** Seconds; 0 = never. */
  'share.auto_stop': number;
  /** An absolute path (or one starting with ~/). */
  'receive.folder': string;
  /** Bytes; 0 = no limit. */
  'receive.max_file_size': number;
  'receive.max_total_size': number;
  'receive.min_free_space': number;
  /** Characters. */
  'receive.max_message_length': number;
  'receive.disable_text': boolean;
  'receive.disable_files': boolean;
  /** null = send no policy. */
  'website.csp': string | null;
  'website.directory_listing': boolean;
  /** Text size of the window, percent. */
  'ui.zoom': number;
}

export type UserSettingKey = keyof UserSettings;

/** Where a value comes from, for the window to put into words. */
export type SettingOrigin =
  | { kind: 'default' }
  | { kind: 'file'; file: string; line: number }
  | { kind: 'env'; name: string };

export interface UserSettingState<K extends UserSettingKey> {
  value: UserSettings[K];
  origin: SettingOrigin;
  /**
   * Set when a file read after the window's own file, or an ONIONDROP_*
   * variable, fixes the value: the window cannot change it.
   */
  lockedBy: Exclude<SettingOrigin, { kind: 'default' }> | null;
  /** The value is saved in the window's own file (so "Reset" can remove it). */
  savedHere: boolean;
}

export type UserSettingsView = { [K in UserSettingKey]: UserSettingState<K> };

/** What a valid value looks like, for the message next to a refused field. */
export type ExpectedValue =
  | { type: 'bool' }
  | { type: 'integer'; min: number; max: number }
  | { type: 'size' }
  | { type: 'choice'; values: string[] }
  | { type: 'path' }
  | { type: 'text'; max: number; empty: boolean };

export interface SettingsChanges {
  set?: Partial<UserSettings>;
  /** Removed from the window's file, so earlier files or the default apply again. */
  reset?: UserSettingKey[];
  /** Which part of the window saves, named in the file's comment; the Settings view if not given. */
  from?: 'settings' | 'text-size';
}

/** Why one change was refused; nothing is written when any is. */
export type SettingError =
  | { key: string; problem: 'not-editable' }
  | { key: UserSettingKey; problem: 'locked'; lockedBy: Exclude<SettingOrigin, { kind: 'default' }> }
  | { key: UserSettingKey; problem: 'invalid'; expected: ExpectedValue }
  | { key: UserSettingKey | null; problem: 'io'; file: string; reason: string };

export type SaveSettingsResult =
  | { ok: true; settings: SettingsView; file: string }
  | { ok: false; errors: SettingError[] };

export interface SettingsView {
  /** False on Whonix (or when config says hide): no menu, no button, no route. */
  torSettingsVisible: boolean;
  tor: TorSettings;
  settings: SettingView[];
  warnings: ConfigWarningView[];
  /** The editable options, typed, each with its origin and whether it is locked. */
  user: UserSettingsView;
  /** The file the window saves to (in the user's config folder, never /etc). */
  guiFile: string;
}

export interface TorCheckLine {
  level: 'ok' | 'warning' | 'problem';
  /** What was checked, e.g. "Authentication". */
  label: string;
  detail: string;
  problem: Problem | null;
}

export interface AppSnapshot {
  version: string;
  platform: PlatformInfo;
  tor: TorStatus;
  shares: ShareView[];
  settings: SettingsView;
}

export interface AddResult {
  added: ShareItem[];
  rejected: Array<{ name: string; problem: Problem }>;
  /** Left out of the items just added. */
  skipped: SkippedGroup[];
}

/** Calls from the renderer, answered by main (service.ts). */
export interface ApiMethods {
  getSnapshot(): AppSnapshot;
  newShare(mode: ShareMode): ShareView;
  closeShare(shareId: string): void;
  /** Opens the native file picker (multi-select). */
  pickFiles(shareId: string): AddResult;
  pickFolder(shareId: string): AddResult;
  /** Receive mode: choose where uploads land. */
  pickReceiveFolder(shareId: string): void;
  removeItem(shareId: string, itemId: string): void;
  setOptions(shareId: string, patch: ShareOptionsPatch): void;
  startShare(shareId: string): void;
  stopShare(shareId: string): void;
  checkReachable(shareId: string): void;
  testTor(settings: TorSettings | null): TorCheckLine[];
  saveTorSettings(settings: TorSettings): void;
  /** Writes the Settings view's changes to the window's config file; new tabs use them at once. */
  saveSettings(changes: SettingsChanges): SaveSettingsResult;
  /** The folder picker for a setting: the chosen folder's path, or null when cancelled. */
  chooseFolder(): string | null;
}

export type ShareOptionsPatch = Partial<Omit<ShareOptions, 'receive' | 'website'>> & {
  receive?: Partial<ReceiveOptions>;
  website?: Partial<WebsiteOptions>;
};

/**
 * Calls that only the preload makes: paths come from
 * `webUtils.getPathForFile` on dropped files, never from page script.
 */
export interface PreloadOnlyMethods {
  addPaths(shareId: string, paths: string[]): AddResult;
}

/** Pushed from main to the renderer. */
export interface ApiEvents {
  share: ShareView;
  shareClosed: { id: string };
  tor: TorStatus;
  settings: SettingsView;
}

export type Unsubscribe = () => void;

/** What the renderer sees as `window.oniondrop`. */
export type RendererApi = {
  [K in keyof ApiMethods]: (...args: Parameters<ApiMethods[K]>) => Promise<ReturnType<ApiMethods[K]>>;
} & {
  /** Files dropped on the window; the preload turns them into paths. */
  addDropped(shareId: string, files: File[]): Promise<AddResult>;
  on<E extends keyof ApiEvents>(event: E, handler: (payload: ApiEvents[E]) => void): Unsubscribe;
};

/** What main's service implements: every call async, plus the preload-only ones. */
export type ServiceMethods = {
  [K in keyof (ApiMethods & PreloadOnlyMethods)]: (
    ...args: Parameters<(ApiMethods & PreloadOnlyMethods)[K]>
  ) => Promise<ReturnType<(ApiMethods & PreloadOnlyMethods)[K]>>;
};

/** One pushed event, as a tagged union (for emitters and bridges). */
export type ApiEvent = { [E in keyof ApiEvents]: { event: E; payload: ApiEvents[E] } }[keyof ApiEvents];
