// Integration: stored zips checked by unzip, 7z, bsdtar and Python's zipfile (plain Node + Debian tools).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrcCache, planZip, type ZipEntry, type ZipPlan } from '../../../electron/core/share/zip';
import { createDeflatedZipStream, createZipRangeStream, mtimeOf, pseudoRandomBytes, tempDir, walkEntries, writeTree } from '../../unit/zip/fixtures';
import { pythonZip, run, streamToFile } from './zip-tools';

const work = tempDir('zip-tools');
const src = join(work.path, 'src');
let entries: ZipEntry[];
let plan: ZipPlan;
const storedZip = join(work.path, 'stored.zip');
const deflatedZip = join(work.path, 'deflated.zip');

// Odd seconds on purpose: DOS time keeps only even seconds, the 0x5455 field keeps them all.
const OLD = new Date('2021-03-04T05:06:07Z');
const NEWER = new Date('2022-07-08T23:10:11Z');

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function utcDosFields(d: Date): number[] {
  const evenSeconds = d.getUTCSeconds() - (d.getUTCSeconds() % 2);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), evenSeconds];
}

beforeAll(async () => {
  mkdirSync(src);
  writeTree(src, {
    'Über/naïve 日本.txt': 'grüße aus 日本\n',
    'Über/sub/deeper/data.bin': pseudoRandomBytes(200_000, 11),
    'empty-folder/': '',
    'nested/empty/': '',
    'nested/zero.txt': '',
    'a b c/space name.txt': 'spaces\n',
    'emoji 😀/ok.txt': 'ok\n',
  });
  utimesSync(join(src, 'Über/naïve 日本.txt'), OLD, OLD);
  utimesSync(join(src, 'Über/sub/deeper/data.bin'), NEWER, NEWER);
  for (const folder of ['Über/sub/deeper', 'Über/sub', 'Über', 'nested/empty']) utimesSync(join(src, folder), OLD, OLD);
  entries = walkEntries(src);
  plan = planZip(entries);
  await streamToFile(createZipRangeStream(plan, 0, plan.size - 1, new CrcCache()), storedZip);
  await streamToFile(createDeflatedZipStream(entries), deflatedZip);
});
afterAll(() => work.remove());

describe.each([
  ['stored', () => storedZip],
  ['deflated', () => deflatedZip],
])('%s archive', (_label, zipPath) => {
  it('passes unzip -t', () => {
    const r = run('unzip', ['-t', zipPath()]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No errors detected');
  });

  it('passes 7z t without warnings', () => {
    const r = run('7z', ['t', zipPath()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Everything is Ok');
    expect(r.stdout + r.stderr).not.toMatch(/warning|error/i);
  });

  it('bsdtar lists every entry under its UTF-8 name', () => {
    const r = run('bsdtar', ['-tf', zipPath()]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(entries.map((e) => e.name));
  });

  it("Python's zipfile: CRCs match, names, sizes, UTC times and contents are the originals", () => {
    const report = pythonZip(zipPath(), { hashes: true });
    expect(report.testzip).toBeNull();
    expect(report.entries.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    for (const [i, e] of report.entries.entries()) {
      const want = entries[i] as ZipEntry;
      expect(e.isDir).toBe(want.kind === 'dir');
      expect(e.dateTime).toEqual(utcDosFields(mtimeOf(want)));
      if (want.kind === 'file') {
        expect(e.size).toBe(want.source.size);
        expect(e.sha256).toBe(sha(readFileSync(want.source.realPath)));
      }
    }
  });

  it('unzip extracts the tree with exact mtimes, in any time zone, empty folders included', () => {
    const out = join(work.path, `unzip-${_label}`);
    const r = run('unzip', ['-q', zipPath(), '-d', out], { TZ: 'Asia/Tokyo' });
    expect(r.status).toBe(0);
    for (const e of entries) {
      const got = statSync(join(out, e.name));
      expect(Math.floor(got.mtimeMs / 1000)).toBe(Math.floor(mtimeOf(e).getTime() / 1000));
      if (e.kind === 'file') expect(readFileSync(join(out, e.name)).equals(readFileSync(e.source.realPath))).toBe(true);
      else expect(got.isDirectory()).toBe(true);
    }
  });

  it('bsdtar extracts the same contents and times', () => {
    const out = join(work.path, `bsdtar-${_label}`);
    mkdirSync(out);
    const r = run('bsdtar', ['-xf', zipPath(), '-C', out], { TZ: 'America/New_York' });
    expect(r.status).toBe(0);
    for (const e of entries) {
      const got = statSync(join(out, e.name));
      if (e.kind === 'file') {
        expect(readFileSync(join(out, e.name)).equals(readFileSync(e.source.realPath))).toBe(true);
        expect(Math.floor(got.mtimeMs / 1000)).toBe(Math.floor(mtimeOf(e).getTime() / 1000));
      } else {
        expect(got.isDirectory()).toBe(true);
      }
    }
  });
});

describe('stored archive details', () => {
  it('unzip -Z shows stored entries with UTF-8 names and the extended timestamp', () => {
    const r = run('unzip', ['-Z', '-v', storedZip]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Über/naïve 日本.txt');
    expect(r.stdout).toContain('compression method:                             none (stored)');
    expect(r.stdout).toContain('extended local header:                          yes');
    expect(r.stdout).toContain('The central-directory extra field contains:');
    expect(r.stdout).toContain('subfield with ID 0x5455 (universal time)');
  });

  it('an archive assembled from two range responses (a resumed download) passes unzip -t and 7z t', async () => {
    const resumed = join(work.path, 'resumed.zip');
    const dataEntry = plan.entries.find((e) => e.name === 'Über/sub/deeper/data.bin');
    const cut = (dataEntry?.dataOffset ?? 0) + 77_777;
    const first = join(work.path, 'part1');
    const second = join(work.path, 'part2');
    await streamToFile(createZipRangeStream(plan, 0, cut - 1, new CrcCache()), first);
    await streamToFile(createZipRangeStream(plan, cut, plan.size - 1, new CrcCache()), second);
    const joined = Buffer.concat([readFileSync(first), readFileSync(second)]);
    writeFileSync(resumed, joined);
    expect(joined.equals(readFileSync(storedZip))).toBe(true);
    expect(run('unzip', ['-t', resumed]).status).toBe(0);
    expect(run('7z', ['t', resumed]).status).toBe(0);
  });
});
