// The measurements themselves: readiness polling, curl downloads, bytes left on disk, peak RSS (plain Node).
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError } from './errors';
import { descendants, runTracked, spawnTracked, type ExitInfo, type TrackedProcess } from './processes';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface HttpReply {
  readonly status: number;
  readonly body: string;
}

/** One GET on a fresh connection; the body is read only when `readBody` (pages, not downloads). */
export function httpGet(url: string, timeoutMs: number, readBody: boolean): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      const parts: Buffer[] = [];
      if (readBody) res.on('data', (c: Buffer) => parts.push(c));
      else res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Polls `url` until `accept(status)` holds; returns performance.now() of that answer.
 * Gives up when the process exits or the deadline (performance.now() value) passes.
 */
export async function waitForHttp(url: string, proc: TrackedProcess, deadline: number, accept: (status: number) => boolean): Promise<number> {
  for (;;) {
    if (!proc.alive) throw new BenchError('not-ready', `${proc.name} exited (${JSON.stringify(proc.exit)}) before ${url} answered`, proc.tail());
    try {
      const reply = await httpGet(url, 2000, false);
      if (accept(reply.status)) return performance.now();
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new BenchError('not-ready', `${url} did not answer in time`, proc.tail());
    await sleep(5);
  }
}

export interface Download {
  readonly status: number;
  readonly bytes: number;
  readonly seconds: number;
  /** curl's %{speed_download}: bytes per second over the whole transfer. */
  readonly bytesPerSecond: number;
}

const CURL_REPORT = '%{http_code} %{size_download} %{time_total} %{speed_download}';

function parseCurlReport(text: string): Download {
  const [status, bytes, seconds, speed] = text.trim().split(/\s+/).map(Number);
  return { status: status ?? 0, bytes: bytes ?? 0, seconds: seconds ?? 0, bytesPerSecond: speed ?? 0 };
}

/** What went wrong on both ends: curl's error line and the server's last output. */
function context(curlTail: readonly string[], server: TrackedProcess | undefined): string[] {
  return [...curlTail.map((l) => `curl: ${l}`), ...(server?.tail(10).map((l) => `${server.name}: ${l}`) ?? [])];
}

function checkDownload(d: Download, exit: ExitInfo, url: string, expectedBytes: number | null, tail: readonly string[], server: TrackedProcess | undefined): void {
  if (exit.code !== 0 || d.status !== 200 || (expectedBytes !== null && d.bytes !== expectedBytes)) {
    const expected = expectedBytes === null ? '' : ` (expected 200 and ${expectedBytes} bytes)`;
    throw new BenchError('download', `GET ${url}: curl exit ${exit.code ?? exit.signal}, HTTP ${d.status}, ${d.bytes} bytes${expected}`, context(tail, server));
  }
}

function curlArgs(url: string, out: string): string[] {
  // No --compressed: curl then sends no Accept-Encoding, so every server sends the bytes as they are.
  return ['-s', '-S', '--max-time', '1800', '-o', out, '-w', CURL_REPORT, url];
}

export async function curlOnce(url: string, expectedBytes: number, server?: TrackedProcess): Promise<Download> {
  const r = await runTracked('curl', 'curl', curlArgs(url, '/dev/null'));
  const d = parseCurlReport(r.stdout);
  checkDownload(d, r.exit, url, expectedBytes, r.tail, server);
  return d;
}

/**
 * Saves a download to `path` (used once, to give nginx the very bytes OnionDrop serves).
 * curl fails on a response shorter than its Content-Length, so a cut-off is caught.
 */
export async function curlToFile(url: string, path: string, server?: TrackedProcess): Promise<Download> {
  const r = await runTracked('curl', 'curl', curlArgs(url, path));
  const d = parseCurlReport(r.stdout);
  checkDownload(d, r.exit, url, null, r.tail, server);
  return d;
}

export interface ConcurrentDownloads {
  readonly clients: number;
  readonly totalBytes: number;
  /** From starting the first curl to the last one's exit. */
  readonly wallSeconds: number;
  /** totalBytes / wallSeconds: what the server delivered in aggregate. */
  readonly bytesPerSecond: number;
  readonly each: readonly Download[];
}

export async function curlConcurrent(url: string, clients: number, expectedBytes: number, server?: TrackedProcess): Promise<ConcurrentDownloads> {
  const started = performance.now();
  const procs = Array.from({ length: clients }, () => spawnTracked('curl', 'curl', curlArgs(url, '/dev/null')));
  await Promise.all(procs.map(async (p) => { await p.exited; await p.closed; }));
  const wallSeconds = (performance.now() - started) / 1000;
  const each = procs.map((p) => {
    const d = parseCurlReport(p.stdout);
    checkDownload(d, p.exit ?? { code: null, signal: null }, url, expectedBytes, p.tail(), server);
    return d;
  });
  const totalBytes = each.reduce((s, d) => s + d.bytes, 0);
  return { clients, totalBytes, wallSeconds, bytesPerSecond: totalBytes / wallSeconds, each };
}

export interface DiskUse {
  /** Sum of the apparent sizes of regular files. */
  readonly bytes: number;
  /** The largest files, for the report (path relative to the folder). */
  readonly largest: readonly { readonly path: string; readonly bytes: number }[];
}

/** Regular files under `dir` (directories themselves are not counted: creating a config folder is not temporary data). */
export function regularFileBytes(dir: string): DiskUse {
  const files: { path: string; bytes: number }[] = [];
  const walk = (d: string, rel: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const full = join(d, name);
      const relPath = rel === '' ? name : `${rel}/${name}`;
      try {
        const st = lstatSync(full);
        if (st.isDirectory()) walk(full, relPath);
        else if (st.isFile()) files.push({ path: relPath, bytes: st.size });
      } catch {
        // removed while we looked
      }
    }
  };
  walk(dir, '');
  files.sort((a, b) => b.bytes - a.bytes);
  return { bytes: files.reduce((s, f) => s + f.bytes, 0), largest: files.slice(0, 3) };
}

/**
 * Bytes held in files that are open in `pid` but already unlinked: temporary data that
 * a du of any folder would miss (O_TMPFILE, or create-then-unlink).
 */
export function deletedOpenFileBytes(pid: number): number {
  let total = 0;
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return 0;
  }
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (!target.startsWith('/') || !target.endsWith(' (deleted)')) continue;
      const st = statSync(`/proc/${pid}/fd/${fd}`);
      if (st.isFile()) total += st.size;
    } catch {
      // closed while we looked
    }
  }
  return total;
}

function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] !== undefined ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export interface PeakRss {
  /** VmHWM of the serving process plus its descendants (nginx: master + worker), in bytes. */
  readonly bytes: number;
  readonly processes: number;
}

/** Must be read while the server still runs (VmHWM is the kernel's high-water mark of resident memory). */
export function peakRss(pid: number): PeakRss {
  const pids = [pid, ...descendants(pid)];
  return { bytes: pids.reduce((s, p) => s + statusKiB(p, 'VmHWM') * 1024, 0), processes: pids.length };
}

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
export const CLOCK_TICKS: number = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isInteger(n) && n > 0 ? n : 100;
})();

/** CPU time (user + system, every thread) used so far by `pid` and its descendants, in seconds. */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // utime and stime are fields 14 and 15; after the ") " that ends the command name they are the 12th and 13th.
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(after[11]) + Number(after[12]);
    } catch {
      // exited while we looked
    }
  }
  return ticks / CLOCK_TICKS;
}
