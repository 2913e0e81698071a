// Benchmark entry: OnionDrop vs OnionShare 2.6 vs nginx on this machine, side by side in one run (plain Node).
// Started by bench/run.mjs, which bundles this file and the OnionDrop CLI with esbuild.
// Phases: data sets → time to ready (every app × data set × repeat) → throughput and
// peak RSS per server → optional onion-path run → markdown report on stdout.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeDataSets, warmRead, type DataSet, type DataSetId } from './datasets';
import { BenchError } from './errors';
import { cpuSeconds, curlConcurrent, curlOnce, curlToFile, deletedOpenFileBytes, peakRss, regularFileBytes, type ConcurrentDownloads, type Download } from './measure';
import { measureFlood } from './flood';
import { runOnionPath } from './onion-path';
import { killAllNow, liveCount, runTracked } from './processes';
import { renderMarkdown } from './report';
import type { BenchResults, FloodRun, MachineInfo, OnionPathResult, ReadyResult, ReadyRun, ThroughputResult } from './results';
import { launchNginx, launchOnionDrop, launchOnionShare, stopServer, type RunningServer, type ServerApp } from './servers';

const MiB = 1024 * 1024;

export interface BenchPaths {
  readonly repoRoot: string;
  /** The OnionDrop CLI bundled by run.mjs. */
  readonly cliPath: string;
}

interface Options {
  readonly quick: boolean;
  readonly repeats: number;
  readonly concurrency: number;
  readonly keep: boolean;
  readonly out: string | null;
  readonly json: string | null;
  /** The onion-path run: by default when tor is installed; --no-onion skips it, --onion-only runs only it. */
  readonly onion: 'auto' | 'off' | 'only';
  readonly onionRuns: number;
  /** The pipelining flood (issue 13): on by default, --no-flood skips it, --flood-only runs only it. */
  readonly flood: 'on' | 'off' | 'only';
  /** Another OnionDrop CLI bundle to measure instead of this working tree's (before/after comparisons). */
  readonly cli: string | null;
}

const USAGE = `Usage: node bench/run.mjs [--quick] [--repeats N] [--out FILE.md] [--json FILE.json] [--keep] [--no-onion | --onion-only] [--no-flood | --flood-only] [--cli FILE]
  --quick       128 MiB file and 100-file folder, 1 repeat (a smoke run, not representative)
  --repeats N   launches per app and data set, and download rounds (default 3, quick 1)
  --out FILE    also write the markdown report to FILE
  --json FILE   also write the raw results as JSON
  --keep        keep the temporary folder (data sets, nginx config, logs)
  --no-onion    skip the onion-path comparison over a private Tor network (issue 8)
  --onion-only  only the onion-path comparison
  --no-flood    skip the pipelining flood (issue 13)
  --flood-only  only the pipelining flood
  --cli FILE    measure this OnionDrop CLI bundle (dist/cli.cjs of another build) instead of the working tree's`;

function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let repeats: number | null = null;
  let keep = false;
  let out: string | null = null;
  let json: string | null = null;
  let onion: Options['onion'] = 'auto';
  let flood: Options['flood'] = 'on';
  let cli: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new BenchError('usage', `${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--quick') quick = true;
    else if (a === '--keep') keep = true;
    else if (a === '--no-onion') onion = 'off';
    else if (a === '--onion-only') onion = 'only';
    else if (a === '--no-flood') flood = 'off';
    else if (a === '--flood-only') flood = 'only';
    else if (a === '--cli') cli = value();
    else if (a === '--out') out = value();
    else if (a === '--json') json = value();
    else if (a === '--repeats') {
      repeats = Number(value());
      if (!Number.isInteger(repeats) || repeats < 1) throw new BenchError('usage', `--repeats wants a whole number ≥ 1\n${USAGE}`);
    } else throw new BenchError('usage', `unknown argument ${a}\n${USAGE}`);
  }
  // Tor's throughput swings more than loopback's, so the onion path gets more runs than the loopback rounds.
  if (onion === 'only' && flood === 'only') throw new BenchError('usage', `--onion-only and --flood-only exclude each other\n${USAGE}`);
  if (flood === 'only' && onion === 'auto') onion = 'off';
  if (onion === 'only' && flood === 'on') flood = 'off';
  return { quick, repeats: repeats ?? (quick ? 1 : 3), concurrency: 8, keep, out, json, onion, onionRuns: repeats ?? (quick ? 1 : 10), flood, cli };
}

const t0 = performance.now();
function log(msg: string): void {
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${msg}\n`);
}

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

function requireTools(tools: readonly string[]): void {
  const missing = tools.filter((t) => !onPath(t));
  if (missing.length > 0) throw new BenchError('missing-tool', `not installed: ${missing.join(', ')} (Debian: apt-get install ${missing.map((t) => (t === 'onionshare-cli' ? 'onionshare-cli' : t)).join(' ')})`);
}

async function firstLine(command: string, args: readonly string[], cwd?: string): Promise<string> {
  try {
    const r = await runTracked(command, command, args, cwd === undefined ? {} : { cwd });
    return (r.stdout.trim() || r.tail.join(' ')).split('\n')[0]?.trim() ?? '';
  } catch {
    return 'unknown';
  }
}

async function machineInfo(repoRoot: string, loadBefore: readonly number[], startedAt: Date): Promise<MachineInfo> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memoryBytes: totalmem(),
    kernel: release(),
    node: process.version,
    nginx: (await firstLine('nginx', ['-v'])).replace('nginx version: ', ''),
    onionshare: await firstLine('dpkg-query', ['-W', '-f', '${Version}', 'onionshare-cli']),
    curl: (await firstLine('curl', ['--version'])).split(' ').slice(0, 2).join(' '),
    // Read-only: only reports which commit was measured.
    commit: await firstLine('git', ['rev-parse', '--short', 'HEAD'], repoRoot),
    loadBefore,
    loadAfter: loadavg(),
    startedAt: startedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    durationSeconds: (performance.now() - t0) / 1000,
  };
}

/** Flushes dirty pages (OnionShare just wrote a GiB) so writeback does not land inside a measurement. */
function syncDisks(): void {
  spawnSync('sync', [], { stdio: 'ignore' });
}

interface Context {
  readonly opts: Options;
  readonly paths: BenchPaths;
  readonly work: string;
  readonly sets: Record<DataSetId, DataSet>;
  /** nginx's document root: the single file (hard link) and OnionDrop's own zip of the folder. */
  readonly www: string;
  readonly nginxFile: Record<'file-large' | 'folder-large', string>;
  sandboxCounter: number;
}

function newSandbox(ctx: Context, name: string): string {
  const dir = join(ctx.work, 'sandbox', `${String(++ctx.sandboxCounter).padStart(3, '0')}-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function launchApp(ctx: Context, app: Exclude<ServerApp, 'nginx'>, ds: DataSet, sandbox: string): Promise<RunningServer> {
  return app === 'oniondrop'
    ? launchOnionDrop(ctx.paths.cliPath, ds, sandbox, 60_000)
    : launchOnionShare(ds, sandbox, 45 * 60_000);
}

async function measureReady(ctx: Context): Promise<ReadyResult[]> {
  const order: readonly DataSetId[] = ['file-small', 'folder-small', 'file-large', 'folder-large'];
  const runs = new Map<string, ReadyRun[]>();
  for (let rep = 1; rep <= ctx.opts.repeats; rep++) {
    for (const id of order) {
      const ds = ctx.sets[id];
      for (const app of ['oniondrop', 'onionshare'] as const) {
        warmRead(ds.files);
        const sandbox = newSandbox(ctx, `${app}-${id}`);
        const server = await launchApp(ctx, app, ds, sandbox);
        let run: ReadyRun;
        try {
          const disk = regularFileBytes(sandbox);
          run = { readyMs: server.readyMs, tempBytes: disk.bytes, deletedOpenBytes: deletedOpenFileBytes(server.proc.pid), largestTempFile: disk.largest[0] === undefined ? null : `${disk.largest[0].path} (${disk.largest[0].bytes.toLocaleString('en-US')} B)` };
        } finally {
          await stopServer(server);
          rmSync(sandbox, { recursive: true, force: true });
        }
        log(`ready ${app} ${ds.label} #${rep}: ${run.readyMs.toFixed(0)} ms, temp ${run.tempBytes + run.deletedOpenBytes} B`);
        const key = `${app}|${id}`;
        runs.set(key, [...(runs.get(key) ?? []), run]);
      }
    }
  }
  return [...runs.entries()].map(([key, r]) => {
    const [app, id] = key.split('|') as ['oniondrop' | 'onionshare', DataSetId];
    return { app, dataSet: id, runs: r };
  });
}

/** The files a server reads while serving, for the warm-up read before each measurement. */
function servedFiles(ctx: Context, server: RunningServer, ds: DataSet): { files: string[]; downloadBytes: number } {
  const id = ds.id as 'file-large' | 'folder-large';
  if (server.app === 'nginx') {
    const path = join(ctx.www, ctx.nginxFile[id]);
    return { files: [path], downloadBytes: statSync(path).size };
  }
  if (server.app === 'oniondrop') {
    return { files: [...ds.files], downloadBytes: statSync(join(ctx.www, ctx.nginxFile[id])).size };
  }
  if (ds.kind === 'file') return { files: [...ds.files], downloadBytes: ds.bytes };
  // OnionShare serves the zip it wrote into its temp folder before it was ready.
  const zip = regularFileBytes(server.sandbox).largest[0];
  if (zip === undefined) throw new BenchError('data', 'OnionShare wrote no zip into its temp folder');
  return { files: [join(server.sandbox, zip.path)], downloadBytes: zip.bytes };
}

interface ServerUnderTest {
  readonly server: RunningServer;
  readonly served: { files: string[]; downloadBytes: number };
  readonly single: Download[];
  readonly concurrent: ConcurrentDownloads[];
  readonly singleCpu: number[];
  readonly concurrentCpu: number[];
}

/** The list rotated by `n`, so no server is always measured first in a round. */
function rotate<T>(xs: readonly T[], n: number): T[] {
  const k = n % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

/** Runs `measure` between two CPU-time readings of the server; returns its result and the CPU seconds used. */
async function withCpu<T>(pid: number, measure: () => Promise<T>): Promise<[T, number]> {
  const before = cpuSeconds(pid);
  const result = await measure();
  return [result, cpuSeconds(pid) - before];
}

/**
 * All three servers run side by side for a data set and are measured in rounds
 * (OnionDrop, OnionShare, nginx, rotated each round), so a change in the machine's
 * load hits all of them alike instead of skewing one server's whole series.
 */
async function measureThroughput(ctx: Context): Promise<ThroughputResult[]> {
  const results: ThroughputResult[] = [];
  const mbps = (bps: number): string => `${(bps / 1e6).toFixed(0)} MB/s`;
  for (const id of ['file-large', 'folder-large'] as const) {
    const ds = ctx.sets[id];
    const running: RunningServer[] = [];
    try {
      for (const app of ['oniondrop', 'onionshare', 'nginx'] as const) {
        const sandbox = newSandbox(ctx, `${app}-${id}-tput`);
        running.push(app === 'nginx' ? await launchNginx(ctx.www, ctx.nginxFile[id], sandbox) : await launchApp(ctx, app, ds, sandbox));
      }
      syncDisks();
      const suts: ServerUnderTest[] = running.map((server) => ({ server, served: servedFiles(ctx, server, ds), single: [], concurrent: [], singleCpu: [], concurrentCpu: [] }));
      for (let i = 0; i < ctx.opts.repeats; i++) {
        for (const t of rotate(suts, i)) {
          warmRead(t.served.files);
          const [d, cpu] = await withCpu(t.server.proc.pid, () => curlOnce(t.server.downloadUrl, t.served.downloadBytes, t.server.proc));
          t.single.push(d);
          t.singleCpu.push(cpu);
          log(`${t.server.app} ${ds.label} 1 client #${i + 1}: ${mbps(d.bytesPerSecond)}, server CPU ${cpu.toFixed(2)} s`);
        }
      }
      for (let i = 0; i < ctx.opts.repeats; i++) {
        for (const t of rotate(suts, i)) {
          warmRead(t.served.files);
          const [c, cpu] = await withCpu(t.server.proc.pid, () => curlConcurrent(t.server.downloadUrl, ctx.opts.concurrency, t.served.downloadBytes, t.server.proc));
          t.concurrent.push(c);
          t.concurrentCpu.push(cpu);
          log(`${t.server.app} ${ds.label} ${ctx.opts.concurrency} clients #${i + 1}: ${mbps(c.bytesPerSecond)} total, server CPU ${cpu.toFixed(2)} s`);
        }
      }
      for (const t of suts) {
        const rss = peakRss(t.server.proc.pid);
        log(`${t.server.app} ${ds.label} peak RSS ${(rss.bytes / 1e6).toFixed(1)} MB (${rss.processes} process${rss.processes === 1 ? '' : 'es'})`);
        results.push({
          app: t.server.app,
          dataSet: id,
          downloadBytes: t.served.downloadBytes,
          single: t.single,
          concurrent: t.concurrent,
          singleCpuSeconds: t.singleCpu,
          concurrentCpuSeconds: t.concurrentCpu,
          peakRssBytes: rss.bytes,
          rssProcesses: rss.processes,
        });
      }
    } finally {
      for (const server of running) {
        await stopServer(server);
        rmSync(server.sandbox, { recursive: true, force: true });
      }
    }
  }
  return results;
}

/** nginx's files: a hard link to the single file (same inode, same cached pages) and OnionDrop's zip of the folder, byte for byte. */
async function prepareNginxRoot(ctx: Omit<Context, 'nginxFile'>): Promise<Record<'file-large' | 'folder-large', string>> {
  mkdirSync(ctx.www, { recursive: true });
  const fileName = 'file-large.bin';
  linkSync(ctx.sets['file-large'].sharePath, join(ctx.www, fileName));
  const folder = ctx.sets['folder-large'];
  const sandbox = join(ctx.work, 'sandbox', 'zip-for-nginx');
  mkdirSync(sandbox, { recursive: true });
  const server = await launchOnionDrop(ctx.paths.cliPath, folder, sandbox, 60_000);
  const zipName = decodeURIComponent(new URL(server.downloadUrl).pathname.split('/').pop() ?? 'folder-large.zip');
  try {
    const d = await curlToFile(server.downloadUrl, join(ctx.www, zipName), server.proc);
    if (d.bytes <= folder.bytes) throw new BenchError('data', `OnionDrop's zip of ${folder.label} is only ${d.bytes} bytes`);
  } finally {
    await stopServer(server);
    rmSync(sandbox, { recursive: true, force: true });
  }
  return { 'file-large': fileName, 'folder-large': zipName };
}

export async function main(argv: readonly string[], given: BenchPaths): Promise<number> {
  let paths = given;
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof BenchError ? err.detail : String(err)}\n`);
    return 2;
  }
  if (opts.cli !== null) paths = { ...paths, cliPath: opts.cli };
  const startedAt = new Date();
  const loadBefore = loadavg();
  const work = mkdtempSync(join(tmpdir(), 'oniondrop-bench-'));
  const cleanup = (): void => {
    killAllNow();
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  const onSignal = (sig: NodeJS.Signals): void => {
    log(`${sig}: stopping ${liveCount()} process(es) and removing ${opts.keep ? 'nothing (--keep)' : work}`);
    cleanup();
    process.exit(130);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, onSignal);

  try {
    log(`work folder ${work}; load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
    let ready: ReadyResult[] = [];
    let throughput: ThroughputResult[] = [];
    let onionPath: OnionPathResult | null = null;
    let flood: FloodRun[] = [];
    const sizes = opts.quick
      ? { largeFileBytes: 128 * MiB, largeFolderFiles: 100, smallFileBytes: MiB, smallFolderFiles: 10, folderFileBytes: MiB }
      : { largeFileBytes: 1024 * MiB, largeFolderFiles: 1000, smallFileBytes: MiB, smallFolderFiles: 10, folderFileBytes: MiB };
    let labels: Record<DataSetId, string> = { 'file-large': '', 'folder-large': '', 'file-small': '', 'folder-small': '' };
    let fileCounts: Record<DataSetId, number> = { 'file-large': 0, 'folder-large': 0, 'file-small': 0, 'folder-small': 0 };

    if (opts.onion !== 'only' && opts.flood !== 'only') {
      requireTools(['curl', 'nginx', 'onionshare-cli', 'sync']);
      log('writing random data sets');
      const sets = makeDataSets(join(work, 'data'), sizes);
      const ids = ['file-large', 'folder-large', 'file-small', 'folder-small'] as const;
      labels = Object.fromEntries(ids.map((id) => [id, sets[id].label])) as Record<DataSetId, string>;
      fileCounts = Object.fromEntries(ids.map((id) => [id, sets[id].files.length])) as Record<DataSetId, number>;
      const base = { opts, paths, work, sets, www: join(work, 'www'), sandboxCounter: 0 };
      log('building nginx\'s copy of OnionDrop\'s zip');
      const ctx: Context = { ...base, nginxFile: await prepareNginxRoot(base) };
      log('phase 1: time to ready');
      ready = await measureReady(ctx);
      log('phase 2: throughput and peak RSS');
      throughput = await measureThroughput(ctx);
    }
    if (opts.flood !== 'off') {
      requireTools(['curl', 'nginx', 'onionshare-cli']);
      log('phase 3: pipelining flood');
      flood = await measureFlood({ cliPath: paths.cliPath, work, windowMs: opts.quick ? 5_000 : 10_000, rounds: [1, 25], log });
    }
    const torHere = onPath('tor') && onPath('tor-gencert');
    if (opts.onion === 'only' || (opts.onion === 'auto' && torHere)) {
      requireTools(['tor', 'tor-gencert', 'nginx']);
      log('phase 4: onion path over a private Tor network');
      onionPath = await runOnionPath({ cliPath: paths.cliPath, work, runs: opts.onionRuns, log });
    } else if (opts.onion === 'auto') {
      log('onion path skipped: tor and tor-gencert are not installed');
    }

    const results: BenchResults = {
      mode: opts.quick ? 'quick' : 'full',
      repeats: opts.repeats,
      concurrency: opts.concurrency,
      dataSetLabels: labels,
      dataSetFileCounts: fileCounts,
      machine: await machineInfo(paths.repoRoot, loadBefore, startedAt),
      ready,
      throughput,
      onionPath,
      flood,
    };
    const md = renderMarkdown(results);
    process.stdout.write(`${md}\n`);
    if (opts.out !== null) writeFileSync(opts.out, `${md}\n`);
    if (opts.json !== null) writeFileSync(opts.json, `${JSON.stringify(results, null, 2)}\n`);
    return 0;
  } catch (err) {
    log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    cleanup();
    process.off('exit', cleanup);
  }
}
