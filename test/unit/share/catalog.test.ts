// The share catalog, built from real folders with awkward content (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, utimesSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildCatalog, type Catalog } from '../../../electron/core/share/catalog';
import { indexCatalog } from '../../../electron/core/share/catalog-index';
import { CatalogRootError } from '../../../electron/core/share/errors';

let base: string;
let socketServer: Server;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'oniondrop-catalog-'));
  chmodSync(base, 0o755);
  const shared = join(base, 'shared');
  mkdirSync(join(shared, 'sub', 'deeper'), { recursive: true });
  mkdirSync(join(shared, 'empty'));
  writeFileSync(join(shared, 'a.txt'), 'alpha');
  writeFileSync(join(shared, 'sub', 'b.txt'), 'bravo!');
  writeFileSync(join(shared, 'sub', 'deeper', 'c.bin'), Buffer.alloc(1000, 7));
  writeFileSync(join(base, 'secret.txt'), 'outside the shared folder');
  mkdirSync(join(base, 'outside-dir'));
  // Symlinks: out of the folder (file, folder, via ..), inside (file, folder), loop, dangling, absolute.
  symlinkSync(join(base, 'secret.txt'), join(shared, 'link-out'));
  symlinkSync('../secret.txt', join(shared, 'link-out-relative'));
  symlinkSync('sub/../../secret.txt', join(shared, 'link-out-sneaky'));
  // ".." after a symlinked folder: the kernel follows sub/s out to elsewhere/deep, so
  // this leads to elsewhere/b.txt; resolved as text it would be sub/b.txt (inside).
  mkdirSync(join(base, 'elsewhere', 'deep'), { recursive: true });
  writeFileSync(join(base, 'elsewhere', 'b.txt'), 'outside, same name as sub/b.txt');
  symlinkSync('../../elsewhere/deep', join(shared, 'sub', 's'));
  symlinkSync('sub/s/../b.txt', join(shared, 'link-out-dotdot'));
  symlinkSync('/etc/passwd', join(shared, 'link-etc-passwd'));
  symlinkSync(join(base, 'outside-dir'), join(shared, 'link-out-dir'));
  symlinkSync('sub/b.txt', join(shared, 'link-in'));
  symlinkSync('sub', join(shared, 'link-in-dir'));
  symlinkSync('.', join(shared, 'sub', 'deeper', 'link-to-self'));
  symlinkSync('loop-b', join(shared, 'loop-a'));
  symlinkSync('loop-a', join(shared, 'loop-b'));
  symlinkSync('does-not-exist', join(shared, 'dangling'));
  symlinkSync('/dev/null', join(shared, 'link-dev-null'));
  // Special files.
  execFileSync('mkfifo', [join(shared, 'fifo')]);
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(shared, 'sock'), resolve));
  // Names a URL or a zip cannot carry faithfully.
  writeFileSync(Buffer.concat([Buffer.from(join(shared, 'bad-')), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]), 'x');
  writeFileSync(join(shared, 'back\\slash.txt'), 'x');
  writeFileSync(join(shared, 'line\nbreak.txt'), 'x');
  // Two chosen paths with the same basename.
  mkdirSync(join(base, 'one'));
  mkdirSync(join(base, 'two'));
  writeFileSync(join(base, 'one', 'report.pdf'), '1');
  writeFileSync(join(base, 'two', 'report.pdf'), '22');
  mkdirSync(join(base, 'three'));
  writeFileSync(join(base, 'three', 'REPORT.pdf'), '333');
  symlinkSync(join(base, 'one', 'report.pdf'), join(base, 'chosen-link.pdf'));
});

afterAll(async () => {
  await new Promise((r) => socketServer.close(r));
  rmSync(base, { recursive: true, force: true });
});

const skippedReason = (c: Catalog, name: string): string | undefined =>
  c.skipped.find((s) => s.path.endsWith(`/${name}`))?.reason;

describe('buildCatalog of a folder', () => {
  it('lists files and folders with archive paths, sizes and identities, in a stable order', async () => {
    const c = await buildCatalog([join(base, 'shared')]);
    expect(c.entries.map((e) => e.relPath)).toEqual([
      'shared/',
      'shared/a.txt',
      'shared/empty/',
      'shared/link-in',
      'shared/sub/',
      'shared/sub/b.txt',
      'shared/sub/deeper/',
      'shared/sub/deeper/c.bin',
    ]);
    expect(c.entries.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const cbin = c.entries.find((e) => e.relPath === 'shared/sub/deeper/c.bin');
    expect(cbin).toMatchObject({ kind: 'file', name: 'c.bin', size: 1000, realPath: join(base, 'shared', 'sub', 'deeper', 'c.bin') });
    expect(cbin?.ino).toBeGreaterThan(0);
    expect(c.totals).toEqual({ files: 4, directories: 4, bytes: 5 + 6 + 6 + 1000 });
    const again = await buildCatalog([join(base, 'shared')]);
    expect(again.entries).toEqual(c.entries);
  });

  it('never follows a symlink out of the shared folder, and says so', async () => {
    const c = await buildCatalog([join(base, 'shared')]);
    for (const name of ['link-out', 'link-out-relative', 'link-out-sneaky', 'link-out-dotdot', 's', 'link-etc-passwd', 'link-out-dir', 'link-dev-null']) {
      expect(skippedReason(c, name), name).toBe('symlink-outside');
    }
    expect(c.entries.some((e) => e.realPath.startsWith(join(base, 'secret.txt')))).toBe(false);
    expect(c.entries.every((e) => e.realPath === join(base, 'shared') || e.realPath.startsWith(join(base, 'shared') + '/'))).toBe(true);
  });

  it('serves a symlink to a file inside the folder as that file, skips symlinks to folders', async () => {
    const c = await buildCatalog([join(base, 'shared')]);
    const link = c.entries.find((e) => e.relPath === 'shared/link-in');
    expect(link).toMatchObject({ kind: 'file', size: 6, viaSymlink: true, realPath: join(base, 'shared', 'sub', 'b.txt') });
    expect(skippedReason(c, 'link-in-dir')).toBe('symlink-to-directory');
    expect(skippedReason(c, 'link-to-self')).toBe('symlink-to-directory');
  });

  it('skips symlink loops, dangling links, FIFOs, sockets and unsafe names', async () => {
    const c = await buildCatalog([join(base, 'shared')]);
    expect(skippedReason(c, 'loop-a')).toBe('symlink-loop');
    expect(skippedReason(c, 'loop-b')).toBe('symlink-loop');
    expect(skippedReason(c, 'dangling')).toBe('symlink-dangling');
    expect(skippedReason(c, 'fifo')).toBe('special-file');
    expect(skippedReason(c, 'sock')).toBe('special-file');
    expect(skippedReason(c, 'back\\slash.txt')).toBe('unsafe-name');
    expect(skippedReason(c, 'line\nbreak.txt')).toBe('unsafe-name');
    expect(c.skipped.find((s) => s.reason === 'name-not-utf8')?.path).toContain('bad-');
  });

  it('contents layout (website mode) puts the folder children at the top', async () => {
    const c = await buildCatalog([join(base, 'shared')], { layout: 'contents' });
    expect(c.entries[0]?.relPath).toBe('a.txt');
    const index = indexCatalog(c);
    expect(index.get('sub/deeper/c.bin')?.size).toBe(1000);
    expect(index.children('').map((e) => e.name)).toEqual(['a.txt', 'empty', 'link-in', 'sub']);
    expect(index.children('sub/').map((e) => e.name)).toEqual(['b.txt', 'deeper']);
    expect(index.folderBytes('sub/')).toBe(1006);
    expect(index.folderBytes('')).toBe(1017);
    await expect(buildCatalog([join(base, 'shared', 'a.txt')], { layout: 'contents' })).rejects.toBeInstanceOf(CatalogRootError);
  });
});

describe('buildCatalog of several chosen paths', () => {
  it('gives top-level names that collide (also by case) distinct names', async () => {
    const c = await buildCatalog([join(base, 'one', 'report.pdf'), join(base, 'two', 'report.pdf'), join(base, 'three', 'REPORT.pdf'), join(base, 'shared')]);
    expect(c.roots.map((r) => r.name)).toEqual(['report.pdf', 'report (2).pdf', 'REPORT (3).pdf', 'shared']);
    expect(c.entries.slice(0, 3).map((e) => [e.relPath, e.size])).toEqual([
      ['report.pdf', 1],
      ['report (2).pdf', 2],
      ['REPORT (3).pdf', 3],
    ]);
  });

  it('follows a symlink the user chose, and lists the same file chosen twice once', async () => {
    const c = await buildCatalog([join(base, 'chosen-link.pdf'), join(base, 'one', 'report.pdf')]);
    expect(c.entries).toHaveLength(1);
    expect(c.entries[0]).toMatchObject({ name: 'chosen-link.pdf', realPath: join(base, 'one', 'report.pdf'), size: 1 });
    expect(c.skipped).toEqual([{ path: join(base, 'one', 'report.pdf'), reason: 'duplicate-path' }]);
  });

  it('refuses a chosen path that is missing, special or looping, with a typed error', async () => {
    const fail = (p: string) => buildCatalog([p]).then(() => null, (e: unknown) => e);
    expect(await fail(join(base, 'nope'))).toMatchObject({ kind: 'catalog-root', problem: 'not-found' });
    expect(await fail(join(base, 'shared', 'fifo'))).toMatchObject({ kind: 'catalog-root', problem: 'special-file' });
    expect(await fail(join(base, 'shared', 'loop-a'))).toMatchObject({ kind: 'catalog-root', problem: 'symlink-loop' });
    expect(await fail(join(base, 'shared', 'dangling'))).toMatchObject({ kind: 'catalog-root', problem: 'not-found' });
  });
});

describe('unreadable entries', () => {
  it('are skipped with their reason (checked as an unprivileged user)', async () => {
    const dir = join(base, 'perm');
    mkdirSync(join(dir, 'closed-dir'), { recursive: true });
    writeFileSync(join(dir, 'open.txt'), 'ok');
    writeFileSync(join(dir, 'closed.txt'), 'no');
    writeFileSync(join(dir, 'closed-dir', 'inner.txt'), 'no');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'open.txt'), 0o644);
    chmodSync(join(dir, 'closed.txt'), 0o000);
    chmodSync(join(dir, 'closed-dir'), 0o000);
    const result = await catalogAsUnprivileged(dir);
    expect(result.entries.map((e) => e.relPath)).toEqual(['perm/', 'perm/open.txt']);
    expect(result.skipped.map((s) => [s.path.slice(dir.length + 1), s.reason, s.code])).toEqual(
      expect.arrayContaining([
        ['closed.txt', 'unreadable', 'EACCES'],
        ['closed-dir', 'unreadable', 'EACCES'],
      ]),
    );
  });
});

/** Root reads everything, so build the catalog in a child process running as nobody. */
async function catalogAsUnprivileged(dir: string): Promise<Catalog> {
  if (process.getuid?.() !== 0) return buildCatalog([dir]);
  const bundle = join(base, 'catalog-bundle.mjs');
  await build({
    entryPoints: [join(__dirname, '../../../electron/core/share/catalog.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    footer: { js: 'buildCatalog([process.argv[2]]).then((c) => process.stdout.write(JSON.stringify(c)));' },
    logLevel: 'silent',
  });
  chmodSync(bundle, 0o644);
  const run = spawnSync(process.execPath, [bundle, dir], { uid: 65534, gid: 65534, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`catalog child failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Catalog;
}

describe('scale', () => {
  it('catalogs 3000 files in 60 folders, letting the event loop run while it walks', async () => {
    const dir = join(base, 'many');
    for (let d = 0; d < 60; d++) {
      mkdirSync(join(dir, `d${d}`), { recursive: true });
      for (let f = 0; f < 50; f++) writeFileSync(join(dir, `d${d}`, `f${f}.txt`), `${d}/${f}`);
    }
    utimesSync(join(dir, 'd0', 'f0.txt'), 1, 1);
    // The walk's file-system calls are synchronous; an app that shares a huge
    // folder must still answer in between (timers, IPC, other requests).
    let turns = 0;
    const tick = (): void => {
      turns++;
      if (!done) setImmediate(tick);
    };
    let done = false;
    setImmediate(tick);
    const c = await buildCatalog([dir]);
    done = true;
    expect(c.totals.files).toBe(3000);
    expect(c.totals.directories).toBe(61);
    expect(c.entries.map((e) => e.index)).toEqual(c.entries.map((_, i) => i));
    expect(turns).toBeGreaterThanOrEqual(10);
  });
});
