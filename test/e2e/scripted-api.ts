// A scripted stand-in for the main process (plain Node), for previewing the renderer in Chromium:
// canned snapshots of the main states and simple canned reactions to calls. It is a preview
// tool only; the real e2e tests drive the real service through the same bridge.
import { validatePatch } from '../../electron/core/options-patch';
import type {
  AddResult,
  ApiEvent,
  AppSnapshot,
  PlatformInfo,
  SaveSettingsResult,
  SettingsChanges,
  SettingsView,
  ShareItem,
  ShareMode,
  ShareOptions,
  ShareOptionsPatch,
  ShareView,
  TorCheckLine,
  TorSettings,
  TorStatus,
  Transfer,
  UserSettingKey,
  UserSettings,
  UserSettingState,
  UserSettingsView,
} from '../../electron/contract';
import type { BridgeImpl, BridgeMethod } from './bridge';

/** A fixed clock for the canned data, so screenshots do not change from run to run. */
export const NOW = Date.parse('2025-05-14T10:00:00Z');

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function pseudoRandom(seed: number, length: number, alphabet: string): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}

/** A v3-looking onion address: 56 base32 characters ending in "d", like real ones. */
export function fakeOnion(seed: number): string {
  return `${pseudoRandom(seed, 55, BASE32)}d.onion`;
}

/** A client-auth private key in the form Tor Browser accepts (52 base32 characters). */
export function fakeKey(seed: number): string {
  return pseudoRandom(seed * 7 + 3, 52, BASE32).toUpperCase();
}

export function defaultOptions(): ShareOptions {
  return {
    public: false,
    stopAfterFirstDownload: false,
    autoStopSeconds: null,
    startAt: null,
    title: '',
    persistentName: null,
    compress: false,
    alsoReceive: false,
    language: 'en',
    receive: { folder: '/home/user/OnionDrop', maxFileSize: 0, maxTotalSize: 0, disableText: false, disableFiles: false },
    website: { csp: "default-src 'self'", directoryListing: true, serveDotfiles: false },
    chat: { name: '', history: false },
  };
}

export function blankShare(id: string, mode: ShareMode): ShareView {
  return {
    id,
    mode,
    state: 'idle',
    step: null,
    items: [],
    totalSize: 0,
    skipped: [],
    options: defaultOptions(),
    onion: null,
    localUrl: null,
    stopsAt: null,
    reachable: 'unknown',
    transfers: [],
    reconnectedAt: null,
    problem: null,
    warnings: [],
    chat: null,
  };
}

export const SAMPLE_ITEMS: ShareItem[] = [
  { id: 'i1', name: 'Leaked documents 2025', kind: 'folder', size: 18_412_004_352, files: 1284 },
  { id: 'i2', name: 'interview-transcript-final-version-2025-05-12.pdf', kind: 'file', size: 2_318_450, files: 1 },
  { id: 'i3', name: 'source-recording.ogg', kind: 'file', size: 48_201_993, files: 1 },
];

function withItems(share: ShareView, items: ShareItem[]): ShareView {
  return { ...share, items, totalSize: items.reduce((n, x) => n + x.size, 0) };
}

function onlineShare(id: string, mode: ShareMode, seed: number, isPublic = false): ShareView {
  const address = fakeOnion(seed);
  return {
    ...blankShare(id, mode),
    state: 'ready',
    options: { ...defaultOptions(), public: isPublic },
    onion: { address, url: `http://${address}`, privateKey: isPublic ? null : fakeKey(seed), published: 'yes' },
    localUrl: 'http://127.0.0.1:17600',
    reachable: 'unknown',
  };
}

export const DEBIAN: PlatformInfo = { whonix: null, qubes: false, tails: false, label: 'Debian' };
export const WHONIX: PlatformInfo = { whonix: 'workstation', qubes: false, tails: false, label: 'Whonix-Workstation' };

export const TOR_DEBIAN: TorStatus = {
  state: 'connected',
  source: { kind: 'env', label: 'TOR_CONTROL_IPC_PATH' },
  version: '0.4.9.3',
  bootstrap: null,
  problem: null,
};

export const TOR_WHONIX: TorStatus = {
  state: 'connected',
  source: { kind: 'port', label: '10.152.152.10:9051' },
  version: null,
  bootstrap: null,
  problem: null,
};

const TOR_DEFAULTS: TorSettings = {
  mode: 'automatic',
  controlSocket: '/run/tor/control',
  controlHost: '127.0.0.1',
  controlPort: 9051,
  auth: 'automatic',
  password: '',
  bridges: 'none',
  bridgeLines: '',
};

export const GUI_FILE = '/home/user/.config/oniondrop/oniondrop.d/90_gui.conf';

const USER_DEFAULTS: UserSettings = {
  'share.default_mode': 'share',
  'share.public': false,
  'share.stop_after_first_download': true,
  'share.compress': false,
  'share.title': '',
  'share.auto_stop': 0,
  'receive.folder': '/home/user/OnionDrop/Received',
  'receive.max_file_size': 0,
  'receive.max_total_size': 0,
  'receive.min_free_space': 1024 ** 3,
  'receive.max_message_length': 10000,
  'receive.disable_text': false,
  'receive.disable_files': false,
  'website.csp': "default-src 'self'",
  'website.directory_listing': true,
  'ui.zoom': 100,
  'app.language': 'auto',
};

/** Every editable option at its default, then the given states over it. */
export function userSettings(over: Partial<{ [K in UserSettingKey]: Partial<UserSettingState<K>> }> = {}): UserSettingsView {
  const view: Partial<Record<UserSettingKey, UserSettingState<UserSettingKey>>> = {};
  for (const key of Object.keys(USER_DEFAULTS) as UserSettingKey[]) {
    view[key] = { value: USER_DEFAULTS[key], origin: { kind: 'default' }, lockedBy: null, savedHere: false, ...over[key] } as UserSettingState<UserSettingKey>;
  }
  return view as UserSettingsView;
}

export function debianSettings(): SettingsView {
  return {
    torSettingsVisible: true,
    tor: TOR_DEFAULTS,
    settings: [
      { key: 'tor.control', value: 'auto', origin: '/usr/share/oniondrop/00_default.conf:4', overrides: [], doc: 'How to reach Tor.' },
      {
        key: 'listen.address',
        value: '127.0.0.1',
        origin: '/usr/share/oniondrop/00_default.conf:9',
        overrides: [],
        doc: 'Where the local server listens.',
      },
      {
        key: 'receive.folder',
        value: '~/Received',
        origin: '~/.config/oniondrop/oniondrop.d/50_user.conf:2',
        overrides: ['/usr/share/oniondrop/00_default.conf:21'],
        doc: 'Where uploads land.',
      },
      {
        key: 'website.csp',
        value: "default-src 'self'",
        origin: '/usr/share/oniondrop/00_default.conf:30',
        overrides: [],
        doc: 'Content-Security-Policy header sent with website pages; empty sends none.',
      },
    ],
    warnings: [],
    user: userSettings(),
    guiFile: GUI_FILE,
    language: 'en',
    systemLanguage: 'en',
  };
}

export function whonixSettings(): SettingsView {
  return {
    torSettingsVisible: false,
    tor: { ...TOR_DEFAULTS, mode: 'port', controlHost: '10.152.152.10' },
    settings: [
      {
        key: 'tor.settings',
        value: 'hide',
        origin: '/etc/oniondrop.d/30_whonix.conf:5',
        overrides: ['/usr/share/oniondrop/00_default.conf:6'],
        doc: 'Show or hide the Tor settings dialog.',
      },
      {
        key: 'tor.own',
        value: 'never',
        origin: '/etc/oniondrop.d/30_whonix.conf:6',
        overrides: ['/usr/share/oniondrop/00_default.conf:7'],
        doc: 'Whether OnionDrop may start its own Tor.',
      },
      {
        key: 'listen.address',
        value: '0.0.0.0',
        origin: '/etc/oniondrop.d/30_whonix.conf:9',
        overrides: ['/usr/share/oniondrop/00_default.conf:9'],
        doc: 'Where the local server listens; the Gateway connects to it.',
      },
      { key: 'ports', value: '17600-17659', origin: '/usr/share/oniondrop/00_default.conf:10', overrides: [], doc: 'Local ports to use.' },
      {
        key: 'share.public',
        value: 'false',
        origin: '/home/user/.config/oniondrop/oniondrop.d/50_user.conf:3',
        overrides: [],
        doc: 'New shares are public.',
      },
    ],
    warnings: [
      {
        file: '/home/user/.config/oniondrop/oniondrop.d/50_user.conf',
        line: 7,
        message: 'Unknown setting "share.compres" (did you mean "share.compress"?); ignored.',
      },
      { file: '/etc/oniondrop.d/40_local.conf', line: 2, message: '%include /etc/oniondrop.d/missing/*.conf matched no files.' },
    ],
    user: userSettings({
      'share.public': { origin: { kind: 'file', file: '/home/user/.config/oniondrop/oniondrop.d/50_user.conf', line: 3 } },
    }),
    guiFile: GUI_FILE,
    language: 'en',
    systemLanguage: 'en',
  };
}

function download(id: string, name: string, bytes: number, total: number, rate: number, state: Transfer['state'], endedMinAgo: number | null): Transfer {
  return {
    id,
    direction: 'download',
    name,
    bytes,
    total,
    rate,
    startedAt: NOW - 40 * 60_000,
    endedAt: endedMinAgo === null ? null : NOW - endedMinAgo * 60_000,
    state,
    complete: state === 'finished' && bytes === total,
    problem: null,
  };
}

export const DEBIAN_TOR_CHECK: TorCheckLine[] = [
  { level: 'ok', label: 'Control connection', detail: 'Unix socket /run/tor/control (TOR_CONTROL_IPC_PATH)', problem: null },
  { level: 'ok', label: 'Authentication', detail: 'SAFECOOKIE with /run/tor/control.authcookie', problem: null },
  { level: 'ok', label: 'Tor version', detail: '0.4.9.3, bootstrapped 100%', problem: null },
  {
    level: 'warning',
    label: 'Descriptor events',
    detail: 'SETEVENTS HS_DESC was refused; publication cannot be confirmed.',
    problem: { kind: 'filtered', command: 'SETEVENTS HS_DESC', whonix: false, stockProfileAllows: true, required: false, without: 'publication' },
  },
  { level: 'ok', label: 'Onion service', detail: 'ADD_ONION and DEL_ONION work', problem: null },
];

export type Scenario =
  | 'welcome'
  | 'empty'
  | 'files-added'
  | 'starting'
  | 'ready'
  | 'downloading'
  | 'problem-510'
  | 'tor-settings'
  | 'tor-bridges'
  | 'receive'
  | 'receive-setup'
  | 'reconnecting'
  | 'website'
  | 'settings-view'
  | 'bootstrap'
  | 'tor-unreachable'
  | 'tor-offline'
  | 'reconnected'
  | 'skipped-files'
  | 'settings-edit'
  | 'many-tabs'
  | 'share-and-receive';

function snapshot(parts: Partial<AppSnapshot> & Pick<AppSnapshot, 'shares'>): AppSnapshot {
  return { version: '0.1.0', platform: DEBIAN, tor: TOR_DEBIAN, settings: debianSettings(), gets: [], ...parts };
}

/** The canned main states, each a fresh snapshot. */
export const SCENARIOS: Record<Scenario, () => AppSnapshot> = {
  welcome: () => snapshot({ shares: [] }),
  empty: () => snapshot({ shares: [blankShare('s1', 'share')], tor: { ...TOR_DEBIAN, state: 'idle', source: null, version: null } }),
  'files-added': () => snapshot({ shares: [withItems(blankShare('s1', 'share'), SAMPLE_ITEMS)] }),
  'skipped-files': () =>
    snapshot({
      shares: [
        {
          ...withItems(blankShare('s1', 'share'), SAMPLE_ITEMS.slice(0, 2)),
          skipped: [
            {
              itemId: 'i1',
              total: 9,
              files: [
                { path: 'Leaked documents 2025/contacts/address-book.vcf', reason: 'permission-denied' },
                { path: 'Leaked documents 2025/drafts/latest', reason: 'symlink-outside' },
                { path: 'Leaked documents 2025/mail/archive', reason: 'symlink-to-directory' },
                { path: 'Leaked documents 2025/run/agent.sock', reason: 'special-file' },
                { path: 'Leaked documents 2025/scans/page\\x0a2.pdf', reason: 'unsafe-name' },
                { path: 'Leaked documents 2025/scans/page-3.pdf', reason: 'symlink-dangling' },
                { path: 'Leaked documents 2025/scans/page-4.pdf', reason: 'symlink-dangling' },
                { path: 'Leaked documents 2025/scans/page-5.pdf', reason: 'symlink-dangling' },
                { path: 'Leaked documents 2025/tmp/fifo', reason: 'special-file' },
              ],
            },
          ],
        },
      ],
    }),
  starting: () =>
    snapshot({
      shares: [{ ...withItems(blankShare('s1', 'share'), SAMPLE_ITEMS), state: 'starting', step: 'adding-onion' }],
    }),
  ready: () =>
    snapshot({
      shares: [
        {
          ...withItems(onlineShare('s1', 'share', 11), SAMPLE_ITEMS),
          reachable: 'reachable',
          stopsAt: NOW + 2 * 3600_000,
          options: { ...defaultOptions(), autoStopSeconds: 7200, title: 'Newsroom drop' },
        },
        blankShare('s2', 'receive'),
      ],
    }),
  'share-and-receive': () =>
    snapshot({
      shares: [
        {
          ...withItems(onlineShare('s1', 'share', 11), SAMPLE_ITEMS),
          reachable: 'reachable',
          options: { ...defaultOptions(), alsoReceive: true, stopAfterFirstDownload: false, title: 'Newsroom drop' },
        },
      ],
    }),
  downloading: () => {
    const share = withItems(onlineShare('s1', 'share', 11), SAMPLE_ITEMS);
    return snapshot({
      shares: [
        {
          ...share,
          reachable: 'reachable',
          transfers: [
            download('d1', 'Leaked documents 2025.zip', 7_902_114_816, 18_412_004_352, 2_412_000, 'running', null),
            download('d2', 'source-recording.ogg', 5_904_384, 48_201_993, 412_000, 'running', null),
            download('d3', 'interview-transcript-final-version-2025-05-12.pdf', 2_318_450, 2_318_450, 0, 'finished', 12),
            download('d4', 'source-recording.ogg', 21_004_288, 48_201_993, 0, 'cancelled', 25),
          ],
        },
      ],
    });
  },
  'problem-510': () =>
    snapshot({
      platform: WHONIX,
      tor: TOR_WHONIX,
      settings: whonixSettings(),
      shares: [
        {
          ...withItems(blankShare('s1', 'share'), SAMPLE_ITEMS),
          state: 'failed',
          problem: { kind: 'filtered', command: 'ADD_ONION', whonix: true, stockProfileAllows: true, required: true, step: 'start' },
        },
      ],
    }),
  'tor-settings': () => snapshot({ shares: [withItems(blankShare('s1', 'share'), SAMPLE_ITEMS)] }),
  'tor-bridges': () => snapshot({ shares: [withItems(blankShare('s1', 'share'), SAMPLE_ITEMS)] }),
  receive: () => {
    const share = onlineShare('s1', 'receive', 23);
    const upload = (id: string, name: string, bytes: number, state: Transfer['state'], min: number, problem: Transfer['problem'] = null): Transfer => ({
      id,
      direction: 'upload',
      name,
      bytes,
      total: state === 'running' ? null : bytes,
      rate: state === 'running' ? 880_000 : 0,
      startedAt: NOW - (min + 2) * 60_000,
      endedAt: state === 'running' ? null : NOW - min * 60_000,
      state,
      complete: state === 'finished',
      problem,
    });
    return snapshot({
      shares: [
        {
          ...share,
          reachable: 'reachable',
          options: {
            ...share.options,
            receive: { folder: '/home/user/OnionDrop/Received', maxFileSize: 500_000_000, maxTotalSize: 2_000_000_000, disableText: false, disableFiles: false },
          },
          transfers: [
            upload('u1', 'evidence-photos.tar', 96_468_992, 'running', 0),
            upload('u2', 'memo.pdf', 1_204_551, 'finished', 4),
            upload('u3', 'message.txt', 2_210, 'finished', 9),
            upload('u4', 'raw-footage.mov', 512_000_000, 'rejected', 15, { kind: 'limit', which: 'file-size', limit: 500_000_000 }),
          ],
        },
      ],
    });
  },
  'receive-setup': () =>
    snapshot({
      shares: [
        {
          ...blankShare('s1', 'receive'),
          options: { ...defaultOptions(), receive: { ...defaultOptions().receive, maxFileSize: 2_000_000_000 } },
        },
      ],
    }),
  reconnecting: () =>
    snapshot({
      tor: {
        ...TOR_DEBIAN,
        state: 'reconnecting',
        problem: { kind: 'tor-unreachable', tried: ['unix:/run/tor/control'], whonix: false },
      },
      shares: [{ ...withItems(onlineShare('s1', 'share', 11), SAMPLE_ITEMS), state: 'reconnecting' }],
    }),
  // A tor that answers but is not on the Tor network yet, while a share publishes.
  'tor-offline': () =>
    snapshot({
      tor: { ...TOR_DEBIAN, bootstrap: { progress: 5, summary: 'Connecting to a relay', warning: null } },
      shares: [{ ...withItems(blankShare('s1', 'share'), SAMPLE_ITEMS), state: 'publishing', step: 'publishing' }],
    }),
  // Back after Tor went away, at the same address; tor is not on the network yet again.
  reconnected: () =>
    snapshot({
      tor: { ...TOR_DEBIAN, bootstrap: { progress: 0, summary: 'Starting', warning: null } },
      shares: [
        {
          ...withItems(onlineShare('s1', 'share', 11), SAMPLE_ITEMS),
          onion: { ...onlineShare('s1', 'share', 11).onion!, published: 'unknown' },
          reconnectedAt: NOW - 60_000,
          warnings: [{ kind: 'tor-bootstrap', progress: 0, summary: 'Starting', warning: null, whonix: false }],
        },
      ],
    }),
  website: () =>
    snapshot({
      shares: [
        withItems(
          { ...blankShare('s1', 'website'), options: { ...defaultOptions(), title: 'Field notes' } },
          [{ id: 'w1', name: 'field-notes-site', kind: 'folder', size: 4_812_330, files: 37 }],
        ),
      ],
    }),
  'many-tabs': () =>
    snapshot({
      shares: [
        { ...withItems(onlineShare('s1', 'share', 11), SAMPLE_ITEMS), options: { ...defaultOptions(), title: 'Newsroom drop for the weekly edition' } },
        blankShare('s2', 'receive'),
        withItems({ ...blankShare('s3', 'website'), options: { ...defaultOptions(), title: 'Field notes' } }, [
          { id: 'w1', name: 'field-notes-site', kind: 'folder', size: 4_812_330, files: 37 },
        ]),
        withItems(blankShare('s4', 'share'), SAMPLE_ITEMS.slice(1)),
        { ...onlineShare('s5', 'receive', 23), options: { ...defaultOptions(), title: 'Tips inbox' } },
        withItems(blankShare('s6', 'share'), SAMPLE_ITEMS.slice(2)),
      ],
    }),
  'settings-edit': () =>
    snapshot({
      settings: {
        ...debianSettings(),
        warnings: [
          {
            file: '/home/user/.config/oniondrop/oniondrop.d/50_user.conf',
            line: 4,
            message: "/home/user/.config/oniondrop/oniondrop.d/50_user.conf:4: unknown option 'share.compres' (did you mean 'share.compress'?)",
          },
        ],
        user: userSettings({
          'share.public': {
            value: false,
            origin: { kind: 'file', file: '/home/user/.config/oniondrop/oniondrop.d/95_admin.conf', line: 2 },
            lockedBy: { kind: 'file', file: '/home/user/.config/oniondrop/oniondrop.d/95_admin.conf', line: 2 },
          },
          'share.compress': { value: false, origin: { kind: 'env', name: 'ONIONDROP_SHARE_COMPRESS' }, lockedBy: { kind: 'env', name: 'ONIONDROP_SHARE_COMPRESS' } },
          'share.title': { value: 'Newsroom drop', origin: { kind: 'file', file: GUI_FILE, line: 7 }, savedHere: true },
          'receive.folder': { value: '/srv/inbox', origin: { kind: 'file', file: '/etc/oniondrop.d/30_site.conf', line: 3 } },
          'receive.max_file_size': { value: 2_000_000_000, origin: { kind: 'file', file: GUI_FILE, line: 9 }, savedHere: true },
        }),
      },
      shares: [blankShare('s1', 'share')],
    }),
  'settings-view': () => snapshot({ platform: WHONIX, tor: TOR_WHONIX, settings: whonixSettings(), shares: [blankShare('s1', 'share')] }),
  bootstrap: () =>
    snapshot({
      tor: {
        state: 'starting-own',
        source: { kind: 'own', label: 'tor 0.4.9.3' },
        version: null,
        bootstrap: { progress: 45, summary: 'Loading relay descriptors', warning: null },
        problem: null,
      },
      shares: [{ ...withItems(blankShare('s1', 'share'), SAMPLE_ITEMS), state: 'starting', step: 'connecting-tor' }],
    }),
  'tor-unreachable': () =>
    snapshot({
      tor: {
        state: 'unavailable',
        source: null,
        version: null,
        bootstrap: null,
        problem: { kind: 'tor-unreachable', tried: ['/run/tor/control', '127.0.0.1:9051', '127.0.0.1:9151'], whonix: false },
      },
      shares: [withItems(blankShare('s1', 'share'), SAMPLE_ITEMS)],
    }),
};

export interface ScriptedOptions {
  /** Delay between canned steps (start, check), ms. */
  stepMs?: number;
  torCheck?: TorCheckLine[];
  /** Calls that throw, as a broken main process would. */
  failing?: BridgeMethod[];
}

const asString = (x: unknown): string => (typeof x === 'string' ? x : String(x));

/** Canned reactions to every Api call, over a mutable snapshot. */
export class ScriptedApi implements BridgeImpl {
  private snap: AppSnapshot;
  private readonly listeners = new Set<(e: ApiEvent) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextId = 100;
  private readonly stepMs: number;
  private readonly torCheck: TorCheckLine[];
  private readonly failing: ReadonlySet<BridgeMethod>;

  constructor(initial: AppSnapshot, options: ScriptedOptions = {}) {
    this.snap = structuredClone(initial);
    this.stepMs = options.stepMs ?? 250;
    this.torCheck = options.torCheck ?? DEBIAN_TOR_CHECK;
    this.failing = new Set(options.failing ?? []);
  }

  get state(): AppSnapshot {
    return this.snap;
  }

  onEvent(listener: (e: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Replaces a share and tells the page, as the service would. */
  putShare(view: ShareView): void {
    const known = this.snap.shares.some((x) => x.id === view.id);
    this.snap.shares = known ? this.snap.shares.map((x) => (x.id === view.id ? view : x)) : [...this.snap.shares, view];
    this.emit({ event: 'share', payload: view });
  }

  setTor(tor: TorStatus): void {
    this.snap.tor = tor;
    this.emit({ event: 'tor', payload: tor });
  }

  setSettings(settings: SettingsView): void {
    this.snap.settings = settings;
    this.emit({ event: 'settings', payload: settings });
  }

  private emit(e: ApiEvent): void {
    for (const listener of this.listeners) listener(structuredClone(e));
  }

  private later(fn: () => void, steps = 1): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, this.stepMs * steps);
    this.timers.add(timer);
  }

  private share(id: unknown): ShareView {
    const share = this.snap.shares.find((x) => x.id === id);
    if (!share) throw new Error(`no share ${asString(id)}`);
    return share;
  }

  private addItems(shareId: unknown, items: Array<Omit<ShareItem, 'id'>>): AddResult {
    const share = this.share(shareId);
    const added = items.map((x) => ({ ...x, id: `i${this.nextId++}` }));
    this.putShare(withItems(share, [...share.items, ...added]));
    return { added, rejected: [], skipped: [] };
  }

  async call(method: BridgeMethod, args: unknown[]): Promise<unknown> {
    const [a, b] = args;
    if (this.failing.has(method)) throw new Error('the main process did not answer');
    switch (method) {
      case 'getSnapshot':
        return structuredClone(this.snap);
      case 'newShare': {
        const mode = a === 'receive' || a === 'website' ? a : 'share';
        const view = blankShare(`s${this.nextId++}`, mode);
        this.putShare(view);
        return view;
      }
      case 'closeShare':
        this.snap.shares = this.snap.shares.filter((x) => x.id !== a);
        this.emit({ event: 'shareClosed', payload: { id: asString(a) } });
        return undefined;
      case 'pickFiles':
        return this.addItems(a, [
          { name: 'budget-2025.ods', kind: 'file', size: 184_320, files: 1 },
          { name: 'photo-0412.jpg', kind: 'file', size: 3_211_004, files: 1 },
        ]);
      case 'pickFolder':
        return this.addItems(a, [{ name: 'Project files', kind: 'folder', size: 1_204_882_113, files: 214 }]);
      case 'addDropped': {
        const names = Array.isArray(b) ? b.map(asString) : [];
        return this.addItems(
          a,
          names.map((name) => ({ name, kind: 'file' as const, size: 1000 + name.length * 104_729, files: 1 })),
        );
      }
      case 'pickReceiveFolder': {
        const share = this.share(a);
        this.putShare({ ...share, options: { ...share.options, receive: { ...share.options.receive, folder: '/home/user/Received' } } });
        return undefined;
      }
      case 'removeItem': {
        const share = this.share(a);
        this.putShare(withItems(share, share.items.filter((x) => x.id !== b)));
        return undefined;
      }
      case 'setOptions': {
        // The main process's own checks and rules (alsoReceive turns the stop off).
        const share = this.share(a);
        this.putShare({ ...share, options: validatePatch(share.options, (b ?? {}) as ShareOptionsPatch) });
        return undefined;
      }
      case 'startShare':
        this.start(this.share(a));
        return undefined;
      case 'stopShare': {
        const share = this.share(a);
        this.putShare({ ...share, state: 'stopping', step: null });
        this.later(() => this.putShare({ ...this.share(a), state: 'stopped', onion: null, localUrl: null, stopsAt: null, reachable: 'unknown' }));
        return undefined;
      }
      case 'checkReachable': {
        this.putShare({ ...this.share(a), reachable: 'checking' });
        this.later(() => this.putShare({ ...this.share(a), reachable: 'reachable' }), 2);
        return undefined;
      }
      case 'testTor':
        await new Promise((ok) => setTimeout(ok, this.stepMs));
        return structuredClone(this.torCheck);
      case 'saveTorSettings':
        this.setSettings({ ...this.snap.settings, tor: a as TorSettings });
        return undefined;
      case 'saveSettings':
        return this.saveSettings(a as SettingsChanges);
      case 'chooseFolder':
        return '/home/user/Inbox';
      // The scripted scenarios run no room (chat is shown against the real service, in chat.test.ts).
      case 'sendChat':
        return { ok: false, refusal: { reason: 'closed' } };
      case 'getChatLog':
        return null;
    }
  }

  /** Takes every change (the real checks are the service's, tested against it). */
  private saveSettings(changes: SettingsChanges): SaveSettingsResult {
    const user = structuredClone(this.snap.settings.user) as Record<UserSettingKey, UserSettingState<UserSettingKey>>;
    for (const [key, value] of Object.entries(changes.set ?? {}) as Array<[UserSettingKey, UserSettings[UserSettingKey]]>) {
      user[key] = { value, origin: { kind: 'file', file: GUI_FILE, line: 7 }, lockedBy: null, savedHere: true };
    }
    const chosen = user['app.language'].value as UserSettings['app.language'];
    const language = chosen === 'auto' ? this.snap.settings.systemLanguage : chosen;
    const settings = { ...this.snap.settings, user: user as UserSettingsView, language };
    this.setSettings(settings);
    return { ok: true, settings, file: GUI_FILE };
  }

  private start(share: ShareView): void {
    if (share.mode !== 'receive' && share.items.length === 0) {
      this.putShare({ ...share, state: 'failed', problem: { kind: 'nothing-to-share' } });
      return;
    }
    const id = share.id;
    const steps = ['connecting-tor', 'starting-server', 'adding-onion', 'publishing'] as const;
    this.putShare({ ...share, state: 'starting', step: steps[0], problem: null });
    steps.slice(1).forEach((step, i) =>
      this.later(() => this.putShare({ ...this.share(id), state: step === 'publishing' ? 'publishing' : 'starting', step }), i + 1),
    );
    this.later(() => {
      const online = onlineShare(id, share.mode, this.nextId++, share.options.public);
      this.putShare({ ...this.share(id), state: 'ready', step: null, onion: online.onion, localUrl: online.localUrl });
    }, steps.length);
  }
}
