// Integration: ZIP64 for a file over 4 GiB (sparse, so no disk is used), checked by real tools (plain Node + Debian tools).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrcCache, planZip, type ZipPlan } from '../../../electron/core/share/zip';
import { createZipRangeStream, tempDir, walkEntries } from '../../unit/zip/fixtures';
import { pythonZip, run, streamToFile } from './zip-tools';

// 4200 MiB: over 4 GiB, so its sizes and the next entry's offset need ZIP64.
const HUGE = 4200 * 1024 * 1024;
const work = tempDir('zip64-large');
const src = join(work.path, 'src');
const zipPath = join(work.path, 'large.zip');
let plan: ZipPlan;

beforeAll(async () => {
  mkdirSync(join(src, 'folder'), { recursive: true });
  writeFileSync(join(src, 'a-small.txt'), 'before\n');
  writeFileSync(join(src, 'b-huge.bin'), '');
  truncateSync(join(src, 'b-huge.bin'), HUGE);
  writeFileSync(join(src, 'c-after.txt'), 'after the 4 GiB mark\n');
  plan = planZip(walkEntries(src));
  // Every byte comes from the stream; runs of zeros (the sparse file's data) become holes.
  const written = await streamToFile(createZipRangeStream(plan, 0, plan.size - 1, new CrcCache()), zipPath, true);
  expect(written).toBe(plan.size);
}, 300_000);
afterAll(() => work.remove());

describe('archive over 4 GiB', () => {
  it('is as large as planned but takes almost no disk', () => {
    const st = statSync(zipPath);
    expect(st.size).toBe(plan.size);
    expect(plan.size).toBeGreaterThan(2 ** 32);
    expect(plan.zip64Trailer).toBe(true);
    expect(st.blocks * 512).toBeLessThan(64 * 1024 * 1024);
  });

  it("Python's zipfile reads the ZIP64 sizes and offsets, and the entries around the huge one", () => {
    // Reading 4.4 GB again through Python takes ~40 s on a busy CI machine; 7z t below checks
    // every CRC, including the huge file's (computed by the writer from the sparse source).
    const report = pythonZip(zipPath, { testzip: false, hashes: ['a-small.txt', 'c-after.txt'] });
    const byName = new Map(report.entries.map((e) => [e.name, e]));
    expect(report.entries.map((e) => e.name)).toEqual(['a-small.txt', 'b-huge.bin', 'c-after.txt', 'folder/']);
    expect(byName.get('b-huge.bin')?.size).toBe(HUGE);
    expect(byName.get('b-huge.bin')?.headerOffset).toBeLessThan(2 ** 32);
    expect(byName.get('c-after.txt')?.sha256).toBe(createHash('sha256').update('after the 4 GiB mark\n').digest('hex'));
    expect(byName.get('a-small.txt')?.sha256).toBe(createHash('sha256').update('before\n').digest('hex'));
    expect(byName.get('c-after.txt')?.headerOffset).toBeGreaterThan(2 ** 32);
    expect(byName.get('c-after.txt')?.headerOffset).toBe(plan.entries.find((e) => e.name === 'c-after.txt')?.localOffset);
  }, 300_000);

  it('passes 7z t (every CRC, all 4.4 GB read)', () => {
    const r = run('7z', ['t', zipPath]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Everything is Ok');
    expect(r.stdout + r.stderr).not.toMatch(/warning|error/i);
  }, 300_000);

  it('bsdtar lists the huge file with its full size', () => {
    const r = run('bsdtar', ['-tvf', zipPath]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\s${HUGE}\\s.*b-huge\\.bin`));
    expect(r.stdout).toContain('c-after.txt');
  });

  it('unzip finds and verifies the entry stored past the 4 GiB offset', () => {
    // (All of `unzip -t` reads 4.4 GB at ~60 MB/s here, over a minute; python and 7z cover that.)
    const r = run('unzip', ['-t', zipPath, 'c-after.txt', 'a-small.txt', 'folder/']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('testing: c-after.txt');
    expect(r.stdout).toContain('No errors detected');
    const list = run('unzip', ['-Zl', zipPath]);
    expect(list.stdout).toMatch(new RegExp(`${HUGE}.*b-huge\\.bin`));
  });
});
