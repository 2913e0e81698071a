// Integration: ZIP64 end records for over 65535 entries, checked by real tools (plain Node + Debian tools).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrcCache, planZip, type ZipEntry, type ZipPlan } from '../../../electron/core/share/zip';
import { createZipRangeStream, tempDir, walkEntries } from '../../unit/zip/fixtures';
import { pythonZip, run, streamToFile } from './zip-tools';

const FOLDERS = 70;
const PER_FOLDER = 1000; // 70 000 files + 70 folders
// Tens of thousands of file creations are several times faster on tmpfs when there is one.
const work = tempDir('zip64-many', existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
const src = join(work.path, 'src');
const zipPath = join(work.path, 'many.zip');
let entries: ZipEntry[];
let plan: ZipPlan;

beforeAll(async () => {
  for (let f = 0; f < FOLDERS; f++) {
    const folder = join(src, `f${String(f).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    // Most files tiny and distinct (so CRCs differ), every 100th empty.
    for (let i = 0; i < PER_FOLDER; i++) writeFileSync(join(folder, `${i}.txt`), i % 100 === 0 ? '' : `${f}/${i}\n`);
  }
  entries = walkEntries(src);
  plan = planZip(entries);
  expect(await streamToFile(createZipRangeStream(plan, 0, plan.size - 1, new CrcCache()), zipPath)).toBe(plan.size);
}, 300_000);
afterAll(() => work.remove(), 300_000);

describe('archive with more than 65535 entries', () => {
  it('needs the ZIP64 end records', () => {
    expect(entries.length).toBe(FOLDERS * PER_FOLDER + FOLDERS);
    expect(plan.zip64Trailer).toBe(true);
  });

  it('passes unzip -t', () => {
    const r = run('unzip', ['-tq', zipPath]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No errors detected');
  }, 120_000);

  it('passes 7z t with every entry counted', () => {
    const r = run('7z', ['t', zipPath]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Everything is Ok');
    expect(r.stdout).toMatch(new RegExp(`Files: ${FOLDERS * PER_FOLDER}\\b`));
    expect(r.stdout).toMatch(new RegExp(`Folders: ${FOLDERS}\\b`));
  }, 120_000);

  it('bsdtar lists every entry', () => {
    const r = run('bsdtar', ['-tf', zipPath]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(entries.map((e) => e.name));
  }, 120_000);

  it("Python's zipfile sees all entries and every CRC matches", () => {
    const report = pythonZip(zipPath);
    expect(report.testzip).toBeNull();
    expect(report.entries.length).toBe(entries.length);
    expect(report.entries.at(-1)?.name).toBe(entries.at(-1)?.name);
  }, 120_000);
});
