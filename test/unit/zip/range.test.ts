// Unit tests: any byte range of the stored zip equals that slice of the full archive (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrcCache, planZip, zipRangeChunks, ZipRangeError, type ZipEntry, type ZipPlan } from '../../../electron/core/share/zip';
import { collect, createZipRangeStream, pseudoRandomBytes, tempDir, walkEntries, writeTree } from './fixtures';

const range = (plan: ZipPlan, start: number, end: number, cache: CrcCache, chunkSize?: number): Promise<Buffer> =>
  collect(createZipRangeStream(plan, start, end, cache, chunkSize === undefined ? {} : { chunkSize }));

/** Offsets where the writer switches from one record or region to the next, shifted by `deltas`. */
function boundaries(plan: ZipPlan, deltas: number[]): number[] {
  const points = new Set<number>([0, plan.size - 1]);
  const starts = [plan.centralOffset, plan.trailerOffset];
  for (const e of plan.entries) starts.push(e.localOffset, e.dataOffset, e.descriptorOffset, e.end, e.centralOffset);
  for (const p of starts) for (const d of deltas) points.add(p + d);
  return [...points].filter((p) => p >= 0 && p < plan.size).sort((a, b) => a - b);
}

/** Deterministic pseudo-random integers in [0, n). */
function randomInts(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

describe('stored zip ranges (small archive, every pair of interesting offsets)', () => {
  const dir = tempDir('zip-range-small');
  let entries: ZipEntry[];
  let plan: ZipPlan;
  let full: Buffer;

  beforeAll(async () => {
    writeTree(dir.path, {
      'empty-folder/': '',
      'Über/naïve 日本.txt': 'grüße\n',
      'a/zero.txt': '',
      'a/one.bin': Buffer.from([0x50]),
      'a/b/seven.bin': pseudoRandomBytes(700, 7),
      'z.txt': 'last file\n',
    });
    entries = walkEntries(dir.path);
    plan = planZip(entries);
    full = await range(plan, 0, plan.size - 1, new CrcCache());
  });
  afterAll(() => dir.remove());

  it('the full stream has exactly the planned size and is deterministic', async () => {
    expect(full.length).toBe(plan.size);
    expect((await range(plan, 0, plan.size - 1, new CrcCache(), 3)).equals(full)).toBe(true);
    expect((await range(planZip(walkEntries(dir.path)), 0, plan.size - 1, new CrcCache())).equals(full)).toBe(true);
  });

  it('every (start, end) pair equals the slice, cold and warm cache', async () => {
    // Starts on, just before and just after every boundary; ends on the last byte of a region
    // or its first byte (single bytes everywhere are covered by the next test).
    const starts = boundaries(plan, [-1, 0, 1]);
    const ends = boundaries(plan, [-1, 0]);
    const warm = new CrcCache();
    await range(plan, 0, plan.size - 1, warm);
    const pairs = starts.flatMap((s) => ends.filter((e) => e >= s).map((e) => [s, e] as const));
    expect(pairs.length).toBeGreaterThan(1500);
    // Several ranges at once, as a server would serve them; also keeps the test quick.
    for (let i = 0; i < pairs.length; i += 32) {
      await Promise.all(
        pairs.slice(i, i + 32).map(async ([s, e]) => {
          const want = full.subarray(s, e + 1);
          const cold = await range(plan, s, e, new CrcCache(), 100);
          const hot = await range(plan, s, e, warm);
          if (!cold.equals(want) || !hot.equals(want)) throw new Error(`range ${s}-${e} differs`);
        }),
      );
    }
  });

  it('single bytes everywhere equal the archive', async () => {
    const cache = new CrcCache();
    for (let s = 0; s < plan.size; s += 1) {
      const b = await range(plan, s, s, s % 2 === 0 ? cache : new CrcCache());
      if (b.length !== 1 || b[0] !== full[s]) throw new Error(`byte ${s} differs`);
    }
  });

  it('rejects ranges outside the archive', () => {
    const c = new CrcCache();
    expect(() => createZipRangeStream(plan, 0, plan.size, c)).toThrow(ZipRangeError);
    expect(() => createZipRangeStream(plan, -1, 3, c)).toThrow(ZipRangeError);
    expect(() => createZipRangeStream(plan, 5, 4, c)).toThrow(ZipRangeError);
    expect(() => createZipRangeStream(plan, 0.5, 4, c)).toThrow(ZipRangeError);
  });
});

describe('stored zip ranges (larger files, small read chunks)', () => {
  const dir = tempDir('zip-range-large');
  let plan: ZipPlan;
  let full: Buffer;
  const chunk = 4096;

  beforeAll(async () => {
    writeTree(dir.path, {
      'big1.bin': pseudoRandomBytes(300_000, 1),
      'd/big2.bin': pseudoRandomBytes(150_001, 2),
      'd/small.txt': 'x',
      'd/e/': '',
      'mid.bin': pseudoRandomBytes(70_000, 3),
      // Whole seconds: the tests below rewrite files and put the same mtime back, which utimes
      // can only do exactly for a time a Date holds (the reader compares mtimes exactly).
    }, new Date('2026-01-01T00:00:00Z'));
    plan = planZip(walkEntries(dir.path));
    full = await range(plan, 0, plan.size - 1, new CrcCache(), chunk);
  });
  afterAll(() => dir.remove());

  it('lends its chunks from a few reused buffers, not one fresh buffer per read', async () => {
    // 64 KiB reads: big1.bin (300 000 B) takes five, each passed on uncopied.
    const memories = new Set<ArrayBufferLike>();
    const copies: Buffer[] = [];
    for await (const c of zipRangeChunks(plan, 0, plan.size - 1, new CrcCache(), { chunkSize: 65536 })) {
      memories.add(c.buffer);
      copies.push(Buffer.from(c));
    }
    expect(Buffer.concat(copies).equals(full)).toBe(true);
    // Two read buffers, one staging buffer for small pieces, and the two files
    // over 64 KiB that are read ahead whole (d/big2.bin, mid.bin).
    expect(memories.size).toBeLessThanOrEqual(5);
  });

  it('random ranges equal the slice with a cold, a warm and a shared evolving cache', async () => {
    const rnd = randomInts(12345);
    const warm = new CrcCache();
    await range(plan, 0, plan.size - 1, warm);
    const shared = new CrcCache();
    for (let i = 0; i < 150; i++) {
      const s = rnd(plan.size);
      const e = i % 3 === 0 ? plan.size - 1 : s + rnd(plan.size - s);
      const want = full.subarray(s, e + 1);
      for (const cache of [new CrcCache(), warm, shared]) {
        const got = await range(plan, s, e, cache, i % 2 === 0 ? chunk : 65536);
        if (!got.equals(want)) throw new Error(`range ${s}-${e} differs`);
      }
    }
  });

  it('a resume (first part, then the rest) rebuilds the archive byte for byte', async () => {
    const cut = (plan.entries[0]?.dataOffset ?? 0) + 123_456; // inside big1.bin
    const cache = new CrcCache();
    const first = await range(plan, 0, cut - 1, cache);
    const rest = await range(plan, cut, plan.size - 1, cache);
    expect(Buffer.concat([first, rest]).equals(full)).toBe(true);
  });

  it('with a warm cache the central directory comes from remembered CRCs, not from re-reading', async () => {
    const cache = new CrcCache();
    await range(plan, 0, plan.size - 1, cache);
    const path = join(dir.path, 'mid.bin');
    const before = statSync(path);
    try {
      // Same size and mtime, different bytes: only a re-read could notice.
      writeFileSync(path, pseudoRandomBytes(70_000, 99));
      utimesSync(path, before.atime, before.mtime);
      const central = full.subarray(plan.centralOffset);
      expect((await range(plan, plan.centralOffset, plan.size - 1, cache)).equals(central)).toBe(true);
      // A cold cache must read the file, so its central directory differs.
      expect((await range(plan, plan.centralOffset, plan.size - 1, new CrcCache())).equals(central)).toBe(false);
    } finally {
      writeFileSync(path, pseudoRandomBytes(70_000, 3));
      utimesSync(path, before.atime, before.mtime);
    }
  });

  it('an interrupted download leaves a checkpoint: the resume does not re-read what was already read', async () => {
    const cache = new CrcCache();
    const big = plan.entries.find((e) => e.name === 'big1.bin');
    if (big === undefined || big.kind !== 'file') throw new Error('fixture missing');
    const stream = createZipRangeStream(plan, 0, plan.size - 1, cache, { chunkSize: chunk });
    let got = 0;
    for await (const c of stream) {
      got += (c as Buffer).length;
      if (got > big.dataOffset + 100_000) break; // client disconnects
    }
    const checkpoint = cache.checkpoint(big);
    expect(checkpoint.length).toBeGreaterThan(0);
    expect(checkpoint.length).toBeLessThan(big.size);
    expect(checkpoint.length).toBeGreaterThanOrEqual(got - big.dataOffset);

    const path = join(dir.path, 'big1.bin');
    const before = statSync(path);
    const original = pseudoRandomBytes(300_000, 1);
    try {
      // The client resumes from what it received; the reader may have read further.
      // Change only bytes the client already has, keeping size and mtime: a resume
      // that re-read them for the CRC would put a different CRC in the descriptor.
      const resumeAt = got;
      const altered = Buffer.from(original);
      altered.fill(0, 0, resumeAt - big.dataOffset);
      writeFileSync(path, altered);
      utimesSync(path, before.atime, before.mtime);
      const rest = await range(plan, resumeAt, plan.size - 1, cache, chunk);
      expect(rest.equals(full.subarray(resumeAt))).toBe(true);
    } finally {
      writeFileSync(path, original);
      utimesSync(path, before.atime, before.mtime);
    }
  });
});
