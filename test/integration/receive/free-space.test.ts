// The free-space floor and a full disk, on a real 2 MiB tmpfs the test mounts (plain Node, needs root).
// The CI runs as root; mounting is the only way to get a small file system
// that really fills up, so a failed mount fails this file rather than skip it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { curl, run, startReceive, stillServing, stopAll, tempDir, tree, type Running } from './helpers';

const KiB = 1024;
const MiB = 1024 * KiB;
const tmp = tempDir('recv-tmpfs');
const mountPoint = join(tmp.path, 'small-disk');
const src = join(tmp.path, 'src');

async function free(): Promise<number> {
  const s = await statfs(mountPoint);
  return s.bavail * s.bsize;
}

beforeAll(async () => {
  mkdirSync(mountPoint);
  mkdirSync(src);
  const mounted = await run('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', mountPoint]);
  if (mounted.code !== 0) throw new Error(`cannot mount a tmpfs (this test needs root): ${mounted.stderr}`);
});
afterAll(async () => {
  await stopAll();
  await run('umount', [mountPoint]);
  tmp.remove();
});

let n = 0;
let inbox: string;
beforeEach(() => {
  for (const f of readdirSync(mountPoint)) rmSync(join(mountPoint, f), { recursive: true, force: true });
  inbox = join(mountPoint, `inbox-${n++}`);
});

function sourceFile(name: string, size: number): string {
  const path = join(src, name);
  writeFileSync(path, randomBytes(size));
  return path;
}

/** Samples the free space while `work` runs; returns the lowest seen. */
async function lowestFreeDuring<T>(work: Promise<T>): Promise<{ result: T; lowest: number }> {
  let lowest = await free();
  let running = true;
  const sampler = (async () => {
    while (running) {
      lowest = Math.min(lowest, await free());
      await new Promise((r) => setTimeout(r, 1));
    }
  })();
  const result = await work;
  running = false;
  await sampler;
  return { result, lowest };
}

function lastProblem(r: Running) {
  const e = r.events.at(-1);
  return e?.type === 'transfer-cancelled' ? e.problem : undefined;
}

describe('free-space floor on a 2 MiB tmpfs', () => {
  it('an upload that would cross the floor stops before it, with 507, and its part is deleted', async () => {
    const floor = 512 * KiB;
    const r = await startReceive({ receiveDir: inbox, limits: { minFreeSpace: floor } });
    // Chunked: no length announced, so the floor is met while writing, not before.
    const { result: reply, lowest } = await lowestFreeDuring(
      curl(['-H', 'Transfer-Encoding: chunked', '-F', `file=@${sourceFile('three.bin', 3 * MiB)}`, `${r.url}/upload`]),
    );
    expect(reply.status).toBe(507);
    expect(reply.body).toContain('Not enough disk space');
    expect(lowest).toBeGreaterThanOrEqual(floor);
    expect(tree(inbox)).toEqual([]);
    expect(lastProblem(r)).toEqual({ kind: 'limit', which: 'free-space', limit: floor });
    await stillServing(r, inbox);
  });

  it('an announced length that would cross the floor is refused before anything is written', async () => {
    const floor = 512 * KiB;
    const r = await startReceive({ receiveDir: inbox, limits: { minFreeSpace: floor } });
    const { result: reply, lowest } = await lowestFreeDuring(curl(['-F', `file=@${sourceFile('two.bin', 2 * MiB)}`, `${r.url}/upload`]));
    expect(reply.status).toBe(507);
    expect(lowest).toBeGreaterThan(2 * MiB - 64 * KiB);
    expect(tree(inbox)).toEqual([]);
  });

  it('a file that would cross the floor ends the upload, and the file before it that fitted is removed too', async () => {
    const floor = 512 * KiB;
    const r = await startReceive({ receiveDir: inbox, limits: { minFreeSpace: floor } });
    const reply = await curl([
      '-H', 'Transfer-Encoding: chunked',
      '-F', `file=@${sourceFile('fits.bin', 700 * KiB)}`,
      '-F', `file=@${sourceFile('too-much.bin', 1200 * KiB)}`,
      `${r.url}/upload`,
    ]);
    expect(reply.status).toBe(507);
    expect(tree(inbox)).toEqual([]);
  });

  it('with no floor, a full disk (ENOSPC) ends the upload with the same page, parts deleted', async () => {
    const r = await startReceive({ receiveDir: inbox, limits: { minFreeSpace: 0 } });
    const reply = await curl(['-F', `file=@${sourceFile('overflow.bin', 3 * MiB)}`, `${r.url}/upload`]);
    expect(reply.status).toBe(507);
    expect(reply.body).toContain('Not enough disk space');
    expect(tree(inbox)).toEqual([]);
    // The space is given back.
    expect(await free()).toBeGreaterThan(2 * MiB - 64 * KiB);
    expect(lastProblem(r)).toEqual({ kind: 'limit', which: 'free-space', limit: 0 });
    await stillServing(r, inbox);
  });
});
