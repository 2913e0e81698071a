// Background SHA-256 of shared files: right hashes, never blocking, cached across restarts, lost on change (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, statSync, utimesSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, type Catalog, type CatalogFile } from '../../../electron/core/share/catalog';
import { FileHashes } from '../../../electron/core/share/file-hashes';
import { hashCachePath } from '../../../electron/core/share/file-hash-cache';
import type { HashRunnerKind } from '../../../electron/core/share/file-hash-runner';
import { run, tempDir } from '../../helpers/local';

const tmp = tempDir('hashes');
const folder = join(tmp.path, 'shared');

beforeAll(() => {
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, 'empty.txt'), '');
  writeFileSync(join(folder, 'big.bin'), randomBytes(3 * 1024 * 1024 + 17));
  writeFileSync(join(folder, 'sub', 'small.txt'), 'hello\n');
});
afterAll(() => tmp.remove());

/** What coreutils says, for every file of the catalog. */
async function sha256sum(catalog: Catalog): Promise<Record<string, string>> {
  const files = catalog.entries.filter((e): e is CatalogFile => e.kind === 'file');
  const out = await run('sha256sum', files.map((f) => f.realPath));
  expect(out.code, out.stderr).toBe(0);
  const sums = out.stdout.trim().split('\n').map((line) => line.slice(0, 64));
  return Object.fromEntries(files.map((f, i) => [f.relPath, sums[i] as string]));
}

function hashesOf(catalog: Catalog, hashes: FileHashes): Record<string, string | null> {
  const files = catalog.entries.filter((e): e is CatalogFile => e.kind === 'file');
  return Object.fromEntries(files.map((f) => [f.relPath, hashes.sha256Of(f)]));
}

describe.each<HashRunnerKind>(['worker', 'event-loop'])('FileHashes (%s)', (runner) => {
  it('gives every file the SHA-256 sha256sum gives, in the background', async () => {
    const catalog = await buildCatalog([folder]);
    const hashes = new FileHashes(catalog, { cacheFile: null, runner, chunkSize: 64 * 1024 });
    hashes.start();
    // start() returned without reading anything: nothing is known yet.
    expect(hashesOf(catalog, hashes)).toEqual({ 'shared/big.bin': null, 'shared/empty.txt': null, 'shared/sub/small.txt': null });
    await hashes.idle();
    expect(hashesOf(catalog, hashes)).toEqual(await sha256sum(catalog));
    expect(hashes.progress).toEqual({ hashed: 3, failed: 0, total: 3, finished: true });
  });

  it('gives no hash to a file that changed after it was shared, and drops one the share finds changed', async () => {
    const path = join(tmp.path, `changing-${runner}.txt`);
    writeFileSync(path, 'first version');
    const other = join(tmp.path, `other-${runner}.txt`);
    writeFileSync(other, 'stays');
    const catalog = await buildCatalog([path, other]);
    writeFileSync(path, 'second, longer version');
    const hashes = new FileHashes(catalog, { cacheFile: null, runner });
    hashes.start();
    await hashes.idle();
    const [changed, stays] = catalog.entries as CatalogFile[];
    expect(hashes.sha256Of(changed as CatalogFile)).toBeNull();
    expect(hashes.sha256Of(stays as CatalogFile)).toMatch(/^[0-9a-f]{64}$/);
    hashes.forget((stays as CatalogFile).relPath);
    expect(hashes.sha256Of(stays as CatalogFile)).toBeNull();
    expect(hashes.progress).toMatchObject({ hashed: 0, failed: 2 });
  });
});

describe('the hash cache', () => {
  it('lets a restarted share know its unchanged files without reading them, in a private file that names no path', async () => {
    const data = join(tmp.path, 'data');
    const cacheFile = hashCachePath(data);
    const path = join(tmp.path, 'persistent.txt');
    writeFileSync(path, 'AAAA');
    // Whole seconds, so that utimes can give the same mtime back below.
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const first = new FileHashes(await buildCatalog([path]), { cacheFile });
    first.start();
    await first.idle();
    const original = first.sha256Of((await buildCatalog([path])).entries[0] as CatalogFile);
    expect(original).toMatch(/^[0-9a-f]{64}$/);

    // Same inode, size and mtime, other bytes: only a hash that was never
    // read again can still be the old one.
    const fd = openSync(path, 'r+');
    writeSync(fd, 'BBBB', 0);
    closeSync(fd);
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const catalog = await buildCatalog([path]);
    const second = new FileHashes(catalog, { cacheFile });
    second.start();
    await second.idle();
    expect(second.sha256Of(catalog.entries[0] as CatalogFile)).toBe(original);

    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    const text = readFileSync(cacheFile, 'utf8');
    expect(text).not.toContain(tmp.path);
    expect(text).not.toContain('persistent');
  });

  it('forgets a file the share found changed, so a restart reads it again', async () => {
    const cacheFile = hashCachePath(join(tmp.path, 'data2'));
    const path = join(tmp.path, 'edited.txt');
    writeFileSync(path, 'AAAA');
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const catalog = await buildCatalog([path]);
    const first = new FileHashes(catalog, { cacheFile });
    first.start();
    await first.idle();
    const fd = openSync(path, 'r+');
    writeSync(fd, 'BBBB', 0);
    closeSync(fd);
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    first.forget((catalog.entries[0] as CatalogFile).relPath);
    await first.stop();

    const again = await buildCatalog([path]);
    const second = new FileHashes(again, { cacheFile });
    second.start();
    await second.idle();
    expect({ [(again.entries[0] as CatalogFile).relPath]: second.sha256Of(again.entries[0] as CatalogFile) }).toEqual(await sha256sum(again));
  });

  it('stops between files when asked, and keeps what it has', async () => {
    const many = join(tmp.path, 'many');
    mkdirSync(many);
    for (let i = 0; i < 40; i++) writeFileSync(join(many, `f${String(i).padStart(2, '0')}`), randomBytes(256 * 1024));
    const catalog = await buildCatalog([many]);
    const hashes = new FileHashes(catalog, { cacheFile: null, chunkSize: 16 * 1024 });
    hashes.start();
    while (hashes.progress.hashed === 0) await new Promise((r) => setTimeout(r, 5));
    await hashes.stop();
    const { hashed, finished } = hashes.progress;
    expect(finished).toBe(true);
    expect(hashed).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(hashes.progress.hashed).toBe(hashed);
  });
});
