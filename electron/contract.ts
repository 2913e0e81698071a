// The one Api between the renderer and the main process (type-only: imported by
// preload, ipc, service and the renderer; it must never import runtime code).
//
// Like GitHub Desktop's ipc-shared.ts: one map of method names to signatures
// and one map of event names to payloads, used by both sides, so a channel and
// its types can never disagree.
import type { GetFileView, GetMode, GetTotals } from './core/get/events';
import type { LanguageCode, LanguageSetting } from '../i18n/languages';

export type { LanguageCode, LanguageSetting };

export type { GetFileView, GetMode, GetTotals, Verification } from './core/get/events';

export type ShareMode = 'share' | 'receive' | 'website' | 'chat';

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
  /** Serve files and folders whose names start with a dot; `.git` never is. */
  serveDotfiles: boolean;
}

export interface ChatOptions {
  /** The host's name in the room; '' = a random two-word name, as visitors get. */
  name: string;
  /** Newcomers also see what was said before they came (the room's bounded, in-memory history). */
  history: boolean;
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
  /**
   * Share mode: the same address also takes uploads (into `receive.folder`,
   * with `receive`'s limits). Downloads are then under /share/, uploads under
   * /receive/, and '/' links both. Such an address never stops after the
   * first download: core/options-patch.ts keeps `stopAfterFirstDownload` off.
   */
  alsoReceive: boolean;
  /**
   * The language of the pages visitors see. Chosen by the sharer, because Tor
   * Browser tells every site it prefers English (Accept-Language: en-US) so
   * that the browser's language does not single its user out.
   */
  language: LanguageCode;
  receive: ReceiveOptions;
  website: WebsiteOptions;
  chat: ChatOptions;
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
  /**
   * A download: every byte of the file or archive has reached one visitor,
   * by this response alone or with that visitor's earlier ranges (a piece
   * that merely ends at the end of the file is not). An upload: received whole.
   */
  complete: boolean;
  /** Why an upload was rejected (limits), in the Problem form. */
  problem: Problem | null;
}

/**
 * What an optional Tor command would have given. Without it a share goes on,
 * with less: the words say what is lost.
 */
export type OptionalTorFeature =
  /** GETINFO version: the version shown. */
  | 'version'
  /** GETINFO status/bootstrap-phase, SETEVENTS STATUS_CLIENT: Tor's progress onto the Tor network. */
  | 'bootstrap'
  /** SETEVENTS HS_DESC: the confirmation that the address is published. */
  | 'publication'
  /** SETEVENTS without HS_DESC: OnionDrop stays subscribed (harmless). */
  | 'unsubscribe'
  /** GETINFO onions/current: noticing that Tor behind a filter restarted, checking a removal. */
  | 'onion-list'
  /** DEL_ONION: the onion stays up until OnionDrop disconnects from Tor. */
  | 'removal'
  /** ONION_CLIENT_AUTH_ADD: the "Check" of a private share. */
  | 'self-check';

/**
 * Why a required Tor command was needed: to reach Tor at all, to put a
 * share online, or to bring a share that was online back after Tor restarted.
 */
export type RequiredTorStep = 'connect' | 'start' | 'restore';

/** A Tor command's place: a required one stops its step; an optional one costs `without`. */
export type CommandNeed = { required: true; step: RequiredTorStep } | { required: false; without: OptionalTorFeature };

/** Why a path cannot be used, in words the user can act on (never a raw error code). */
export type PathReason =
  | 'not-found'
  | 'unreadable'
  /** A device, socket or pipe: only regular files and folders are served. */
  | 'special-file'
  | 'symlink-loop'
  | 'not-absolute'
  /** Not a path at all (empty, a NUL byte, too long). */
  | 'not-a-path'
  /** A file where a folder is needed (a website, the receive folder). */
  | 'not-a-folder'
  /** The receive folder is (inside) a shared folder: what people sent earlier would be offered for download. */
  | 'inside-shared-folder'
  | 'not-writable'
  | 'read-only'
  | 'no-space'
  /** Anything else the system refused; `systemMessage` says what, in the system's words. */
  | 'other';

/** What the path was for: sharing (files, folders, a website's folder) or saving uploads into. */
export type PathUse = 'share' | 'receive-folder';

/** A problem of the onion service itself (not a reply to one command). */
export type OnionProblemKind =
  /** A filter hid the new onion's private key: the address cannot come back after Tor restarts. */
  | 'key-withheld'
  /** ... and Tor did restart: the share ended. */
  | 'key-withheld-lost'
  /** Tor answered ADD_ONION with another address than the key's. */
  | 'address-mismatch'
  /** Tor still lists the onion after removing it. */
  | 'still-listed'
  /** The connection to Tor was closed by OnionDrop (quitting). */
  | 'closed';

/**
 * Everything that can go wrong, as data: the renderer and the CLI turn a
 * Problem into words (with the fix) through the i18n layer. `whonix` is set
 * when a Whonix marker was found, so the text can point at the Gateway.
 * Every field is something the words use; none is a stringified error.
 */
export type Problem =
  /**
   * A filter (onion-grater) answered "510 Command filtered". `stockProfileAllows`:
   * Whonix's shipped OnionShare profile would let this command through, so
   * enabling that one profile is the quickest fix.
   */
  | ({ kind: 'filtered'; command: string; whonix: boolean; stockProfileAllows: boolean } & CommandNeed)
  | { kind: 'tor-unreachable'; tried: string[]; whonix: boolean }
  | {
      kind: 'tor-auth';
      reason: 'cookie-unreadable' | 'wrong-password' | 'password-needed' | 'no-method' | 'server-hash';
      detail: string;
      file: string | null;
    }
  /** Tor (not a filter) refused a command; `code` null: its answer could not be read. */
  | ({ kind: 'tor-error'; command: string; code: number | null; message: string } & CommandNeed)
  /** The control connection ended or stopped answering while a step needed it; OnionDrop reconnects. */
  | { kind: 'tor-lost'; endpoint: string; how: 'closed' | 'timeout' | 'garbled'; detail: string | null; whonix: boolean }
  /** Tor is not connected to the Tor network yet (its own figures); nothing can be published until it is. */
  | { kind: 'tor-bootstrap'; progress: number; summary: string; warning: string | null; whonix: boolean }
  | { kind: 'own-tor-refused'; reason: 'whonix' | 'disabled' | 'not-installed' }
  /** A pluggable transport's program is not on PATH; `package` is the Debian package to install. */
  | { kind: 'bridge-program-missing'; transport: string; programs: string[]; package: string }
  /** tor.bridges = custom without a single bridge line. */
  | { kind: 'bridge-no-lines' }
  /** Bootstrap through the bridges stopped moving; tor keeps trying. `warning` and `host` are tor's words. */
  | { kind: 'bridge-stalled'; transport: string | null; progress: number; summary: string; warning: string | null; host: string | null; seconds: number }
  /** OnionDrop's own tor did not start: tor's last log lines say why. */
  | { kind: 'own-tor-failed'; how: 'exited' | 'timeout' | 'folder' | 'socket-path-too-long' | 'bad-option'; log: string[] }
  | { kind: 'onion'; problem: OnionProblemKind; address: string | null; whonix: boolean }
  | { kind: 'port-range'; first: number; last: number; host: string }
  | { kind: 'listen'; host: string; detail: string }
  | { kind: 'file-changed'; name: string }
  | { kind: 'path-rejected'; path: string; use: PathUse; reason: Exclude<PathReason, 'other'> }
  | { kind: 'path-rejected'; path: string; use: PathUse; reason: 'other'; systemMessage: string }
  /** A persistent share's saved key: a name that cannot be a file name, a damaged file, or a disk error. */
  | { kind: 'saved-address'; name: string; reason: 'bad-name' | 'damaged' | 'disk' }
  | { kind: 'nothing-to-share' }
  | { kind: 'limit'; which: 'file-size' | 'total-size' | 'free-space' | 'message-length' | 'files-disabled' | 'text-disabled'; limit: number }
  /** Publication not confirmed: a filter hides tor's report (`hidden`), or tor made none in time. */
  | { kind: 'publish-unknown'; reason: 'hidden'; whonix: boolean }
  | { kind: 'publish-unknown'; reason: 'not-reported'; seconds: number; whonix: boolean }
  /** Receive mode found unfinished uploads (.part files) in its folder at start: left by a run that ended before they did. */
  | { kind: 'leftover-parts'; folder: string; files: number; submissions: string[] }
  /** Receive mode's folder is already below the free-space floor at start: every upload will be refused until space is freed. */
  | { kind: 'low-disk-space'; folder: string; free: number; floor: number }
  | { kind: 'internal'; message: string }
  // --- get (issue 16): downloading a share with `oniondrop get` or the Get tab ---
  /** The text is not an onion address (with or without http:// and a path). */
  | { kind: 'get-address'; input: string }
  /** The client key is not one, or belongs to another onion. */
  | { kind: 'get-client-key'; reason: 'malformed' | 'other-onion' }
  /** A control-port filter refused lending tor the client key; `profileLine` allows it. */
  | { kind: 'get-client-auth-filtered'; command: string; profileLine: string; whonix: boolean }
  /** Tor could not reach the onion (tor's SOCKS reply says why, when it says). */
  | { kind: 'get-onion'; reason: 'offline' | 'needs-key' | 'wrong-key' | 'unreachable'; detail: string }
  /** Tor's SOCKS port itself failed (nothing listens, not SOCKS5, refused). */
  | { kind: 'get-socks'; proxy: string; reason: 'unreachable' | 'not-socks' | 'refused' }
  /** The share's manifest is missing (not an OnionDrop share), newer than this OnionDrop, or hostile. */
  | { kind: 'get-manifest'; reason: 'not-oniondrop' | 'newer-version' | 'invalid' | 'unsafe-path' | 'too-large'; where: string; path: string }
  /** The share answered but does not give the download now. */
  | { kind: 'get-refused'; reason: 'ended' | 'closing' | 'busy' | 'gone'; status: number }
  /** The shared files changed since this download began (ETag), on resume or during it. */
  | { kind: 'get-share-changed'; name: string | null; resuming: boolean }
  /** The server broke the protocol: a size other than the manifest's, a range not asked for, extra bytes. */
  | { kind: 'get-bad-response'; name: string; reason: 'size' | 'range' | 'extra-bytes' | 'status' | 'no-ranges'; detail: string }
  /** Every retry failed (a fresh circuit each time, with pauses). */
  | { kind: 'get-gave-up'; name: string; attempts: number; last: 'stalled' | 'cut-off' | 'timeout' | 'server-error' | 'busy' }
  /** The bytes are not the ones shared: SHA-256 or the zip's CRC-32 differ. Nothing was given its final name. */
  | { kind: 'get-verify'; name: string; method: 'sha256' | 'crc32' }
  /** The destination folder cannot be used. */
  | { kind: 'get-destination'; path: string; reason: 'missing' | 'not-folder' | 'not-writable' | 'busy' | 'unsafe' }
  /** Writing to the destination failed (ENOSPC: the disk is full). */
  | { kind: 'get-write'; path: string; code: string };

/** Someone in a chat room: the host or a visitor. Names are unique in a room (compared loosely: case, spaces, look-alike letters). */
export interface ChatMember {
  /** Random, public, for this room only (never the visitor's secret token). */
  id: string;
  name: string;
  host: boolean;
}

/**
 * One line of a room, in the one order everyone sees (`seq` rises by one per
 * entry, room-wide). `at` is the host's clock and stays with the host:
 * visitors are never sent a time.
 */
export type ChatEntry =
  | { seq: number; at: number; kind: 'message'; from: ChatMember; text: string }
  | { seq: number; at: number; kind: 'joined'; member: ChatMember }
  /** `timeout`: a visitor without JavaScript stopped asking for messages; `dropped`: the connection died. */
  | { seq: number; at: number; kind: 'left'; member: ChatMember; why: 'left' | 'timeout' | 'dropped' }
  | { seq: number; at: number; kind: 'renamed'; member: ChatMember; from: string };

/** Why a message or a new name was not taken. */
export type ChatRefusal =
  | { reason: 'empty' }
  | { reason: 'too-long'; max: number }
  /** Control characters, direction overrides, invisible characters (or a name with no letter or digit). */
  | { reason: 'characters' }
  | { reason: 'rate'; retryAfterMs: number }
  /** The name is the host's, another member's, or too like one of them. */
  | { reason: 'name-taken' }
  | { reason: 'closed' };

export type ChatSendResult = { ok: true } | { ok: false; refusal: ChatRefusal };

/** A running room as the host's window sees it (the log itself comes with `chat` events and getChatLog). */
export interface ChatView {
  /** A new room each start: a log of another room id belongs to an earlier start. */
  roomId: string;
  you: ChatMember;
  members: ChatMember[];
  history: boolean;
}

/** New lines of a room, in order. */
export interface ChatUpdate {
  shareId: string;
  roomId: string;
  entries: ChatEntry[];
}

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
  /** `cannot-check`: the check itself cannot run here (a filter refused ONION_CLIENT_AUTH_ADD); see the warnings. */
  reachable: 'unknown' | 'checking' | 'reachable' | 'unreachable' | 'cannot-check';
  transfers: Transfer[];
  /** When the share came back online after Tor went away (ms since epoch); null if it never went. */
  reconnectedAt: number | null;
  /** What stopped or failed this share. */
  problem: Problem | null;
  /** Optional things that degraded (an optional command filtered, ...). */
  warnings: Problem[];
  /** A chat tab's running room; null otherwise (and once the room has closed). */
  chat: ChatView | null;
}

export type TorSourceKind = 'config' | 'env' | 'system' | 'port' | 'tor-browser' | 'own';

export interface TorStatus {
  state: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'starting-own' | 'unavailable';
  /** e.g. { kind: 'env', label: 'TOR_CONTROL_IPC_PATH' }. */
  source: { kind: TorSourceKind; label: string } | null;
  version: string | null;
  /**
   * Tor's way onto the Tor network (null: tor cannot say). Below 100 nothing
   * can be published yet. Behind onion-grater always 100 (its profiles rewrite it).
   */
  bootstrap: { progress: number; summary: string; warning: string | null } | null;
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

/** Bridges for OnionDrop's own tor: none, Tor Browser's built-in obfs4 or snowflake ones, or lines the user pasted. */
export type BridgeChoice = 'none' | 'obfs4' | 'snowflake' | 'custom';

export interface TorSettings {
  mode: 'automatic' | 'own' | 'socket' | 'port';
  controlSocket: string;
  controlHost: string;
  controlPort: number;
  auth: 'automatic' | 'password';
  password: string;
  /** Anything but none means our own tor (mode `own`). */
  bridges: BridgeChoice;
  /** The custom bridge lines as typed, one per line (kept while another choice is made). */
  bridgeLines: string;
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
  /** The language of the window, the CLI and new shares' pages; `auto` follows the locale variables. */
  'app.language': LanguageSetting;
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
  /** The language the window speaks now (`app.language`, or the system's when that is `auto`). */
  language: LanguageCode;
  /** The language `auto` stands for here: the first of the locale variables' languages that ships. */
  systemLanguage: LanguageCode;
}

export interface TorCheckLine {
  level: 'ok' | 'warning' | 'problem';
  /** What was checked, e.g. "Authentication". */
  label: string;
  detail: string;
  problem: Problem | null;
}

/**
 * A Get tab's life: `idle` (nothing looked up), `listing` (reading the share's
 * list), `listed` (names and sizes shown, nothing fetched), `downloading`,
 * `paused`, then `complete`, `failed` or `cancelled`.
 */
export type GetPhase = 'idle' | 'listing' | 'listed' | 'downloading' | 'paused' | 'complete' | 'failed' | 'cancelled';

/** One Get tab as the window shows it: what was looked up, where it goes, how far it is. */
export interface GetView {
  id: string;
  phase: GetPhase;
  /** "<id>.onion" once an address was looked up; null before. */
  address: string | null;
  /** The share is private: a client key was given (the key itself never leaves main). */
  withKey: boolean;
  /** The share's title, when it has one. */
  title: string | null;
  /** The chosen folder (the user's own path); null until chosen. */
  folder: string | null;
  /** `archive`: the share offers only its zip, saved as one file. Null until the download starts. */
  mode: GetMode | null;
  /** Names and sizes from the share's list (before the start), then each file's progress and result. */
  files: GetFileView[];
  /** Null while nothing is listed. */
  totals: GetTotals | null;
  /** Bytes found on disk from an earlier, unfinished download into the same folder. */
  resumedBytes: number;
  /** Why the last step failed. */
  problem: Problem | null;
  /** A failed or cancelled download can go on where it stopped (Start again). */
  resumable: boolean;
}

export interface AppSnapshot {
  version: string;
  platform: PlatformInfo;
  tor: TorStatus;
  shares: ShareView[];
  gets: GetView[];
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
  /** Chat: the host says something in the tab's running room. */
  sendChat(shareId: string, text: string): ChatSendResult;
  /** Chat: what the host's seat has seen of the running room so far (empty when no room runs). */
  getChatLog(shareId: string): ChatUpdate | null;
  /** Get: a new, empty Get tab. */
  newGet(): GetView;
  /** Get: closes the tab; a running download stops and stays resumable. */
  closeGet(getId: string): void;
  /** Get: reads the share's list (names and sizes) through Tor; nothing is downloaded yet. `key`: a private share's client key, '' for none. */
  lookUpGet(getId: string, address: string, key: string): void;
  /** Get: the folder picker for where the files go. */
  pickGetFolder(getId: string): void;
  /** Get: starts (or, after a stop, resumes) the download into the chosen folder. `restart`: the share changed since an earlier run; start over. */
  startGet(getId: string, restart: boolean): void;
  pauseGet(getId: string): void;
  resumeGet(getId: string): void;
  /** Get: stops for good and removes what this download wrote. */
  cancelGet(getId: string): void;
  /** Get: opens the file manager at what was saved. */
  showGetInFolder(getId: string): void;
}

export type ShareOptionsPatch = Partial<Omit<ShareOptions, 'receive' | 'website' | 'chat'>> & {
  receive?: Partial<ReceiveOptions>;
  website?: Partial<WebsiteOptions>;
  chat?: Partial<ChatOptions>;
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
  /** New lines in a chat tab's room. */
  chat: ChatUpdate;
  get: GetView;
  getClosed: { id: string };
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
