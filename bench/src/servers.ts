// Starts the three servers being compared (OnionDrop CLI, OnionShare CLI, nginx) and waits until each is ready (plain Node).
// "Ready" is the moment a user could hand out the link: the program has printed its URL
// and a GET of its share page answers 200. The clock starts just before spawn().
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchError } from './errors';
import type { DataSet } from './datasets';
import { httpGet, waitForHttp } from './measure';
import { spawnTracked, stopTracked, type TrackedProcess } from './processes';

export type ServerApp = 'oniondrop' | 'onionshare' | 'nginx';

export const APP_LABEL: Record<ServerApp, string> = {
  oniondrop: 'OnionDrop',
  onionshare: 'OnionShare 2.6',
  nginx: 'nginx',
};

export interface RunningServer {
  readonly app: ServerApp;
  readonly proc: TrackedProcess;
  readonly baseUrl: string;
  readonly downloadUrl: string;
  /** Launch → URL printed and the page answering 200, in ms. */
  readonly readyMs: number;
  /** Folder holding HOME, TMPDIR and the XDG folders the server was given. */
  readonly sandbox: string;
}

/**
 * A private HOME/TMPDIR/XDG_* per launch: whatever a server writes while starting lands
 * here and can be counted, and neither app sees the user's own configuration.
 */
function sandboxEnv(sandbox: string): NodeJS.ProcessEnv {
  const dirs = { HOME: 'home', TMPDIR: 'tmp', XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache', XDG_STATE_HOME: 'state', XDG_RUNTIME_DIR: 'runtime' };
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('ONIONDROP_') || k.startsWith('XDG_') || k === 'HOME' || k === 'TMPDIR' || k.startsWith('TOR_')) continue;
    env[k] = v;
  }
  for (const [k, sub] of Object.entries(dirs)) {
    const path = join(sandbox, sub);
    mkdirSync(path, { recursive: true, mode: 0o700 });
    env[k] = path;
  }
  return env;
}

interface StartSpec {
  readonly app: ServerApp;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly sandbox: string;
  /** Picks the base URL out of an output line, or null. */
  readonly urlFrom: (line: string) => string | null;
  readonly timeoutMs: number;
}

function findDownloadHref(page: string): string | null {
  const m = /href\s*=\s*["'](\/download[^"']*)["']/.exec(page);
  return m?.[1] ?? null;
}

async function startAndWait(spec: StartSpec): Promise<RunningServer> {
  const started = performance.now();
  const proc = spawnTracked(spec.app, spec.command, spec.args, { env: spec.env });
  const deadline = started + spec.timeoutMs;
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new BenchError('not-ready', `${spec.app} printed no URL within ${spec.timeoutMs} ms`, proc.tail()));
      }, spec.timeoutMs);
      const unwatch = proc.onLine((line) => {
        const url = spec.urlFrom(line);
        if (url !== null) {
          stop();
          resolve(url);
        }
      });
      void proc.exited.then(() => {
        stop();
        reject(new BenchError('launch', `${spec.app} exited (${JSON.stringify(proc.exit)}) before printing its URL`, proc.tail()));
      });
      function stop(): void {
        clearTimeout(timer);
        unwatch();
      }
    });
    const readyAt = await waitForHttp(`${baseUrl}/`, proc, deadline, (s) => s === 200);
    const page = await httpGet(`${baseUrl}/`, 10_000, true);
    const href = findDownloadHref(page.body);
    if (href === null) throw new BenchError('launch', `${spec.app}: no /download link on its page`, proc.tail());
    return { app: spec.app, proc, baseUrl, downloadUrl: new URL(href, baseUrl).href, readyMs: readyAt - started, sandbox: spec.sandbox };
  } catch (err) {
    await stopTracked(proc);
    throw err;
  }
}

export function launchOnionDrop(cliPath: string, ds: DataSet, sandbox: string, timeoutMs: number): Promise<RunningServer> {
  return startAndWait({
    app: 'oniondrop',
    command: process.execPath,
    args: [cliPath, 'share', '--local-only', '--no-stop-after-first', ds.sharePath],
    env: sandboxEnv(sandbox),
    sandbox,
    urlFrom: (line) => /Serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] ?? null,
    timeoutMs,
  });
}

export function launchOnionShare(ds: DataSet, sandbox: string, timeoutMs: number): Promise<RunningServer> {
  // Python block-buffers stdout into a pipe; unbuffered, the URL line arrives when printed.
  const env = { ...sandboxEnv(sandbox), PYTHONUNBUFFERED: '1' };
  return startAndWait({
    app: 'onionshare',
    command: 'onionshare-cli',
    args: ['--local-only', '--no-autostop-sharing', ds.sharePath],
    env,
    sandbox,
    // The address it tells the user to hand out is a line of its own (after "Give this address…").
    urlFrom: (line) => /^(http:\/\/127\.0\.0\.1:\d+)\s*$/.exec(line)?.[1] ?? null,
    timeoutMs,
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * nginx serving `fileName` from `root` with sendfile: the throughput reference.
 * One worker, like the apps' single serving process; access log off so nothing but
 * serving is measured.
 */
export async function launchNginx(root: string, fileName: string, prefix: string): Promise<RunningServer> {
  mkdirSync(join(prefix, 'tmp'), { recursive: true });
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  const asRoot = process.getuid?.() === 0;
  writeFileSync(
    conf,
    [
      // Workers would otherwise run as "nobody" and could not read the 0700 temp folder.
      asRoot ? 'user root;' : '',
      'worker_processes 1;',
      'daemon off;',
      'master_process on;',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'error.log')} warn;`,
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      '  sendfile on;',
      '  tcp_nopush on;',
      '  default_type application/octet-stream;',
      `  client_body_temp_path ${join(prefix, 'tmp', 'body')};`,
      `  proxy_temp_path ${join(prefix, 'tmp', 'proxy')};`,
      `  fastcgi_temp_path ${join(prefix, 'tmp', 'fastcgi')};`,
      `  uwsgi_temp_path ${join(prefix, 'tmp', 'uwsgi')};`,
      `  scgi_temp_path ${join(prefix, 'tmp', 'scgi')};`,
      `  server { listen 127.0.0.1:${port}; root ${root}; }`,
      '}',
      '',
    ].join('\n'),
  );
  const started = performance.now();
  const proc = spawnTracked('nginx', 'nginx', ['-e', join(prefix, 'error.log'), '-p', prefix, '-c', conf]);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // Any status from `/` (403: no index) means the listener is up; GETting the file would download it.
    const readyAt = await waitForHttp(`${baseUrl}/`, proc, started + 30_000, (s) => s > 0);
    return { app: 'nginx', proc, baseUrl, downloadUrl: `${baseUrl}/${fileName}`, readyMs: readyAt - started, sandbox: prefix };
  } catch (err) {
    await stopTracked(proc, 'SIGQUIT');
    throw err;
  }
}

export async function stopServer(s: RunningServer): Promise<void> {
  // Both apps stop cleanly on Ctrl-C (SIGINT); nginx's graceful stop is SIGQUIT.
  await stopTracked(s.proc, s.app === 'nginx' ? 'SIGQUIT' : 'SIGINT');
}
