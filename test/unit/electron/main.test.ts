// electron/main.ts with a stand-in 'electron' and the real service (plain
// Node): what a security review of the main process checks (Electron's
// checklist; Element and Mattermost Desktop as models), and the quit path.
// Nothing here connects to Tor: the service connects only when a share starts
// (test/integration/electron/ quits with a real tor).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../../../i18n/locales/en.json';
import { API_METHODS, PRELOAD_ONLY_METHODS, eventChannel, invokeChannel } from '../../../electron/api-methods';
import { RENDERER_CSP } from '../../../electron/renderer-csp';
import { VERSION } from '../../../electron/core/version';
import type { Service, ServiceDeps } from '../../../electron/service';
import { ensureRendererBuilt } from '../../e2e/browser';
import type { MainWords } from '../../../electron/main-words';
import { createFakeElectron, FakeEvent, importWithFakeElectron, settle, type FakeBrowserWindow, type FakeElectron } from './fake-electron';

const ELECTRON_DIR = resolve(__dirname, '../../../electron');

let fake: FakeElectron;
let home: string;
let created: Array<{ service: Service; deps: ServiceDeps }>;
const argv = process.argv;
// Each start imports main.ts afresh, as a new process would, and with it
// launcher.ts's exit hook; the hooks of earlier starts are removed after each test.
const exitListeners = process.listeners('exit');

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'oniondrop-main-'));
  vi.stubEnv('HOME', home);
  vi.stubEnv('XDG_CONFIG_HOME', join(home, '.config'));
  vi.stubEnv('XDG_DATA_HOME', join(home, '.local', 'share'));
  created = [];
  // The real service, remembered so a test can look at it or play a transfer.
  vi.doMock('../../../electron/service', async (importOriginal) => {
    const real = await importOriginal<typeof import('../../../electron/service')>();
    return {
      ...real,
      createService: (deps: ServiceDeps): Service => {
        const service = real.createService(deps);
        created.push({ service, deps });
        return service;
      },
    };
  });
});

afterEach(async () => {
  process.argv = argv;
  // The real shutdown again (a test may have held the played one).
  vi.restoreAllMocks();
  await Promise.all(created.map(({ service }) => service.shutdown()));
  vi.unstubAllEnvs();
  vi.doUnmock('../../../electron/service');
  for (const listener of process.listeners('exit')) if (!exitListeners.includes(listener)) process.off('exit', listener);
  rmSync(home, { recursive: true, force: true });
});

/** Starts main.ts as `electron .` (or the packaged binary) would, with `args` after it. */
async function start(args: string[] = [], options: Parameters<typeof createFakeElectron>[0] = {}): Promise<void> {
  fake = createFakeElectron(options);
  process.argv = options.isPackaged ? ['/opt/OnionDrop/oniondrop', ...args] : ['/usr/bin/electron', '.', ...args];
  await importWithFakeElectron(fake, '../../../electron/main');
  await settle();
}

function theWindow(): FakeBrowserWindow {
  expect(fake.windows).toHaveLength(1);
  return fake.windows[0] as FakeBrowserWindow;
}

function theService(): Service {
  expect(created).toHaveLength(1);
  return (created[0] as { service: Service }).service;
}

describe('before the app is ready', () => {
  it('registers app:// as standard and secure, sandboxes every renderer and takes the single-instance lock', async () => {
    await start();
    expect(fake.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
    const t = fake.app.timeline;
    const ready = t.indexOf('whenReady');
    for (const step of ['registerSchemesAsPrivileged', 'enableSandbox', 'requestSingleInstanceLock']) {
      expect(t.indexOf(step)).toBeGreaterThanOrEqual(0);
      expect(t.indexOf(step)).toBeLessThan(ready);
    }
  });

  it('a second instance quits at once: no window, no handlers, no service', async () => {
    await start([], { singleInstanceLock: false });
    expect(fake.app.timeline).toContain('quit');
    expect(fake.app.timeline).not.toContain('whenReady');
    expect(fake.windows).toHaveLength(0);
    expect(fake.protocolHandlers.size).toBe(0);
    expect(fake.handledChannels()).toEqual([]);
    expect(created).toHaveLength(0);
  });

  it('the first instance brings its window back when a second one starts', async () => {
    await start();
    const win = theWindow();
    win.minimized = true;
    fake.app.emit('second-instance');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
  });
});

describe('the window', () => {
  it('is locked down: isolated, sandboxed, no Node, web security on, no webview, no insecure content, no drag-drop navigation', async () => {
    await start();
    expect(theWindow().options.webPreferences).toEqual({
      preload: join(ELECTRON_DIR, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('loads our page from app://, is titled from the catalogue, shows when ready, and has no menu (no reload, no devtools keys)', async () => {
    await start();
    const win = theWindow();
    expect(win.loadedUrl).toBe('app://oniondrop/index.html');
    expect(win.options.title).toBe(en.app.name);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
    expect(fake.menus).toEqual([null]);
  });
});

describe('the app:// protocol', () => {
  beforeAll(ensureRendererBuilt, 180_000);

  it('serves the built renderer with the CSP and nosniff', async () => {
    await start();
    const res = await fake.protocol.fetch('app://oniondrop/index.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root"');
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['app://oniondrop/..%2fpackage.json', 'app://oniondrop/%2e%2e/electron/main.ts', 'app://oniondrop/%2e%2e%2fREADME.md', 'app://other/index.html'])(
    'answers 404 to %s (the file exists beside the renderer folder)',
    async (url) => {
      await start();
      const res = await fake.protocol.fetch(url);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    },
  );
});

describe('the session', () => {
  it('cancels every http, https, ws and wss request', async () => {
    await start();
    const before = fake.defaultSession.beforeRequest;
    expect(before?.filter.urls).toEqual(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
    for (const url of ['http://127.0.0.1:17600/', 'https://example.com/x', 'ws://127.0.0.1:9051/', 'wss://example.com/']) {
      let answer: Electron.CallbackResponse | undefined;
      before?.listener({ url }, (response) => (answer = response));
      expect(answer).toEqual({ cancel: true });
    }
  });

  it('denies every permission, asked or checked, except writing to the clipboard', async () => {
    await start();
    const wc = theWindow().webContents;
    const { permissionRequest, permissionCheck } = fake.defaultSession;
    const permissions = ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'display-capture', 'fileSystem', 'hid', 'usb', 'serial', 'unknown'];
    for (const permission of [...permissions, 'clipboard-sanitized-write']) {
      let granted: boolean | undefined;
      permissionRequest?.(wc, permission, (g) => (granted = g), {});
      const expected = permission === 'clipboard-sanitized-write';
      expect([permission, granted]).toEqual([permission, expected]);
      expect([permission, permissionCheck?.(wc, permission, 'app://oniondrop', {})]).toEqual([permission, expected]);
    }
  });
});

describe('every web contents', () => {
  it('may not navigate, be redirected, attach a webview or open a window, the window and any other', async () => {
    await start();
    const other = fake.otherContents();
    for (const wc of [theWindow().webContents, other]) {
      expect(wc.prevented('will-navigate', 'https://example.com/')).toBe(true);
      expect(wc.prevented('will-navigate', 'app://oniondrop/index.html')).toBe(true);
      expect(wc.prevented('will-redirect', 'https://example.com/')).toBe(true);
      expect(wc.prevented('will-attach-webview', {}, {})).toBe(true);
      for (const url of ['https://example.com/', 'app://oniondrop/index.html', 'file:///etc/passwd']) {
        expect(wc.windowOpenHandler?.({ url } as Electron.HandlerDetails)).toEqual({ action: 'deny' });
      }
    }
  });
});

describe('IPC', () => {
  it('handles exactly the channels of api-methods.ts, answered by the real service for our page only', async () => {
    await start();
    expect(fake.handledChannels().sort()).toEqual([...API_METHODS, ...PRELOAD_ONLY_METHODS].map(invokeChannel).sort());
    const wc = theWindow().webContents;
    await expect(fake.ipcMain.invoke(invokeChannel('getSnapshot'), wc, wc.mainFrame)).resolves.toMatchObject({ version: VERSION, shares: [] });
    const other = fake.otherContents('app://oniondrop/index.html');
    await expect(fake.ipcMain.invoke(invokeChannel('newShare'), other, other.mainFrame, 'share')).rejects.toThrow(/refused/);
    expect((await theService().getSnapshot()).shares).toEqual([]);
  });

  it("sends the service's events to the window", async () => {
    await start();
    const wc = theWindow().webContents;
    const share = (await fake.ipcMain.invoke(invokeChannel('newShare'), wc, wc.mainFrame, 'receive')) as { id: string };
    await fake.ipcMain.invoke(invokeChannel('setOptions'), wc, wc.mainFrame, share.id, { title: 'Inbox' });
    const sent = wc.sent.find((s) => s.channel === eventChannel('share'));
    expect(sent?.args).toEqual([expect.objectContaining({ id: share.id, options: expect.objectContaining({ title: 'Inbox' }) })]);
  });
});

describe('notifications', () => {
  it('are titled from the catalogue and name the file', async () => {
    await start();
    const deps = (created[0] as { deps: ServiceDeps }).deps;
    deps.notify({ kind: 'download-complete', name: 'notes.txt' });
    deps.notify({ kind: 'file-received', name: 'photo.jpg' });
    expect(fake.notifications).toEqual([
      { title: en.main.notice.downloadComplete, body: 'notes.txt', silent: false },
      { title: en.main.notice.fileReceived, body: 'photo.jpg', silent: false },
    ]);
  });
});

describe('quitting', () => {
  /** Stands in for a share mid-transfer and for a DEL_ONION that takes its time. */
  function playService(transfers: boolean): { finishShutdown(): void } {
    const service = theService();
    vi.spyOn(service, 'hasActiveTransfers').mockReturnValue(transfers);
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    vi.spyOn(service, 'shutdown').mockImplementation(async () => {
      fake.app.timeline.push('shutdown started');
      await done;
      fake.app.timeline.push('shutdown done');
    });
    return { finishShutdown: () => finish() };
  }

  it('with nothing running: no question; every share is stopped before the app exits', async () => {
    await start();
    const { finishShutdown } = playService(false);
    // Electron quits this way too when no window is asked (the session ends, an updater quits).
    const beforeQuit = new FakeEvent();
    fake.app.emit('before-quit', beforeQuit);
    expect(beforeQuit.defaultPrevented).toBe(true);
    fake.app.quit();
    await settle();
    expect(fake.messageBoxes).toHaveLength(0);
    expect(fake.app.quitted).toBe(false);
    expect(theWindow().destroyed).toBe(false);
    finishShutdown();
    await settle();
    expect(fake.app.quitted).toBe(true);
    const t = fake.app.timeline;
    expect(t.indexOf('shutdown done')).toBeLessThan(t.indexOf('quitted'));
  });

  it('with transfers running the user is asked, in catalogue words; Cancel keeps the window, the shares and the app', async () => {
    await start();
    playService(true);
    fake.app.quit();
    await settle();
    expect(fake.messageBoxes).toHaveLength(1);
    const box = fake.messageBoxes[0];
    expect(box?.parent).toBe(theWindow());
    expect(box?.options).toMatchObject({
      type: 'question',
      title: en.main.quit.title,
      message: en.main.quit.message,
      detail: en.main.quit.detail,
      buttons: [en.main.quit.cancel, en.main.quit.quit],
      defaultId: 0,
      cancelId: 0,
    });
    box?.answer(0);
    await settle();
    expect(fake.app.timeline).not.toContain('shutdown started');
    expect(fake.app.quitted).toBe(false);
    expect(theWindow().destroyed).toBe(false);
  });

  it("closing the window is quitting: asked first (the window stays while asked), then stopped, then gone", async () => {
    await start();
    const { finishShutdown } = playService(true);
    const win = theWindow();
    win.userClose();
    await settle();
    expect(win.destroyed).toBe(false);
    expect(fake.messageBoxes).toHaveLength(1);
    fake.messageBoxes[0]?.answer(1);
    await settle();
    expect(fake.app.timeline).toContain('shutdown started');
    expect(win.destroyed).toBe(false);
    expect(fake.app.quitted).toBe(false);
    finishShutdown();
    await settle();
    expect(win.destroyed).toBe(true);
    expect(fake.app.quitted).toBe(true);
  });

  it('a quit asked for twice shows one question', async () => {
    await start();
    playService(true);
    fake.app.quit();
    theWindow().userClose();
    fake.app.quit();
    await settle();
    expect(fake.messageBoxes).toHaveLength(1);
  });
});

describe('every word the main process shows', () => {
  // Pseudo-localisation: each catalogue text comes back marked, so a literal
  // in main.ts (even one equal to the English text) shows up unmarked.
  const mark = (s: string): string => `⟦${s}⟧`;
  beforeEach(() => {
    vi.doMock('../../../electron/main-words', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../../electron/main-words')>();
      return {
        ...real,
        mainWords: (lang: string): MainWords => {
          const words = real.mainWords(lang);
          return {
            lang: words.lang,
            windowTitle: () => mark(words.windowTitle()),
            quitQuestion: () => {
              const q = words.quitQuestion();
              return { title: mark(q.title), message: mark(q.message), detail: mark(q.detail), buttons: [mark(q.buttons[0]), mark(q.buttons[1])] };
            },
            notice: (n) => ({ ...words.notice(n), title: mark(words.notice(n).title) }),
          };
        },
      };
    });
  });
  afterEach(() => void vi.doUnmock('../../../electron/main-words'));

  it('comes from the catalogue: the window title, the quit question, the notifications', async () => {
    await start();
    expect(theWindow().options.title).toBe(mark(en.app.name));
    vi.spyOn(theService(), 'hasActiveTransfers').mockReturnValue(true);
    fake.app.quit();
    await settle();
    const { title, message, detail, buttons } = fake.messageBoxes[0]?.options ?? {};
    expect({ title, message, detail, buttons }).toEqual({
      title: mark(en.main.quit.title),
      message: mark(en.main.quit.message),
      detail: mark(en.main.quit.detail),
      buttons: [mark(en.main.quit.cancel), mark(en.main.quit.quit)],
    });
    (created[0] as { deps: ServiceDeps }).deps.notify({ kind: 'file-received', name: 'a.txt' });
    expect(fake.notifications[0]?.title).toBe(mark(en.main.notice.fileReceived));
  });
});

describe('a CLI invocation', () => {
  function capture(stream: NodeJS.WriteStream): string[] {
    const out: string[] = [];
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    return out;
  }
  const captureStdout = (): string[] => capture(process.stdout);

  it.each([
    ['from a source checkout', ['--version'], false],
    ['from the packaged binary', ['--version'], true],
    ['after flags the launcher adds for Chromium', ['--ozone-platform=x11', '--enable-features=WaylandWindowDecorations', '--version'], true],
  ])('%s runs the CLI and exits with its code, and never opens a window', async (_how, args, isPackaged) => {
    const out = captureStdout();
    await start(args, { isPackaged });
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(0));
    expect(out.join('')).toContain(`oniondrop ${VERSION}`);
    expect(fake.windows).toHaveLength(0);
    expect(created).toHaveLength(0);
    for (const step of ['whenReady', 'requestSingleInstanceLock', 'registerSchemesAsPrivileged']) expect(fake.app.timeline).not.toContain(step);
  });

  it('a usage mistake exits 2 with a line on stderr, still without a window', async () => {
    const err = capture(process.stderr);
    await start(['share', '--no-such-flag'], { isPackaged: true });
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(2));
    expect(err.join('')).toContain('--no-such-flag');
    expect(fake.windows).toHaveLength(0);
  });

  it('no command opens the window', async () => {
    await start([], { isPackaged: true });
    expect(fake.windows).toHaveLength(1);
  });
});
