// The Electron main process: app lifecycle, the one window, lock-down of
// navigation and permissions, the app:// protocol (Electron main).
// Everything with logic lives in service.ts and core/, which run under plain Node.
import { app, BrowserWindow, dialog, Menu, Notification, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { homedir } from 'node:os';
import { registerIpc } from './ipc';
import { createService, type Service } from './service';
import { RENDERER_CSP } from './renderer-csp';
import { isCliInvocation } from './cli/dispatch';
import { runCli } from './cli/run';
import { processContext } from './cli/context';
import { installLastResort } from './core/last-resort';

// An error nothing caught: stop every share (DEL_ONION) and exit, rather than run on in an unknown state.
installLastResort();

const SCHEME = 'app';
const HOST = 'oniondrop';
const ORIGIN = `${SCHEME}://${HOST}`;
const RENDERER_DIR = join(__dirname, '..', 'dist-renderer');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

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
  protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true } }]);
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

  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== HOST) return new Response('not found', { status: 404 });
    const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    const file = join(RENDERER_DIR, rel);
    if (!file.startsWith(RENDERER_DIR + sep)) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': MIME[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': RENDERER_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });

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
    notify: (title: string, body: string) => {
      if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
    },
  });

  const ipc = registerIpc({ service, contents: () => win?.webContents ?? null, origin: ORIGIN });
  service.onEvent((e) => ipc.send(e));

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

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    void (async () => {
      if (service.hasActiveTransfers() && win) {
        const { response } = await dialog.showMessageBox(win, {
          type: 'question',
          buttons: ['Cancel', 'Quit'],
          defaultId: 0,
          cancelId: 0,
          message: 'Transfers are running. Quit and stop every share?',
        });
        if (response !== 1) return;
      }
      quitting = true;
      // Every onion is removed (DEL_ONION) before we exit.
      await service.shutdown();
      app.quit();
    })();
  });

  createWindow();
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    title: 'OnionDrop',
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
  win.on('closed', () => (win = null));
  void win.loadURL(`${ORIGIN}/index.html`);
}
