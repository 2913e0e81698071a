// E2E harness (plain Node): Debian's Chromium through playwright-core, the built renderer served
// from 127.0.0.1 under the app's strict CSP, and pages with the test bridge installed.
import { createServer, type Server } from 'node:http';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { RENDERER_CSP } from '../../electron/renderer-csp';
import { installBridge, type Bridge, type BridgeImpl } from './bridge';

export { installBridge, bridgeFromService, API_METHODS } from './bridge';
export type { Bridge, BridgeImpl, BridgeMethod, AddDroppedByName } from './bridge';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIST = join(REPO_ROOT, 'dist-renderer');

/** Exactly the policy the app's protocol handler sends. */
export const APP_CSP = RENDERER_CSP;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

const require = createRequire(import.meta.url);
/** Test-only scripts served from the app's own origin, so script-src 'self' lets them run. */
export const AXE_URL_PATH = '/__test__/axe.min.js';
const TEST_FILES: Record<string, string> = { [AXE_URL_PATH]: require.resolve('axe-core/axe.min.js') };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface RendererServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` (the built renderer) on 127.0.0.1 with the app's CSP on every response. */
export async function serveRenderer(root: string = RENDERER_DIST): Promise<RendererServer> {
  const base = resolve(root);
  const server: Server = createServer((req, res) => {
    const headers = {
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      const file = TEST_FILES[path] ?? normalize(join(base, path === '/' ? 'index.html' : path));
      if (!TEST_FILES[path] && file !== base && !file.startsWith(base + sep)) throw new Error('outside root');
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    })().catch(() => {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isBuildFresh(): boolean {
  let built: number;
  try {
    built = statSync(join(RENDERER_DIST, 'index.html')).mtimeMs;
  } catch {
    return false;
  }
  // The renderer bundles the catalogue and formatters from i18n/ too.
  const sources = Math.max(
    newestMtime(join(REPO_ROOT, 'renderer')),
    newestMtime(join(REPO_ROOT, 'i18n')),
    statSync(join(REPO_ROOT, 'vite.config.ts')).mtimeMs,
  );
  return built >= sources;
}

/**
 * Builds the renderer with Vite when dist-renderer/ is missing or older than renderer/.
 * Test files run in parallel workers, so one builds under a lock file and the others wait.
 */
export async function ensureRendererBuilt(): Promise<void> {
  const lock = join(REPO_ROOT, 'dist-renderer.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (isBuildFresh()) return;
    let handle;
    try {
      handle = await open(lock, 'wx');
    } catch {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock}; remove it if no build is running`);
      await new Promise((ok) => setTimeout(ok, 250));
      continue;
    }
    try {
      if (isBuildFresh()) return;
      const { build } = await import('vite');
      await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn' });
      return;
    } finally {
      await handle.close();
      await rm(lock, { force: true });
    }
  }
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  bridge: Bridge;
  /** Console errors, page errors and CSP violations seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

/** A fresh context and page at 1100x760, the bridge installed, the app loaded and rendered. */
export async function openApp(browser: Browser, server: RendererServer, impl: BridgeImpl, options: OpenOptions = {}): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1100, height: 760 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  const bridge = await installBridge(page, impl);
  await page.goto(server.url);
  await page.locator('.app, .app-loading [role=alert]').first().waitFor();
  return {
    context,
    page,
    bridge,
    errors,
    close: async () => {
      bridge.dispose();
      await context.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page (served from the app's origin, so the CSP allows it). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ url: AXE_URL_PATH });
  return page.evaluate(`(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  })()`);
}
