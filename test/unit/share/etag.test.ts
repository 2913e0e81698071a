// ETags that stay the same across restarts and change with the file (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalog, type CatalogFile } from '../../../electron/core/share/catalog';
import { archiveEtag, fileEtag, httpDate, newestMtimeMs } from '../../../electron/core/share/etag';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oniondrop-etag-'));
  writeFileSync(join(dir, 'a.txt'), 'hello');
  writeFileSync(join(dir, 'b.txt'), 'world');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const only = async (p: string): Promise<CatalogFile> => (await buildCatalog([p])).entries[0] as CatalogFile;

describe('fileEtag', () => {
  it('is a strong, quoted tag that does not show the inode', async () => {
    const f = await only(join(dir, 'a.txt'));
    const tag = fileEtag(f);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(tag).not.toContain(String(f.ino));
  });
  it('is the same for a fresh catalog of the unchanged file (a restarted persistent share)', async () => {
    expect(fileEtag(await only(join(dir, 'a.txt')))).toBe(fileEtag(await only(join(dir, 'a.txt'))));
  });
  it('changes with the size, the mtime, or the file identity', async () => {
    const p = join(dir, 'a.txt');
    const before = fileEtag(await only(p));
    const st = statSync(p);
    utimesSync(p, st.atime, new Date(st.mtimeMs + 2000));
    const touched = fileEtag(await only(p));
    expect(touched).not.toBe(before);
    // Same size and mtime, different inode: a replaced file.
    const st2 = statSync(p);
    copyFileSync(p, join(dir, 'a.copy'));
    utimesSync(join(dir, 'a.copy'), st2.atime, st2.mtime);
    renameSync(join(dir, 'a.copy'), p);
    const replaced = await only(p);
    expect(replaced.mtimeMs).toBe(st2.mtimeMs);
    expect(fileEtag(replaced)).not.toBe(touched);
    writeFileSync(p, 'hello!');
    expect(fileEtag(await only(p))).not.toBe(fileEtag(replaced));
  });
});

describe('archiveEtag', () => {
  it('is stable for the same entries and changes when any entry or the variant changes', async () => {
    const c1 = await buildCatalog([dir]);
    const c2 = await buildCatalog([dir]);
    const tag = archiveEtag(c1.entries, 'zip-stored-v1');
    expect(archiveEtag(c2.entries, 'zip-stored-v1')).toBe(tag);
    expect(archiveEtag(c1.entries, 'zip-deflate-v1')).not.toBe(tag);
    const renamed = c1.entries.map((e) => (e.relPath.endsWith('b.txt') ? { ...e, relPath: e.relPath.replace('b.txt', 'c.txt') } : e));
    expect(archiveEtag(renamed, 'zip-stored-v1')).not.toBe(tag);
    const resized = c1.entries.map((e) => (e.relPath.endsWith('b.txt') ? { ...e, size: e.size + 1 } : e));
    expect(archiveEtag(resized, 'zip-stored-v1')).not.toBe(tag);
    expect(archiveEtag([...c1.entries].reverse(), 'zip-stored-v1')).not.toBe(tag);
  });
  it('cannot be made to collide by hiding a second entry inside a name', () => {
    const entry = (relPath: string) => ({ relPath, kind: 'file' as const, size: 1, mtimeMs: 2, ino: 3 });
    const two = archiveEtag([entry('x'), entry('y')], 'v');
    const one = archiveEtag([entry('x\u0000file\u00001\u00002\u00003\u0000y')], 'v');
    expect(one).not.toBe(two);
  });
});

describe('Last-Modified', () => {
  it('is an IMF-fixdate in whole seconds of the newest mtime', () => {
    expect(httpDate(Date.UTC(1994, 10, 6, 8, 49, 37, 999))).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(newestMtimeMs([{ mtimeMs: 5 }, { mtimeMs: 9.5 }, { mtimeMs: 7 }])).toBe(9.5);
  });
});
