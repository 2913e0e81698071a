// How background SHA-256 hashing (file-hashes.ts) slows a download from the same process: worker thread vs event loop (plain Node).
//
// One process serves a single-file share (the real share server) and hashes
// another set of files at the same time, as a share does right after "ready".
// curl downloads the shared file over loopback (the fastest client, so the
// most sensitive to a busy server), while a probe asks for the share page
// every 50 ms (how long a visitor waits for a page). Rounds alternate the
// three conditions: no hashing, hashing on the worker thread (nice 19),
// hashing on the event loop. Medians; ratios against no hashing.
// Run: node bench/hash-impact.mjs [--rounds N] [--size MiB]
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildCatalog } from '../../electron/core/share/catalog';
import { FileHashes } from '../../electron/core/share/file-hashes';
import type { HashRunnerKind } from '../../electron/core/share/file-hash-runner';
import { startShareServer, type ShareServer } from '../../electron/core/share/share-server';

type Condition = 'none' | HashRunnerKind;

interface Round {
  condition: Condition;
  downloadMiBps: number;
  /** Page latency while the download and the hashing ran, ms. */
  pageP50: number;
  pageP99: number;
  /** How long hashing the set took (only when it finished within the round), s. */
  hashSeconds: number | null;
}

function writeRandom(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  for (let left = bytes; left > 0; left -= chunk.length) {
    randomFillSync(chunk);
    writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  }
  closeSync(fd);
}

function curlDownload(url: string): Promise<{ seconds: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total} %{size_download}', url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const [t, b] = out.trim().split(' ');
      if (code !== 0) reject(new Error(`curl exited ${code}`));
      else resolve({ seconds: Number(t), bytes: Number(b) });
    });
  });
}

function pageOnce(server: ShareServer): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: server.host, port: server.port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    });
    req.on('error', reject);
    req.end();
  });
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const median = (values: number[]): number => quantile(values, 0.5);

async function round(condition: Condition, server: ShareServer, hashDir: string): Promise<Round> {
  const hashes = condition === 'none' ? null : new FileHashes(await buildCatalog([hashDir]), { cacheFile: null, runner: condition });
  const hashStart = performance.now();
  let hashSeconds: number | null = null;
  hashes?.start();
  const hashed = hashes?.idle().then(() => (hashSeconds = (performance.now() - hashStart) / 1000));
  const latencies: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      latencies.push(await pageOnce(server));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const { seconds, bytes } = await curlDownload(`${server.localUrl}${server.downloadPath}`);
  probing = false;
  await probe;
  await hashes?.stop();
  await hashed;
  return { condition, downloadMiBps: bytes / 1048576 / seconds, pageP50: median(latencies), pageP99: quantile(latencies, 0.99), hashSeconds };
}

export async function main(args: string[]): Promise<number> {
  const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 0) || 5;
  const sizeMiB = Number(args[args.indexOf('--size') + 1] ?? 0) || 512;
  const dir = mkdtempSync(join(tmpdir(), 'oniondrop-hash-impact-'));
  try {
    const shared = join(dir, 'download.bin');
    const hashDir = join(dir, 'to-hash');
    mkdirSync(hashDir);
    process.stderr.write(`writing ${sizeMiB} MiB to download and ${sizeMiB} MiB to hash...\n`);
    writeRandom(shared, sizeMiB * 1048576);
    for (let i = 0; i < 4; i++) writeRandom(join(hashDir, `part${i}.bin`), (sizeMiB / 4) * 1048576);
    // Into the page cache: the comparison is about CPU and the event loop, not the disk.
    readFileSync(shared);
    for (let i = 0; i < 4; i++) readFileSync(join(hashDir, `part${i}.bin`));
    const server = await startShareServer({ catalog: await buildCatalog([shared]), host: '127.0.0.1', stopAfterFirstDownload: false });
    const results: Round[] = [];
    try {
      const order: Condition[] = ['none', 'worker', 'event-loop'];
      for (let r = 0; r < rounds; r++) {
        for (const condition of r % 2 === 0 ? order : [...order].reverse()) {
          const result = await round(condition, server, hashDir);
          process.stderr.write(`round ${r + 1} ${condition}: ${result.downloadMiBps.toFixed(0)} MiB/s, page p50 ${result.pageP50.toFixed(1)} ms p99 ${result.pageP99.toFixed(1)} ms\n`);
          results.push(result);
        }
      }
    } finally {
      await server.close();
    }
    const of = (c: Condition): Round[] => results.filter((r) => r.condition === c);
    const base = median(of('none').map((r) => r.downloadMiBps));
    const lines = [
      `| hashing | download MiB/s (median) | vs none | page p50 ms | page p99 ms | hashing done in s |`,
      `|---|---|---|---|---|---|`,
    ];
    for (const c of ['none', 'worker', 'event-loop'] as const) {
      const rs = of(c);
      const speed = median(rs.map((r) => r.downloadMiBps));
      const done = rs.map((r) => r.hashSeconds).filter((s): s is number => s !== null);
      lines.push(
        `| ${c} | ${speed.toFixed(0)} | ${(speed / base).toFixed(2)}x | ${median(rs.map((r) => r.pageP50)).toFixed(1)} | ${median(rs.map((r) => r.pageP99)).toFixed(1)} | ${done.length ? median(done).toFixed(1) : '-'} |`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
