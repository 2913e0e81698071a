// The website catalog is walked again as the site changes, with share mode's symlink rules (plain Node).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogRootError } from '../../../electron/core/share/errors';
import { SiteCatalog } from '../../../electron/core/website/site-catalog';

const root = mkdtempSync(join(tmpdir(), 'oniondrop-sitecat-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('SiteCatalog', () => {
  it('serves the contents of the folder at the top, without symlinks that leave it', async () => {
    const site = join(root, 'site');
    mkdirSync(join(site, 'sub'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<p>hi');
    writeFileSync(join(site, 'sub', 'page.html'), '<p>sub');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    symlinkSync(join(root, 'secret.txt'), join(site, 'out.txt'));
    symlinkSync(join(site, 'index.html'), join(site, 'home.html'));
    const cat = await SiteCatalog.create(site);
    const index = await cat.current();
    expect(index.get('index.html')?.kind).toBe('file');
    expect(index.get('sub/')?.kind).toBe('directory');
    expect(index.get('sub/page.html')?.kind).toBe('file');
    expect(index.get('home.html')?.kind).toBe('file');
    expect(index.get('out.txt')).toBeUndefined();
  });

  it('reuses a walk until it is old, then sees new files', async () => {
    const site = join(root, 'growing');
    mkdirSync(site);
    let now = 0;
    const cat = await SiteCatalog.create(site, { maxAgeMs: 1000, now: () => now });
    writeFileSync(join(site, 'new.html'), 'new');
    expect((await cat.current()).get('new.html')).toBeUndefined();
    now = 1500;
    expect((await cat.current()).get('new.html')?.kind).toBe('file');
  });

  it('a folder that went away serves nothing; one that comes back is served again', async () => {
    const site = join(root, 'vanishing');
    mkdirSync(site);
    writeFileSync(join(site, 'a.html'), 'a');
    const cat = await SiteCatalog.create(site, { maxAgeMs: 0 });
    rmSync(site, { recursive: true });
    expect((await cat.rebuild()).catalog.entries).toEqual([]);
    mkdirSync(site);
    writeFileSync(join(site, 'a.html'), 'a');
    expect((await cat.rebuild()).get('a.html')?.kind).toBe('file');
  });

  it('refuses a root that is not a folder', async () => {
    writeFileSync(join(root, 'file.html'), 'x');
    await expect(SiteCatalog.create(join(root, 'file.html'))).rejects.toBeInstanceOf(CatalogRootError);
    await expect(SiteCatalog.create(join(root, 'missing'))).rejects.toBeInstanceOf(CatalogRootError);
  });
});
