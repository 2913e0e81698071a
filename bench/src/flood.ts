// Pipelining flood (issue 13, finding 4), side by side (plain Node): clients
// that each send 20 000 pipelined GETs of the download (about 1 MB) on one
// connection and never read a byte of the answers. Measured: the serving
// process's resident memory before and its high-water mark after, whether
// the server dropped the connection, and whether a normal visitor is served
// meanwhile. A server that passes a memory cap is stopped there (so a bad
// build cannot take the machine down), and the cap is reported.
import { connect, type Socket } from 'node:net';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeFileDataSet } from './datasets';
import { httpGet, peakRss } from './measure';
import { descendants } from './processes';
import { launchNginx, launchOnionDrop, launchOnionShare, stopServer, type RunningServer, type ServerApp } from './servers';

export const FLOOD_REQUESTS = 20_000;
/** Above this the flood stops and the server's figure reads "> cap". */
export const FLOOD_RSS_CAP_BYTES = 2e9;

export interface FloodRun {
  readonly app: RunningServer['app'];
  readonly connections: number;
  readonly requestsPerConnection: number;
  /** Request bytes written by all connections together. */
  readonly bytesSent: number;
  /** VmRSS of the server (all its processes) just before the flood. */
  readonly rssBeforeBytes: number;
  /** VmHWM after the flood: the most it ever held. */
  readonly peakRssBytes: number;
  /** The flood was stopped at FLOOD_RSS_CAP_BYTES. */
  readonly capped: boolean;
  /** Connections the server had closed by the end of the window. */
  readonly droppedByServer: number;
  /** HTTP status of a normal visitor's download during the flood (0: no answer). */
  readonly visitorStatus: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function rssNow(pid: number): number {
  let total = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      total += Number(m?.[1] ?? 0) * 1024;
    } catch {
      // exited while we looked
    }
  }
  return total;
}

/** Floods `server` with `connections` clients for `windowMs`; the server is left running. */
export async function floodOnce(server: RunningServer, connections: number, windowMs: number): Promise<FloodRun> {
  const url = new URL(server.downloadUrl);
  const request = `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`.repeat(FLOOD_REQUESTS);
  const pid = server.proc.pid;
  await httpGet(`${server.baseUrl}/`, 10_000, true);
  const rssBeforeBytes = rssNow(pid);

  const sockets: Socket[] = [];
  const closed = new Set<Socket>();
  for (let i = 0; i < connections; i++) {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    socket.on('error', () => undefined);
    socket.on('close', () => closed.add(socket));
    // Never read: the answers pile up wherever the server keeps them.
    socket.pause();
    socket.write(request);
    sockets.push(socket);
  }
  let capped = false;
  let visitorStatus = 0;
  const visitor = (async () => {
    await sleep(windowMs / 2);
    try {
      // The download itself: nginx has no page at '/'.
      visitorStatus = (await httpGet(server.downloadUrl, windowMs / 2, false)).status;
    } catch {
      visitorStatus = 0;
    }
  })();
  const until = performance.now() + windowMs;
  while (performance.now() < until) {
    if (rssNow(pid) > FLOOD_RSS_CAP_BYTES) {
      capped = true;
      break;
    }
    await sleep(100);
  }
  // A client that does not read cannot see a close: read now, briefly, and count.
  for (const s of sockets) s.resume();
  await sleep(1000);
  const droppedByServer = closed.size;
  for (const s of sockets) s.destroy();
  await visitor;
  const peakRssBytes = peakRss(pid).bytes;
  return {
    app: server.app,
    connections,
    requestsPerConnection: FLOOD_REQUESTS,
    bytesSent: request.length * connections,
    rssBeforeBytes,
    peakRssBytes,
    capped,
    droppedByServer,
    visitorStatus,
  };
}

export interface FloodOptions {
  readonly cliPath: string;
  readonly work: string;
  /** How long each flood lasts. */
  readonly windowMs: number;
  /** Flooding connections per round, e.g. [1, 25]. */
  readonly rounds: readonly number[];
  readonly log: (msg: string) => void;
}

/** Every server, each round on a fresh launch sharing a 1 MiB file, so each high-water mark is the flood's own. */
export async function measureFlood(o: FloodOptions): Promise<FloodRun[]> {
  const ds = makeFileDataSet('file-small', join(o.work, 'flood-data'), 1024 * 1024);
  const runs: FloodRun[] = [];
  let n = 0;
  for (const connections of o.rounds) {
    for (const app of ['oniondrop', 'onionshare', 'nginx'] as const satisfies readonly ServerApp[]) {
      const sandbox = join(o.work, 'sandbox', `flood-${String(++n).padStart(2, '0')}-${app}`);
      mkdirSync(sandbox, { recursive: true });
      const server =
        app === 'oniondrop'
          ? await launchOnionDrop(o.cliPath, ds, sandbox, 60_000)
          : app === 'onionshare'
            ? await launchOnionShare(ds, sandbox, 120_000)
            : await launchNginx(dirname(ds.sharePath), basename(ds.sharePath), sandbox);
      try {
        const run = await floodOnce(server, connections, o.windowMs);
        o.log(
          `flood ${app} ${connections} connection(s): RSS ${(run.rssBeforeBytes / 1e6).toFixed(1)} -> peak ${(run.peakRssBytes / 1e6).toFixed(1)} MB` +
            `${run.capped ? ' (cap reached)' : ''}, ${run.droppedByServer} dropped by the server, visitor ${run.visitorStatus}`,
        );
        runs.push(run);
      } finally {
        await stopServer(server);
        rmSync(sandbox, { recursive: true, force: true });
      }
    }
  }
  return runs;
}
