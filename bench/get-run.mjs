// The `oniondrop get` benchmark (issue 16) over the private Tor network (plain Node; bundled by bench/get.mjs).
//
// One run, side by side: a 100 MiB file and a folder of 200 × 512 KiB, each shared by
// `oniondrop share` on the network's "gateway" tor, downloaded by the "downloader" tor with
// curl --socks5-hostname (one stream, as Tor Browser does) and with `oniondrop get --streams
// 1, 2, 4, 8`. The network has middle relays limited by BandwidthRate/BandwidthBurst, so one
// circuit is the bottleneck as on the real Tor network, and enough of them that parallel
// circuits mostly cross different relays. Every process is tracked by pid and ended on success,
// failure, Ctrl-C or SIGTERM; the tors by test/tornet, also on exit.
import { Buffer } from 'node:buffer';
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTorNet } from '../test/tornet/index.ts';
import { killAllNow, runTracked, spawnTracked, stopTracked } from './src/processes.ts';
import { circuitLoad, describeLoad, sampleCircuits } from './get-circuits.mjs';
import { renderReport } from './get-report.mjs';

const KiB = 1024;
const MiB = 1024 * KiB;
/** 2026-01-01T00:00:00Z: the same bytes and mtimes every run. */
const MTIME = 1_767_225_600;

const USAGE = `node bench/get.mjs [--quick] [--relays N] [--rate KIB] [--streams 1,2,4,8] [--repeats N] [--out FILE.md] [--json FILE] [--keep]`;

export function parseArgs(argv) {
  const o = { quick: false, relays: 16, rateKiB: 2048, streams: [1, 2, 4, 8], repeats: 1, out: null, json: null, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\nusage: ${USAGE}`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--relays') o.relays = Number(next());
    else if (a === '--rate') o.rateKiB = Number(next());
    else if (a === '--streams') o.streams = next().split(',').map(Number);
    else if (a === '--repeats') o.repeats = Number(next());
    else if (a === '--out') o.out = next();
    else if (a === '--json') o.json = next();
    else if (a === '--keep') o.keep = true;
    else throw new Error(`unknown option ${a}\nusage: ${USAGE}`);
  }
  const whole = (n, min, max) => Number.isInteger(n) && n >= min && n <= max;
  if (!whole(o.relays, 4, 64) || !whole(o.rateKiB, 100, 1_000_000) || !whole(o.repeats, 1, 20) || !o.streams.every((s) => whole(s, 1, 16))) {
    throw new Error(`bad value\nusage: ${USAGE}`);
  }
  return o;
}

/** Busy and total jiffies of the whole machine (all cores) from /proc/stat. */
function cpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

const log = (msg) => process.stderr.write(`[getbench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

// --- data sets ---------------------------------------------------------------

function writeRandomFile(path, bytes) {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(Math.min(bytes, 4 * MiB));
  for (let left = bytes; left > 0; left -= chunk.length) {
    const n = Math.min(left, chunk.length);
    randomFillSync(chunk, 0, n);
    writeSync(fd, chunk, 0, n);
  }
  closeSync(fd);
  utimesSync(path, MTIME, MTIME);
}

function makeDataSets(root, quick) {
  const fileBytes = quick ? 20 * MiB : 100 * MiB;
  const count = quick ? 40 : 200;
  const fileDir = join(root, 'file');
  mkdirSync(fileDir, { recursive: true });
  const file = join(fileDir, 'film.bin');
  writeRandomFile(file, fileBytes);
  const folder = join(root, 'folder', 'photos');
  mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= count; i++) writeRandomFile(join(folder, `photo-${String(i).padStart(3, '0')}.jpg`), 512 * KiB);
  utimesSync(folder, MTIME, MTIME);
  return [
    { id: 'file', label: `${fileBytes / MiB} MiB file`, sharePath: file, payloadBytes: fileBytes, files: 1 },
    { id: 'folder', label: `folder of ${count} × 512 KiB`, sharePath: folder, payloadBytes: count * 512 * KiB, files: count },
  ];
}

function sha256File(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every file under `dir`, relative path → SHA-256. */
function treeDigests(dir, base = dir, out = {}) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) treeDigests(p, base, out);
    else out[p.slice(base.length + 1)] = sha256File(p);
  }
  return out;
}

// --- processes ---------------------------------------------------------------

/** An environment of its own (HOME, XDG folders), no ONIONDROP_/TOR_ variables but the ones given. */
function sandboxEnv(sandbox, extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('ONIONDROP_') || k.startsWith('XDG_') || k.startsWith('TOR_') || k === 'HOME' || k === 'TMPDIR') continue;
    env[k] = v;
  }
  for (const [k, sub] of Object.entries({ HOME: 'home', TMPDIR: 'tmp', XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache', XDG_STATE_HOME: 'state', XDG_RUNTIME_DIR: 'runtime' })) {
    const path = join(sandbox, sub);
    mkdirSync(path, { recursive: true, mode: 0o700 });
    env[k] = path;
  }
  return { ...env, ONIONDROP_ROOT: join(sandbox, 'root'), ONIONDROP_TOR_START_OWN: 'false', ...extra };
}

/** Tor as on a Whonix-Workstation: only the *_IPC_PATH variables, pointing at one of the network's client tors. */
const torEnv = (client) => ({ TOR_CONTROL_IPC_PATH: client.controlSocketPath, TOR_SOCKS_IPC_PATH: client.socksSocketPath });

/** `oniondrop share --public` on the gateway tor; resolves with its onion URL once it says it is ready. */
async function startShare(cliPath, ds, sandbox, gateway) {
  const p = spawnTracked(`share ${ds.id}`, process.execPath, [cliPath, 'share', '--public', '--no-stop-after-first', ds.sharePath], {
    env: sandboxEnv(sandbox, torEnv(gateway)),
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    const text = p.tail(200).join('\n');
    const url = /(http:\/\/[a-z2-7]{56}\.onion)\b/.exec(text)?.[1];
    if (url && /Ctrl-C/.test(text)) return { process: p, url };
    if (!p.alive) throw new Error(`oniondrop share ${ds.id} exited: ${p.tail(30).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`oniondrop share ${ds.id} printed no address in 180 s: ${p.tail(30).join('\n')}`);
    await sleep(100);
  }
}

/** The share's manifest through the downloader, once every file's SHA-256 is known (the sharer hashes in the background). */
async function readyManifest(net, url) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const res = await net.fetchThroughSocks({ client: 'downloader', url: `${url}/manifest.json`, username: 'getbench-warmup', retry: { forMs: 120_000 }, timeoutMs: 120_000 });
    const manifest = JSON.parse(res.body.toString('utf8'));
    if (res.status === 200 && (manifest.files ?? []).every((f) => f.sha256)) return manifest;
    if (Date.now() > deadline) throw new Error(`${url}: hashes still missing after 300 s`);
    await sleep(2_000);
  }
}

// --- the measured downloads ------------------------------------------------------

let isolationCounter = 0;

/** curl through the downloader's SOCKS port, a fresh SOCKS username (a fresh circuit) per run, saving to disk. */
async function curlRun(target, dest, socksPort) {
  const out = join(dest, target.curlName);
  const user = `getbench-curl-${++isolationCounter}-${process.pid}`;
  const started = performance.now();
  const { exit, stdout, tail } = await runTracked('curl', 'curl', [
    '--silent', '--show-error', '--fail',
    '--socks5-hostname', `127.0.0.1:${socksPort}`, '--proxy-user', `${user}:x`,
    '--max-time', '1800',
    '--output', out,
    '--write-out', '%{time_starttransfer} %{size_download} %{http_code}',
    `${target.url}${target.curlPath}`,
  ]);
  const seconds = (performance.now() - started) / 1000;
  const [ttfb, size, code] = stdout.trim().split(' ');
  if (exit.code !== 0 || code !== '200') throw new Error(`curl ${target.curlPath}: exit ${exit.code}, HTTP ${code}: ${tail.join(' ')}`);
  const bytes = statSync(out).size;
  if (bytes !== target.curlBytes || Number(size) !== bytes) throw new Error(`curl ${target.curlPath}: ${bytes} bytes, expected ${target.curlBytes}`);
  if (target.curlSha256 && sha256File(out) !== target.curlSha256) throw new Error(`curl ${target.curlPath}: bytes differ from the shared file`);
  return { seconds, ttfbSeconds: Number(ttfb), bytes, manifestSeconds: null, retries: 0 };
}

/** `oniondrop get --json --streams N` as a user runs it, tor found through the downloader's sockets. */
async function getRun(cliPath, target, dest, streams, downloader, sandbox, onSample) {
  const started = performance.now();
  const p = spawnTracked(`get ${streams}`, process.execPath, [cliPath, 'get', '--json', '--streams', String(streams), '--dest', dest, target.url], {
    env: sandboxEnv(sandbox, torEnv(downloader)),
  });
  let manifestAt = null;
  let firstByteAt = null;
  let retries = 0;
  let result = null;
  let half = false;
  const stop = p.onLine((line) => {
    if (!line.startsWith('{')) return;
    let e;
    try {
      e = JSON.parse(line);
    } catch {
      return;
    }
    const now = performance.now();
    if (e.type === 'share' && manifestAt === null) manifestAt = now;
    if (e.type === 'progress' && firstByteAt === null && e.totals.doneBytes > 0) firstByteAt = now;
    if (e.type === 'progress' && !half && e.totals.totalBytes && e.totals.doneBytes >= e.totals.totalBytes / 2) {
      half = true;
      onSample?.();
    }
    if (e.type === 'retry') retries++;
    if (e.type === 'result') result = e;
  });
  const exit = await p.exited;
  await p.closed;
  stop();
  const seconds = (performance.now() - started) / 1000;
  if (exit.code !== 0 || result?.kind !== 'complete') throw new Error(`get --streams ${streams}: exit ${exit.code}, ${JSON.stringify(result)?.slice(0, 400)}; ${p.tail(10).join(' ')}`);
  const unverified = (result.files ?? []).filter((f) => f.verification?.method !== 'sha256');
  if (unverified.length > 0) throw new Error(`get --streams ${streams}: ${unverified.length} file(s) not verified by SHA-256`);
  const got = treeDigests(dest);
  for (const [path, sha] of Object.entries(target.digests)) {
    if (got[path] !== sha) throw new Error(`get --streams ${streams}: ${path} is missing or differs`);
  }
  return {
    seconds,
    ttfbSeconds: firstByteAt === null ? null : (firstByteAt - started) / 1000,
    manifestSeconds: manifestAt === null ? null : (manifestAt - started) / 1000,
    bytes: target.payloadBytes,
    retries,
    bytesFetched: result.bytesFetched,
  };
}

// --- the run -------------------------------------------------------------------

export async function main(argv, { cliPath }) {
  let o;
  try {
    o = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), 'oniondrop-getbench-'));
  let net;
  const shares = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const s of shares) await stopTracked(s.process, 'SIGINT', 5_000).catch(() => undefined);
    killAllNow();
    await net?.stop().catch(() => undefined);
    if (!o.keep) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  };
  process.once('exit', () => killAllNow());
  const onSignal = (sig) => {
    log(`${sig}: stopping everything`);
    void cleanup().finally(() => process.exit(130));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, onSignal);

  const begun = Date.now();
  const loadBefore = loadavg();
  try {
    log(`writing the data sets in ${work}`);
    const dataSets = makeDataSets(join(work, 'data'), o.quick);
    const relayTorrc = [`BandwidthRate ${o.rateKiB} KBytes`, `BandwidthBurst ${o.rateKiB} KBytes`];
    log(`starting the private Tor network: 4 authorities (guards), ${o.relays} middle relays at ${relayTorrc.join(', ')}`);
    // Every hop but the rendezvous point is one of the 4 fast authorities: the guards, the second
    // hop of both ends (a fixed set, as vanguards-lite keeps on the real network: HSLayer2Nodes)
    // and the service's middle hop (MiddleNodes). So each circuit crosses exactly one
    // rate-limited relay, its rendezvous point, which the downloader picks at random: circuits
    // are independent unless two pick the same one. (With the service's middle hop also
    // rate-limited, 4 circuits put 8 limited hops on 16 relays and one relay carried 3 of them
    // in a run: see bench/README.md.) test/tornet turns vanguards-lite off for its own start-up;
    // a fixed HSLayer2Nodes set needs it on.
    const authorities = 'auth1,auth2,auth3,auth4';
    const layer2 = ['VanguardsLiteEnabled 1', `HSLayer2Nodes ${authorities}`];
    const clientTorrc = { gateway: [...layer2, `MiddleNodes ${authorities}`], downloader: layer2 };
    net = await startTorNet({
      clients: ['gateway', 'downloader'],
      extraTorrc: clientTorrc,
      relays: o.relays,
      relayTorrc,
      deadlineMs: 300_000,
      onLog: (line) => log(line),
    });
    const gateway = net.client('gateway');
    const downloader = net.client('downloader');
    const targets = [];
    for (const ds of dataSets) {
      const share = await startShare(cliPath, ds, join(work, 'sandbox', `share-${ds.id}`), gateway);
      shares.push(share);
      log(`${ds.label} shared at ${share.url.slice(7, 15)}….onion; waiting for its manifest with every SHA-256`);
      const manifest = await readyManifest(net, share.url);
      const single = manifest.archive === null;
      const curlPath = single ? manifest.files[0].url : manifest.archive.url;
      const curlBytes = single ? manifest.files[0].size : manifest.archive.size;
      if (typeof curlBytes !== 'number') throw new Error(`${ds.label}: the archive has no size (compressed?)`);
      const digests = {};
      if (single) digests[manifest.files[0].path] = sha256File(ds.sharePath);
      else for (const f of manifest.files) digests[f.path] = sha256File(join(ds.sharePath, '..', f.path));
      targets.push({
        ...ds,
        url: share.url,
        curlPath,
        curlName: decodeURIComponent(curlPath.split('/').pop()),
        curlBytes,
        curlSha256: single ? digests[manifest.files[0].path] : null,
        digests,
      });
    }

    const tools = ['curl', ...o.streams.map((n) => `get${n}`)];
    const runs = [];
    const loads = [];
    for (let r = 0; r < o.repeats; r++) {
      // Rotate the order each repeat, so drift in the machine's load does not always hit the same tool.
      const order = tools.map((_, i) => tools[(i + r) % tools.length]);
      for (const tool of order) {
        for (const t of targets) {
          const dest = mkdtempSync(join(work, 'dest-'));
          const sandbox = join(work, 'sandbox', `${tool}-${t.id}-${r}`);
          log(`${t.label}: ${tool === 'curl' ? 'curl --socks5-hostname' : `oniondrop get --streams ${tool.slice(3)}`} (round ${r + 1})`);
          let sample = null;
          const runStarted = Date.now();
          const cpu0 = cpuTimes();
          const m =
            tool === 'curl'
              ? await curlRun(t, dest, downloader.socksPort)
              : await getRun(cliPath, t, dest, Number(tool.slice(3)), downloader, sandbox, () => {
                  sample = sampleCircuits(net, Date.now() - runStarted + 2_000).catch((error) => ({ error: String(error) }));
                });
          const cpu1 = cpuTimes();
          m.cpuBusy = (cpu1.busy - cpu0.busy) / Math.max(1, cpu1.total - cpu0.total);
          rmSync(dest, { recursive: true, force: true });
          const circuits = sample ? await sample : null;
          if (circuits && !circuits.error) loads.push({ dataSet: t.id, tool, ...circuitLoad(circuits) });
          runs.push({ dataSet: t.id, tool, round: r + 1, ...m });
          log(`  ${(m.bytes / m.seconds / 1e6).toFixed(2)} MB/s over ${m.seconds.toFixed(1)} s, first byte after ${m.ttfbSeconds?.toFixed(2) ?? '?'} s, machine CPU ${(m.cpuBusy * 100).toFixed(0)} % busy${circuits && !circuits.error ? `; ${describeLoad(circuitLoad(circuits))}` : ''}`);
        }
      }
    }
    const report = {
      when: new Date(begun).toISOString(),
      minutes: (Date.now() - begun) / 60_000,
      node: process.version,
      tor: (await runTracked('tor', 'tor', ['--version'])).stdout.split('\n')[0]?.trim() ?? '',
      curl: (await runTracked('curl', 'curl', ['--version'])).stdout.split('\n')[0]?.trim() ?? '',
      loadBefore,
      loadAfter: loadavg(),
      options: o,
      relayTorrc,
      clientTorrc,
      startup: net.timings,
      dataSets: targets.map((t) => ({ id: t.id, label: t.label, payloadBytes: t.payloadBytes, curlPath: t.curlPath.replace(/^\/download\//, '/download/'), curlBytes: t.curlBytes })),
      tools,
      runs,
      loads,
    };
    const md = renderReport(report);
    process.stdout.write(md);
    if (o.out) writeFileSync(o.out, md);
    if (o.json) writeFileSync(o.json, `${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    if (net) for (const c of net.clientList) log(`--- ${c.name} tor, last lines ---\n${c.logTail(15)}`);
    return 1;
  } finally {
    await cleanup();
    if (existsSync(work) && !o.keep) rmSync(work, { recursive: true, force: true });
  }
}
