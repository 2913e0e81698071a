// Resuming: a client killed with SIGKILL at about half, run again, finishes byte-identical without fetching what it had; a changed share is refused (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { Intervals } from '../../../electron/core/get/intervals';
import { tempDir, until } from '../../helpers/local';
import { FakeShare, type FakeFile, type Served, type SocksRecorder } from './fake-share';
import { digest, listing, onion, socksFor, tree } from './helpers';

const tmp = tempDir('get-resume');
const childScript = join(tmp.path, 'child-get.cjs');
const files: FakeFile[] = [
  { path: 'film/movie.bin', data: randomBytes(24 * 1024 * 1024) },
  { path: 'film/subtitles.srt', data: randomBytes(300_000) },
];
const total = files.reduce((n, f) => n + f.data.length, 0);
let share: FakeShare;
let socks: SocksRecorder;

beforeAll(async () => {
  await build({
    entryPoints: [resolve(__dirname, 'child-get.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: childScript,
    logLevel: 'warning',
  });
  share = await new FakeShare(files).start();
  socks = await socksFor(share);
});
afterAll(async () => {
  await socks.close();
  await share.close();
  tmp.remove();
});

interface ChildRun {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function runChild(destination: string, restart = false): ChildRun {
  const child = spawn(process.execPath, [childScript], {
    env: { ...process.env, GET_CHILD: JSON.stringify({ socksPort: socks.endpoint.port, destination, serviceId: onion.serviceId, streams: 4, restart }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  child.stdout?.on('data', (c: Buffer) => {
    buffer += c.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as Record<string, unknown>);
  });
  const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  return { child, lines, exited };
}

function resultOf(run: ChildRun): Record<string, unknown> | undefined {
  return run.lines.find((l) => 'result' in l)?.['result'] as Record<string, unknown> | undefined;
}

type Span = [number, number];

/** The byte ranges the state file says are on disk, per file of the share, and the bytes of files already saved. */
function stateDone(destination: string): { had: Record<string, Span[]>; savedBytes: number } {
  const state = JSON.parse(readFileSync(join(destination, `.oniondrop-get-${onion.serviceId}.state`), 'utf8')) as {
    targets: Record<string, { done: Span[]; savedAs: string | null }>;
  };
  // A file already saved is had whole.
  const size = (path: string): number => files.find((f) => f.path === path)?.data.length ?? 0;
  const entries = Object.entries(state.targets);
  return {
    had: Object.fromEntries(entries.map(([k, v]) => [k, v.savedAs !== null ? [[0, size(k)] as Span] : v.done])),
    savedBytes: entries.reduce((n, [k, v]) => n + (v.savedAs !== null ? size(k) : 0), 0),
  };
}

const covered = (spans: Span[]): number => spans.reduce((n, [s, e]) => n + e - s, 0);
const overlaps = (range: { start: number; end: number }, spans: Span[]): boolean => spans.some(([s, e]) => range.start < e && range.end + 1 > s);

/** Starts a download in a child and kills it with SIGKILL once about half has been sent. */
async function killAtHalf(destination: string): Promise<void> {
  share.bytesServed = 0;
  share.pace = { chunk: 32 * 1024, delayMs: 15 };
  const run = runChild(destination);
  await until(() => share.bytesServed >= total / 2 || run.child.exitCode !== null, 60_000);
  run.child.kill('SIGKILL');
  await run.exited;
  expect(resultOf(run)).toBeUndefined();
  share.pace = null;
}

describe('get, killed and run again', () => {
  it('resumes after SIGKILL at about half, fetches none of what it had, and ends byte-identical', async () => {
    const dest = join(tmp.path, 'first');
    mkdirSync(dest);
    await killAtHalf(dest);
    const { had, savedBytes } = stateDone(dest);
    const hadBytes = Object.values(had).reduce((n, spans) => n + covered(spans), 0);
    // It was really interrupted in the middle, with much of it safely on disk.
    expect(hadBytes).toBeGreaterThan(total * 0.25);
    expect(hadBytes).toBeLessThan(total);
    expect(listing(dest).some((n) => n.endsWith('.oniondrop-part'))).toBe(true);

    const servedBefore = share.served.length;
    share.bytesServed = 0;
    const again = runChild(dest);
    expect(await again.exited).toBe(0);
    expect(resultOf(again)).toMatchObject({ kind: 'complete' });
    expect(tree(dest)).toEqual(Object.fromEntries(files.map((f) => [f.path, digest(f.data)])));
    // Not one byte that the state said was on disk was asked for again.
    const secondRun: Served[] = share.served.slice(servedBefore);
    for (const s of secondRun) {
      const path = s.url === '/files/film/movie.bin' ? 'film/movie.bin' : 'film/subtitles.srt';
      expect(s.range === null || !overlaps(s.range, had[path] ?? []), JSON.stringify(s)).toBe(true);
    }
    // And what it asked for was exactly what it lacked. (Bytes sent are no
    // measure: a lane whose range another took over is cut off, and over
    // loopback the server may have sent some of those bytes already.)
    for (const f of files) {
      const asked = new Intervals();
      for (const s of secondRun) if (s.url === `/files/${f.path}` && s.range) asked.add(s.range.start, s.range.end + 1);
      const lacked = new Intervals(had[f.path] ?? []).gaps(f.data.length);
      expect(asked.toJSON(), f.path).toEqual(lacked);
    }
    // What it reported as resumed is what the parts held (a file saved before the kill is done, not resumed).
    const start = again.lines.find((l) => l['type'] === 'start');
    expect(start?.['resumedBytes']).toBe(hadBytes - savedBytes);
    // Done: no state, no lock, no part files.
    expect(readdirSync(dest)).toEqual(['film']);
  }, 120_000);

  it('refuses to resume when the share changed (its ETag), keeps the parts, and starts over only when asked', async () => {
    const dest = join(tmp.path, 'changed');
    mkdirSync(dest);
    await killAtHalf(dest);
    const partsBefore = listing(dest).filter((n) => n.endsWith('.oniondrop-part'));
    expect(partsBefore.length).toBeGreaterThan(0);

    // The sharer edited the film: new bytes, new ETags.
    const edited = randomBytes(files[0]!.data.length);
    const manifest = share.manifest;
    const originalEtags = { share: manifest.etag, archive: manifest.archive!.etag, file: manifest.files![0]!.etag };
    manifest.etag = manifest.archive!.etag = '"archive-edited"';
    manifest.files![0]!.etag = '"movie-edited"';
    manifest.files![0]!.sha256 = digest(edited);
    share.serve('/files/film/movie.bin', edited);
    try {
      const refused = runChild(dest);
      await refused.exited;
      expect(resultOf(refused)).toMatchObject({ kind: 'failed', problem: { kind: 'get-share-changed', resuming: true } });
      expect(listing(dest).filter((n) => n.endsWith('.oniondrop-part'))).toEqual(partsBefore);

      const restarted = runChild(dest, true);
      expect(await restarted.exited).toBe(0);
      expect(resultOf(restarted)).toMatchObject({ kind: 'complete' });
      const saved = tree(dest);
      expect(Object.keys(saved).filter((n) => n.endsWith('.oniondrop-part'))).toEqual([]);
      expect(Object.values(saved)).toContain(digest(edited));
      expect(existsSync(join(dest, `.oniondrop-get-${onion.serviceId}.state`))).toBe(false);
    } finally {
      manifest.etag = originalEtags.share;
      manifest.archive!.etag = originalEtags.archive;
      manifest.files![0]!.etag = originalEtags.file;
      manifest.files![0]!.sha256 = digest(files[0]!.data);
      share.serve('/files/film/movie.bin', files[0]!.data);
    }
  }, 120_000);
});
