// The Electron main process: app lifecycle, the one window, lock-down of
// navigation and permissions, the app:// protocol (Electron main).
// Everything with logic lives in service.ts and core/, which run under plain Node.
import { app, BrowserWindow, dialog, Menu, Notification, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { registerIpc } from './ipc';
import { createService, type Service } from './service';
import { APP_ORIGIN, APP_SCHEME, serveRenderer } from './app-protocol';
import { mainWords, type MainWords } from './main-words';
import { quitFlow } from './quit-flow';
import { isCliInvocation } from './cli/dispatch';
import { runCli } from './cli/run';
import { processContext } from './cli/context';
import { installLastResort } from './core/last-resort';

// An error nothing caught: stop every share (DEL_ONION) and exit, rather than run on in an unknown state.
installLastResort();

const RENDERER_DIR = join(__dirname, '..', 'dist-renderer');

// The installed `oniondrop` command is this binary (the RunAsNode fuse is
// off), so `oniondrop share ...` from a terminal runs the CLI here, headless,
// without taking the single-instance lock the window holds.
const cliArgs = process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('--ozone') && !a.startsWith('--enable-features'));
if (isCliInvocation(cliArgs)) {
  app.dock?.hide();
  void runCli(cliArgs, processContext()).then(
    (code) => app.exit(code),
    () => app.exit(1),
  );
} else {
  // Must run before `ready`: a standard, secure scheme gets a real origin, so
  // the page is not a file:// page with file:// privileges.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
  // Every renderer sandboxed, not only the window's (checklist item 4).
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) app.quit();
  else void main();
}

let win: BrowserWindow | null = null;

async function main(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(null);

  // No remote content and no permissions, except writing text to the
  // clipboard (the Copy buttons for the address and the key).
  const allowed = (permission: string): boolean => permission === 'clipboard-sanitized-write';
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowed(permission));
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_d, cb) =>
    cb({ cancel: true }),
  );

  protocol.handle(APP_SCHEME, (request) => serveRenderer(request, RENDERER_DIR));

  // What main says (title, quit question, notifications) speaks the app's
  // language, set once the service has read the settings, and again whenever
  // they change: the Settings view's language applies without a restart.
  let words: MainWords;
  const service: Service = createService({
    root: '/',
    env: process.env,
    home: homedir(),
    dialogs: {
      pickFiles: async () => {
        const r = win ? await dialog.showOpenDialog(win, { properties: ['openFile', 'multiSelections'] }) : null;
        return r && !r.canceled ? r.filePaths : [];
      },
      pickFolder: async () => {
        const r = win ? await dialog.showOpenDialog(win, { properties: ['openDirectory'] }) : null;
        return r && !r.canceled ? (r.filePaths[0] ?? null) : null;
      },
    },
    notify: (notice) => {
      if (Notification.isSupported()) new Notification({ ...words.notice(notice), silent: false }).show();
    },
    // A finished download, selected in the file manager (the path is one the download saved into the user's folder).
    showItemInFolder: (path) => shell.showItemInFolder(path),
  });

  words = mainWords(service.language());
  const ipc = registerIpc({ service, contents: () => win?.webContents ?? null, origin: APP_ORIGIN });
  service.onEvent((e) => {
    ipc.send(e);
    if (e.event === 'settings' && e.payload.language !== words.lang) {
      words = mainWords(e.payload.language);
      win?.setTitle(words.windowTitle());
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // No new windows, and nothing handed to the system browser: the page has
    // no reason to open anything, so nothing it asks for is trusted.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  // Every onion is removed (DEL_ONION) before we exit; with transfers running the user is asked first.
  const quit = quitFlow({
    hasActiveTransfers: () => service.hasActiveTransfers(),
    confirm: async () => {
      const { title, message, detail, buttons } = words.quitQuestion();
      const options = { type: 'question', title, message, detail, buttons, defaultId: 0, cancelId: 0 } as const;
      const { response } = await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
      return response === 1;
    },
    shutdown: () => service.shutdown(),
    exit: () => app.quit(),
    log: (line) => console.error(`oniondrop: ${line}`),
  });
  app.on('before-quit', (event) => {
    if (!quit.request()) event.preventDefault();
  });

  createWindow(words, () => quit.request());
}

/** `mayClose` says whether the window may close now; closing it is quitting. */
function createWindow(words: MainWords, mayClose: () => boolean): void {
  win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    title: words.windowTitle(),
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
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
      // Middle-click would otherwise ask for a new window; denied anyway, but
      // better never asked.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('close', (event) => {
    if (!mayClose()) event.preventDefault();
  });
  win.on('closed', () => (win = null));
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}
