// A stand-in for the 'electron' module (test helper, plain Node): the parts
// main.ts, preload.ts and ipc.ts use, recording what they ask for and letting a
// test play the user (close the window, answer the quit question) and the page
// (navigate, open a window, call over IPC). Electron's binary cannot run here.
//
// It follows Electron's documented behaviour where the glue depends on it:
// app.quit() emits `before-quit` (cancellable), then closes every window
// (each `close` cancellable), then `will-quit`; closing the last window quits
// the app when nobody listens to `window-all-closed`; ipcMain.handle refuses
// a second handler for one channel; a thrown handler error rejects invoke().
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeFrame {
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

export type WindowOpenHandler = (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse;

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  destroyed = false;

  constructor(url = 'app://oniondrop/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** The page (or a link in it) causes `name`; true when a listener prevented it. */
  prevented(name: string, ...args: unknown[]): boolean {
    const event = new FakeEvent();
    this.emit(name, event, ...args);
    return event.defaultPrevented;
  }
}

/** A pending quit question: the test reads it, then answers with a button index. */
export interface PendingMessageBox {
  parent: FakeBrowserWindow | null;
  options: Electron.MessageBoxOptions;
  answer(response: number): void;
}

export interface FakeElectronOptions {
  /** What requestSingleInstanceLock() returns (another instance holds it: false). */
  singleInstanceLock?: boolean;
  isPackaged?: boolean;
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  loadedUrl: string | null = null;
  shown = false;
  minimized = false;
  focused = false;
  destroyed = false;

  constructor(
    readonly options: Electron.BrowserWindowConstructorOptions,
    private readonly world: World,
  ) {
    super();
    this.webContents = world.newContents();
    world.windows.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }

  /** Electron's close(): `close` may be prevented; otherwise the window goes and `closed` follows. */
  close(): boolean {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.world.windows.splice(this.world.windows.indexOf(this), 1);
    this.emit('closed');
    return true;
  }

  /** The user clicks the window's close button. */
  userClose(): void {
    if (this.close() && this.world.windows.length === 0 && this.world.app.listenerCount('window-all-closed') === 0) {
      this.world.app.quit();
    }
  }
}

interface World {
  app: FakeApp;
  windows: FakeBrowserWindow[];
  newContents(): FakeWebContents;
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly dock = undefined;
  /** Calls in order, for "this before that" checks. */
  readonly timeline: string[] = [];
  exitCode: number | null = null;
  /** Quit all the way: every window closed and `will-quit` emitted. */
  quitted = false;

  constructor(
    private readonly lock: boolean,
    private readonly windows: () => FakeBrowserWindow[],
  ) {
    super();
  }

  whenReady(): Promise<void> {
    this.timeline.push('whenReady');
    return Promise.resolve();
  }
  enableSandbox(): void {
    this.timeline.push('enableSandbox');
  }
  requestSingleInstanceLock(): boolean {
    this.timeline.push('requestSingleInstanceLock');
    return this.lock;
  }
  quit(): void {
    this.timeline.push('quit');
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const win of [...this.windows()]) if (!win.close()) return;
    this.emit('will-quit', new FakeEvent());
    this.quitted = true;
    this.timeline.push('quitted');
  }
  exit(code = 0): void {
    this.timeline.push(`exit ${code}`);
    this.exitCode = code;
  }
}

export function createFakeElectron(options: FakeElectronOptions = {}) {
  const windows: FakeBrowserWindow[] = [];
  const contents: FakeWebContents[] = [];
  const app = new FakeApp(options.singleInstanceLock ?? true, () => windows);
  app.isPackaged = options.isPackaged ?? false;

  const world: World = {
    app,
    windows,
    newContents() {
      const wc = new FakeWebContents();
      contents.push(wc);
      app.emit('web-contents-created', new FakeEvent(), wc);
      return wc;
    },
  };
  const allWindows: FakeBrowserWindow[] = [];

  class BrowserWindow extends FakeBrowserWindow {
    constructor(opts: Electron.BrowserWindowConstructorOptions) {
      super(opts, world);
      allWindows.push(this);
    }
  }

  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    on: vi.fn(),
    /** What Electron does when a renderer invokes `channel` from `sender`'s `frame`. */
    async invoke(channel: string, sender: FakeWebContents, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler({ sender, senderFrame: frame, frameId: 1, processId: 1 }, ...args);
    },
  };

  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoked: [] as Array<{ channel: string; args: unknown[] }>,
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      ipcRenderer.invoked.push({ channel, args });
      return Promise.resolve({ answered: channel });
    },
  });

  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown): void {
      if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      exposed.set(key, api);
    },
  };

  const webUtils = { getPathForFile: (file: { name: string }): string => `/home/user/dropped/${file.name}` };

  const privileged: Electron.CustomScheme[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged(schemes: Electron.CustomScheme[]): void {
      app.timeline.push('registerSchemesAsPrivileged');
      privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
      protocolHandlers.set(scheme, handler);
    },
    /** What the window gets when it loads `url` from a registered scheme. */
    async fetch(url: string): Promise<Response> {
      const handler = protocolHandlers.get(new URL(url).protocol.slice(0, -1));
      if (!handler) throw new Error(`no handler for ${url}`);
      return handler(new Request(url));
    },
  };

  type PermissionRequest = (wc: FakeWebContents, permission: string, callback: (granted: boolean) => void, details: object) => void;
  type PermissionCheck = (wc: FakeWebContents | null, permission: string, origin: string, details: object) => boolean;
  type BeforeRequest = (details: { url: string }, callback: (response: Electron.CallbackResponse) => void) => void;
  const defaultSession = {
    permissionRequest: null as PermissionRequest | null,
    permissionCheck: null as PermissionCheck | null,
    beforeRequest: null as { filter: Electron.WebRequestFilter; listener: BeforeRequest } | null,
    setPermissionRequestHandler(handler: PermissionRequest): void {
      defaultSession.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheck): void {
      defaultSession.permissionCheck = handler;
    },
    webRequest: {
      onBeforeRequest(filter: Electron.WebRequestFilter, listener: BeforeRequest): void {
        defaultSession.beforeRequest = { filter, listener };
      },
    },
  };

  const messageBoxes: PendingMessageBox[] = [];
  const dialog = {
    showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })),
    showMessageBox(a: FakeBrowserWindow | Electron.MessageBoxOptions, b?: Electron.MessageBoxOptions): Promise<Electron.MessageBoxReturnValue> {
      const [parent, opts] = a instanceof FakeBrowserWindow ? [a, b as Electron.MessageBoxOptions] : [null, a];
      app.timeline.push('showMessageBox');
      return new Promise((resolve) => {
        messageBoxes.push({ parent, options: opts, answer: (response) => resolve({ response, checkboxChecked: false }) });
      });
    },
  };

  const menus: unknown[] = [];
  const Menu = {
    setApplicationMenu(menu: unknown): void {
      menus.push(menu);
    },
  };

  const notifications: Electron.NotificationConstructorOptions[] = [];
  class Notification {
    static isSupported(): boolean {
      return true;
    }
    constructor(private readonly opts: Electron.NotificationConstructorOptions) {}
    show(): void {
      notifications.push(this.opts);
    }
  }

  /** Paths "Show in folder" asked the file manager for. */
  const shown: string[] = [];
  const shell = {
    showItemInFolder(path: string): void {
      shown.push(path);
    },
  };

  return {
    /** What `import ... from 'electron'` gives the code under test. */
    module: { app, BrowserWindow, ipcMain, ipcRenderer, contextBridge, webUtils, protocol, session: { defaultSession }, dialog, Menu, Notification, shell },
    shown,
    app,
    ipcMain,
    ipcRenderer,
    protocol,
    defaultSession,
    dialog,
    /** Every window ever made (closed ones too). */
    windows: allWindows,
    /** Every web contents ever made, the window's and any other. */
    contents,
    /** A web contents that is not our window's (a devtools view, a popup that slipped through). */
    otherContents: (url?: string): FakeWebContents => {
      const wc = world.newContents();
      if (url !== undefined) wc.mainFrame.url = url;
      return wc;
    },
    handledChannels: (): string[] => [...handlers.keys()],
    privileged,
    protocolHandlers,
    exposed,
    messageBoxes,
    menus,
    notifications,
  };
}

/**
 * Imports `modulePath` afresh with `fake` as 'electron' (each call runs the
 * module's top level again, as a new process would).
 */
export async function importWithFakeElectron<T>(fake: FakeElectron, modulePath: string): Promise<T> {
  vi.resetModules();
  vi.doMock('electron', () => fake.module);
  return (await import(/* @vite-ignore */ modulePath)) as T;
}

/** Lets every pending promise callback and I/O callback run once. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
