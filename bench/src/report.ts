// Turns the results into markdown tables with ratios and a PASS/MISS line per target of issue 4 (plain Node).
// The benchmark reports; it never fails a build. A MISS is information, not an exit status.
import type { DataSetId } from './datasets';
import { FLOOD_REQUESTS, FLOOD_RSS_CAP_BYTES } from './flood';
import type { BenchResults, FloodRun, OnionPathResult, ReadyResult, ThroughputResult } from './results';
import { APP_LABEL, type ServerApp } from './servers';

export const TARGETS = {
  readyTimesSooner: 50,
  /** "Not growing with share size": large-share ready time at most this multiple of the small one. */
  readyGrowthMax: 1.5,
  fileVsNginx: 0.8,
  /** Wave 2 raised this from 0.5 (bench/README.md, finding 8). */
  zipVsNginx: 0.9,
  /** RSS while serving, at most (wave 2; was < 120 MB). */
  rssBytes: 80e6,
  onionVsNginx: 0.9,
  /** Peak RSS while a client pipelines 20 000 requests and never reads (issue 13). */
  floodRssBytes: 120e6,
  /** With many such clients at once: what each may add, transiently (the connection cap bounds how many). */
  floodGrowthPerConnectionBytes: 4e6,
} as const;

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmtMs = (n: number): string => (n >= 10_000 ? fmtInt(n) : n.toFixed(0));
const fmtMBps = (bytesPerSecond: number): string => (bytesPerSecond / 1e6).toFixed(bytesPerSecond >= 100e6 ? 0 : 1);
const fmtMB = (bytes: number): string => (bytes / 1e6).toFixed(1);
const fmtRatio = (r: number): string => (Number.isFinite(r) ? (r >= 10 ? r.toFixed(0) : r.toFixed(2)) : 'n/a');
const verdict = (ok: boolean): string => (ok ? '**PASS**' : '**MISS**');

function withRuns(values: readonly number[], fmt: (n: number) => string): string {
  const m = fmt(median(values));
  return values.length > 1 ? `${m} [${values.map(fmt).join(', ')}]` : m;
}

function readyOf(r: BenchResults, app: ReadyResult['app'], ds: DataSetId): ReadyResult | undefined {
  return r.ready.find((x) => x.app === app && x.dataSet === ds);
}

function tputOf(r: BenchResults, app: ServerApp, ds: DataSetId): ThroughputResult | undefined {
  return r.throughput.find((x) => x.app === app && x.dataSet === ds);
}

const readyMedian = (x: ReadyResult | undefined): number => median(x?.runs.map((run) => run.readyMs) ?? []);
const singleMedian = (x: ThroughputResult | undefined): number => median(x?.single.map((d) => d.bytesPerSecond) ?? []);
const concurrentMedian = (x: ThroughputResult | undefined): number => median(x?.concurrent.map((c) => c.bytesPerSecond) ?? []);

const READY_SETS: readonly DataSetId[] = ['file-large', 'folder-large', 'file-small', 'folder-small'];
const TPUT_SETS: readonly DataSetId[] = ['file-large', 'folder-large'];

export function renderMarkdown(r: BenchResults): string {
  const out: string[] = [];
  const m = r.machine;
  const floodOnly = r.ready.length === 0 && r.throughput.length === 0 && r.onionPath === null;
  const what = floodOnly ? 'pipelining flood only' : `${r.mode}${r.mode === 'quick' ? ': small data, not representative' : ''}, ${r.repeats} repeat${r.repeats === 1 ? '' : 's'}`;
  out.push(`### Run of ${m.startedAt} (${what}, ${Math.round(m.durationSeconds / 60)} min)`);
  out.push('');
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB RAM, Linux ${m.kernel}; Node ${m.node}; ${m.nginx}; onionshare-cli ${m.onionshare}; ${m.curl}; OnionDrop built from the working tree at commit ${m.commit}.`);
  out.push(`Load average (1/5/15 min) before: ${m.loadBefore.map((x) => x.toFixed(2)).join(' / ')}; after: ${m.loadAfter.map((x) => x.toFixed(2)).join(' / ')}.`);
  out.push('');

  if (r.ready.length > 0) renderReady(r, out);
  if (r.throughput.length > 0) renderThroughput(r, out);
  if (r.onionPath !== null) renderOnionPath(r.onionPath, out);
  if (r.flood.length > 0) renderFlood(r.flood, out);

  const issues = [...(r.ready.length + r.throughput.length > 0 ? ['4'] : []), ...(r.onionPath !== null ? ['8'] : []), ...(r.flood.length > 0 ? ['13'] : [])];
  out.push(`#### Targets (issue ${issues.join(', ')})`);
  out.push('');
  out.push('| target | measured | result |');
  out.push('|---|---|---|');
  for (const row of targetRows(r)) out.push(`| ${row.target} | ${row.measured} | ${row.ok === null ? 'not measured' : verdict(row.ok)} |`);
  out.push('');
  return out.join('\n');
}

function renderReady(r: BenchResults, out: string[]): void {
  const label = (ds: DataSetId): string => r.dataSetLabels[ds];
  out.push('#### Time to ready (ms; median [each launch])');
  out.push('');
  out.push('| data set | OnionDrop | OnionShare 2.6 | OnionShare ÷ OnionDrop |');
  out.push('|---|---:|---:|---:|');
  for (const ds of READY_SETS) {
    const od = readyOf(r, 'oniondrop', ds);
    const os = readyOf(r, 'onionshare', ds);
    if (od === undefined && os === undefined) continue;
    out.push(`| ${label(ds)} | ${withRuns(od?.runs.map((x) => x.readyMs) ?? [], fmtMs)} | ${withRuns(os?.runs.map((x) => x.readyMs) ?? [], fmtMs)} | ${fmtRatio(readyMedian(os) / readyMedian(od))}× |`);
  }
  out.push('');

  out.push('#### Temporary disk at ready (bytes of files written under the process\'s HOME, TMPDIR and XDG folders; most of any launch; + unlinked-but-open files)');
  out.push('');
  out.push('| data set | OnionDrop | OnionShare 2.6 | OnionShare\'s largest file |');
  out.push('|---|---:|---:|---|');
  for (const ds of READY_SETS) {
    const od = readyOf(r, 'oniondrop', ds);
    const os = readyOf(r, 'onionshare', ds);
    if (od === undefined && os === undefined) continue;
    const most = (x: ReadyResult | undefined): number => Math.max(0, ...(x?.runs.map((run) => run.tempBytes + run.deletedOpenBytes) ?? []));
    const largest = os?.runs.find((run) => run.largestTempFile !== null)?.largestTempFile ?? '';
    out.push(`| ${label(ds)} | ${fmtInt(most(od))} | ${fmtInt(most(os))} | ${largest} |`);
  }
  out.push('');
}

function renderThroughput(r: BenchResults, out: string[]): void {
  const label = (ds: DataSetId): string => r.dataSetLabels[ds];

  out.push(`#### Download throughput on loopback (curl; MB/s = 10^6 bytes/s; median [each run]; ${r.concurrency} clients = total bytes ÷ wall time)`);
  out.push('');
  out.push('| data set | clients | OnionDrop | OnionShare 2.6 | nginx | OnionDrop ÷ nginx | OnionShare ÷ nginx |');
  out.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const ds of TPUT_SETS) {
    const od = tputOf(r, 'oniondrop', ds);
    const os = tputOf(r, 'onionshare', ds);
    const ng = tputOf(r, 'nginx', ds);
    if (od === undefined && os === undefined && ng === undefined) continue;
    const single = (x: ThroughputResult | undefined): string => withRuns(x?.single.map((d) => d.bytesPerSecond) ?? [], fmtMBps);
    const conc = (x: ThroughputResult | undefined): string => withRuns(x?.concurrent.map((c) => c.bytesPerSecond) ?? [], fmtMBps);
    const what = ds === 'folder-large' ? `${label(ds)} (zip)` : label(ds);
    out.push(`| ${what} | 1 | ${single(od)} | ${single(os)} | ${single(ng)} | ${fmtRatio(singleMedian(od) / singleMedian(ng))} | ${fmtRatio(singleMedian(os) / singleMedian(ng))} |`);
    out.push(`| ${what} | ${r.concurrency} | ${conc(od)} | ${conc(os)} | ${conc(ng)} | ${fmtRatio(concurrentMedian(od) / concurrentMedian(ng))} | ${fmtRatio(concurrentMedian(os) / concurrentMedian(ng))} |`);
  }
  out.push('');
  const sizes = TPUT_SETS.flatMap((ds) => (['oniondrop', 'onionshare', 'nginx'] as const).map((app) => tputOf(r, app, ds)).filter((x) => x !== undefined).map((x) => `${APP_LABEL[x.app]} ${label(ds)}: ${fmtInt(x.downloadBytes)}`));
  if (sizes.length > 0) out.push(`Bytes per download: ${sizes.join('; ')}.`);
  out.push('');

  out.push('#### Server CPU time per GB sent (user + system seconds of the serving process ÷ GB delivered; median) — less sensitive to the machine\'s load than MB/s');
  out.push('');
  out.push('| data set | clients | OnionDrop | OnionShare 2.6 | nginx |');
  out.push('|---|---:|---:|---:|---:|');
  for (const ds of TPUT_SETS) {
    const cpu = (x: ThroughputResult | undefined, which: 'single' | 'concurrent'): string => {
      if (x === undefined) return '';
      const per = which === 'single'
        ? x.single.map((d, i) => (x.singleCpuSeconds[i] ?? Number.NaN) / (d.bytes / 1e9))
        : x.concurrent.map((c, i) => (x.concurrentCpuSeconds[i] ?? Number.NaN) / (c.totalBytes / 1e9));
      return median(per).toFixed(2);
    };
    const what = ds === 'folder-large' ? `${label(ds)} (zip)` : label(ds);
    for (const which of ['single', 'concurrent'] as const) {
      const apps = (['oniondrop', 'onionshare', 'nginx'] as const).map((app) => cpu(tputOf(r, app, ds), which));
      if (apps.every((a) => a === '')) continue;
      out.push(`| ${what} | ${which === 'single' ? 1 : r.concurrency} | ${apps.join(' | ')} |`);
    }
  }
  out.push('');

  out.push(`#### Peak RSS of the serving process after all downloads (VmHWM, MB = 10^6 bytes; nginx: master + worker)`);
  out.push('');
  out.push('| data set | OnionDrop | OnionShare 2.6 | nginx |');
  out.push('|---|---:|---:|---:|');
  for (const ds of TPUT_SETS) {
    const cell = (app: ServerApp): string => {
      const x = tputOf(r, app, ds);
      return x === undefined ? '' : fmtMB(x.peakRssBytes);
    };
    out.push(`| ${label(ds)} | ${cell('oniondrop')} | ${cell('onionshare')} | ${cell('nginx')} |`);
  }
  out.push('');
}

function renderOnionPath(o: OnionPathResult, out: string[]): void {
  const odM = median(o.oniondropBytesPerSecond);
  const ngM = median(o.nginxBytesPerSecond);
  out.push(`#### Onion path (${(o.fileBytes / 2 ** 20).toFixed(0)} MiB file through a private Tor network; MB/s; median [each run])`);
  out.push('');
  out.push('| OnionDrop | nginx | OnionDrop ÷ nginx |');
  out.push('|---:|---:|---:|');
  out.push(`| ${withRuns(o.oniondropBytesPerSecond, fmtMBps)} | ${withRuns(o.nginxBytesPerSecond, fmtMBps)} | ${fmtRatio(odM / ngM)} |`);
  out.push('');
  out.push(o.note);
  out.push('');
}

function renderFlood(runs: readonly FloodRun[], out: string[]): void {
  out.push(`#### Pipelining flood (each client: ${fmtInt(FLOOD_REQUESTS)} pipelined GETs of the download on one connection, about 1 MB, never reading; 1 MiB file; VmRSS before, VmHWM after, MB = 10^6 bytes)`);
  out.push('');
  out.push('| clients | server | RSS before | peak RSS | growth | connections the server dropped | a visitor meanwhile |');
  out.push('|---:|---|---:|---:|---:|---:|---|');
  for (const f of runs) {
    const peak = f.capped ? `> ${fmtMB(FLOOD_RSS_CAP_BYTES)} (stopped)` : fmtMB(f.peakRssBytes);
    const visitor = f.visitorStatus === 0 ? 'no answer' : `HTTP ${f.visitorStatus}`;
    out.push(`| ${f.connections} | ${APP_LABEL[f.app]} | ${fmtMB(f.rssBeforeBytes)} | ${peak} | ${fmtMB(f.peakRssBytes - f.rssBeforeBytes)} | ${f.droppedByServer} of ${f.connections} | ${visitor} |`);
  }
  out.push('');
}

export interface TargetRow {
  readonly target: string;
  readonly measured: string;
  readonly ok: boolean | null;
}

export function targetRows(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  if (r.ready.length > 0) rows.push(...readyTargets(r));
  if (r.throughput.length > 0) rows.push(...throughputTargets(r));
  for (const f of r.flood.filter((x) => x.app === 'oniondrop')) {
    const visitor = f.visitorStatus === 200;
    const peak = f.capped ? `> ${fmtMB(FLOOD_RSS_CAP_BYTES)}` : fmtMB(f.peakRssBytes);
    const seen = `visitor ${f.visitorStatus === 0 ? 'not answered' : `HTTP ${f.visitorStatus}`}`;
    if (f.connections === 1) {
      rows.push({
        target: `RSS < ${TARGETS.floodRssBytes / 1e6} MB while a client pipelines ${fmtInt(FLOOD_REQUESTS)} requests without reading, and a visitor is served (issue 13)`,
        measured: `${peak} MB, ${seen}`,
        ok: !f.capped && f.peakRssBytes < TARGETS.floodRssBytes && visitor,
      });
    } else {
      const each = (f.peakRssBytes - f.rssBeforeBytes) / f.connections;
      rows.push({
        target: `RSS growth < ${TARGETS.floodGrowthPerConnectionBytes / 1e6} MB per flooding connection (${f.connections} at once), and a visitor is served (issue 13)`,
        measured: `${f.capped ? `> ${fmtMB(FLOOD_RSS_CAP_BYTES / f.connections)}` : fmtMB(each)} MB each (${peak} MB peak), ${seen}`,
        ok: !f.capped && each < TARGETS.floodGrowthPerConnectionBytes && visitor,
      });
    }
  }
  if (r.onionPath !== null) {
    const ratio = median(r.onionPath.oniondropBytesPerSecond) / median(r.onionPath.nginxBytesPerSecond);
    rows.push({ target: `onion path throughput ≥ ${TARGETS.onionVsNginx} of nginx (issue 8)`, measured: fmtRatio(ratio), ok: Number.isFinite(ratio) ? ratio >= TARGETS.onionVsNginx : null });
  }
  return rows;
}

function readyTargets(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const label = (ds: DataSetId): string => r.dataSetLabels[ds];
  for (const ds of TPUT_SETS) {
    const ratio = readyMedian(readyOf(r, 'onionshare', ds)) / readyMedian(readyOf(r, 'oniondrop', ds));
    rows.push({ target: `ready ≥ ${TARGETS.readyTimesSooner}× sooner than OnionShare, ${label(ds)}`, measured: `${fmtRatio(ratio)}×`, ok: Number.isFinite(ratio) ? ratio >= TARGETS.readyTimesSooner : null });
  }
  for (const [large, small] of [['file-large', 'file-small'], ['folder-large', 'folder-small']] as const) {
    const l = readyMedian(readyOf(r, 'oniondrop', large));
    const s = readyMedian(readyOf(r, 'oniondrop', small));
    const g = l / s;
    const files = r.dataSetFileCounts;
    const extra = files[large] !== files[small] ? `; ${l >= s ? '+' : '−'}${fmtMs(Math.abs(l - s))} ms for ${files[large]} files instead of ${files[small]}` : '';
    rows.push({ target: `ready not growing with share size (OnionDrop ${label(large)} ÷ ${label(small)} ≤ ${TARGETS.readyGrowthMax})`, measured: `${fmtMs(l)} ms ÷ ${fmtMs(s)} ms = ${fmtRatio(g)}${extra}`, ok: Number.isFinite(g) ? g <= TARGETS.readyGrowthMax : null });
  }
  const odReady = r.ready.filter((x) => x.app === 'oniondrop');
  const mostTemp = Math.max(0, ...odReady.flatMap((x) => x.runs.map((run) => run.tempBytes + run.deletedOpenBytes)));
  rows.push({ target: 'zero temporary disk (OnionDrop, every launch)', measured: `${fmtInt(mostTemp)} bytes at most`, ok: odReady.length > 0 ? mostTemp === 0 : null });
  return rows;
}

function throughputTargets(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const label = (ds: DataSetId): string => r.dataSetLabels[ds];
  for (const [ds, min, what] of [['file-large', TARGETS.fileVsNginx, 'single file'], ['folder-large', TARGETS.zipVsNginx, 'zip']] as const) {
    const od = tputOf(r, 'oniondrop', ds);
    const ng = tputOf(r, 'nginx', ds);
    const one = singleMedian(od) / singleMedian(ng);
    const many = concurrentMedian(od) / concurrentMedian(ng);
    rows.push({ target: `${what} throughput ≥ ${min} of nginx, 1 client`, measured: `${fmtRatio(one)} (${fmtMBps(singleMedian(od))} vs ${fmtMBps(singleMedian(ng))} MB/s)`, ok: Number.isFinite(one) ? one >= min : null });
    rows.push({ target: `${what} throughput ≥ ${min} of nginx, ${r.concurrency} clients`, measured: `${fmtRatio(many)} (${fmtMBps(concurrentMedian(od))} vs ${fmtMBps(concurrentMedian(ng))} MB/s)`, ok: Number.isFinite(many) ? many >= min : null });
  }
  for (const ds of TPUT_SETS) {
    const od = tputOf(r, 'oniondrop', ds);
    rows.push({ target: `RSS ≤ ${TARGETS.rssBytes / 1e6} MB with ${r.concurrency} concurrent downloads, ${label(ds)}`, measured: od === undefined ? '' : `${fmtMB(od.peakRssBytes)} MB`, ok: od === undefined ? null : od.peakRssBytes <= TARGETS.rssBytes });
  }
  return rows;
}
