// E2E helpers around the real service (plain Node + Chromium page): fake machines (their own
// root, home and environment, each with a real createService), dropping files on the drop
// zone, the page's words, and a slow download that keeps a transfer running.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createService, type Service } from '../../electron/service';

export interface Machine {
  root: string;
  home: string;
  env: Record<string, string>;
  service: Service;
}

export interface MachineOptions {
  whonix?: boolean;
  env?: Record<string, string>;
  /** Files under the machine's root, e.g. { 'etc/oniondrop.d/30_x.conf': '...' }. */
  files?: Record<string, string>;
  /** Files under its home, e.g. { '.config/oniondrop/oniondrop.d/95_admin.conf': '...' }. */
  homeFiles?: Record<string, string>;
  pickFolder?: () => Promise<string | null>;
  /** What "Show in folder" would open (main.ts: shell.showItemInFolder). */
  showItemInFolder?: (path: string) => void;
}

/** A temp folder for one test file, the machines made in it, and their shutdown. */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'oniondrop-e2e-'));
  private readonly services: Service[] = [];

  machine(name: string, opts: MachineOptions = {}): Machine {
    const root = join(this.dir, name, 'root');
    const home = join(this.dir, name, 'home');
    mkdirSync(root, { recursive: true });
    mkdirSync(home, { recursive: true });
    if (opts.whonix) {
      for (const marker of ['usr/share/whonix/marker', 'usr/share/anon-ws-base-files/workstation']) {
        mkdirSync(join(root, marker, '..'), { recursive: true });
        writeFileSync(join(root, marker), '');
      }
    }
    for (const [base, files] of [[root, opts.files], [home, opts.homeFiles]] as const) {
      for (const [path, text] of Object.entries(files ?? {})) {
        mkdirSync(join(base, path, '..'), { recursive: true });
        writeFileSync(join(base, path), text);
      }
    }
    const env = { HOME: home, ONIONDROP_TOR_PUBLISH_TIMEOUT: '1', ONIONDROP_TOR_START_OWN: 'false', ...opts.env };
    return { root, home, env, service: this.serviceFor(root, home, env, opts.pickFolder, opts.showItemInFolder) };
  }

  /** Another service over the same machine, as a restarted app would be. */
  restart(m: Machine): Service {
    return this.serviceFor(m.root, m.home, m.env);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.services.map((s) => s.shutdown()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private serviceFor(
    root: string,
    home: string,
    env: Record<string, string>,
    pickFolder?: () => Promise<string | null>,
    showItemInFolder?: (path: string) => void,
  ): Service {
    const service = createService({
      root,
      home,
      env,
      dialogs: { pickFiles: async () => [], pickFolder: pickFolder ?? (async () => null) },
      notify: () => undefined,
      showItemInFolder: showItemInFolder ?? (() => undefined),
    });
    this.services.push(service);
    return service;
  }
}

/** The page's words as in the DOM, whitespace folded. */
export const bodyText = async (page: Page): Promise<string> => ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');

/** Drops files with these names on the drop zone (the bridge maps names to paths). */
export async function dropFiles(page: Page, names: string[]): Promise<void> {
  await page.evaluate(`(() => {
    const dt = new DataTransfer();
    for (const name of ${JSON.stringify(names)}) dt.items.add(new File(['x'], name));
    const zone = document.querySelector('[data-testid="drop-zone"]');
    zone.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
    zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  })()`);
}

/** The text of a page from the share's own listener. */
export function fetchText(url: string): Promise<string> {
  return new Promise((resolveText, reject) => {
    request(url, (res) => {
      let s = '';
      res.on('data', (c: Buffer) => (s += c.toString()));
      res.on('end', () => resolveText(s));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/**
 * Reads a URL slowly so the UI has time to show progress. Resolves with the
 * bytes received and whether the response ended complete (a cut-off download
 * ends early or with an error).
 */
export function slowDownload(url: string, pauseMs = 40): Promise<{ bytes: number; complete: boolean }> {
  return new Promise((resolveBytes) => {
    let got = 0;
    let expected = -1;
    const done = (complete: boolean): void => resolveBytes({ bytes: got, complete: complete && (expected < 0 || got === expected) });
    request(url, (res) => {
      expected = Number(res.headers['content-length'] ?? -1);
      res.on('data', (c: Buffer) => {
        got += c.length;
        res.pause();
        setTimeout(() => res.resume(), pauseMs);
      });
      res.on('end', () => done(true));
      res.on('error', () => done(false));
      res.on('aborted', () => done(false));
    })
      .on('error', () => done(false))
      .end();
  });
}
