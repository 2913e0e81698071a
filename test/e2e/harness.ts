// One e2e test file's fixtures (plain Node + Chromium): Debian's Chromium, the built renderer
// served under the app's CSP, a workspace for fake machines and, when asked, a real
// networkless tor; started before the file's tests and stopped after them (tor by pid).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTor, stopAllTors, type TorHandle } from '../helpers/tor-process';
import { ensureRendererBuilt, launchChromium, REPO_ROOT, serveRenderer, type RendererServer } from './browser';
import { Workspace } from './real-service';

/** Where the tests' screenshots go (the README's copies are made by screenshots.test.ts). */
export const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

export interface Harness {
  browser: Browser;
  server: RendererServer;
  space: Workspace;
  /** Set when the harness was asked for a tor. */
  tor: TorHandle;
}

/** Registers the hooks; the fields are there once beforeAll has run. */
export function useHarness(opts: { tor?: boolean } = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    await ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    h.space = new Workspace();
    [h.browser, h.server] = await Promise.all([launchChromium(), serveRenderer()]);
    if (opts.tor) h.tor = await startTor();
  });
  afterAll(async () => {
    await h.space?.dispose();
    await h.browser?.close();
    await h.server?.close();
    if (opts.tor) await stopAllTors();
  });
  return h;
}
