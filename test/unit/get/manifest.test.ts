// The manifest: built from a real catalog, read back strictly; hostile ones refused with where (plain Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArchiveSource } from '../../../electron/core/archive';
import { buildCatalog, type Catalog } from '../../../electron/core/share/catalog';
import { buildManifest, parseManifest, serializeManifest, type Manifest } from '../../../electron/core/manifest';
import { tempDir } from '../../helpers/local';

const tmp = tempDir('manifest');
let folderCatalog: Catalog;
let singleCatalog: Catalog;

beforeAll(async () => {
  const album = join(tmp.path, 'Holiday album');
  mkdirSync(join(album, 'day 1'), { recursive: true });
  mkdirSync(join(album, 'empty'));
  writeFileSync(join(album, 'day 1', 'beach?.jpg'), 'sand');
  writeFileSync(join(album, 'notes.txt'), 'hello');
  writeFileSync(join(tmp.path, 'report.pdf'), 'pdf bytes');
  folderCatalog = await buildCatalog([album]);
  singleCatalog = await buildCatalog([join(tmp.path, 'report.pdf')]);
});
afterAll(() => tmp.remove());

function folderManifest(over: Partial<Parameters<typeof buildManifest>[0]> = {}): Manifest {
  const archive = createArchiveSource(folderCatalog, { name: 'Holiday album.zip', compress: false });
  return buildManifest({
    catalog: folderCatalog,
    archive,
    title: 'Holiday',
    individualFiles: true,
    listing: true,
    oneDownloadAtATime: false,
    ...over,
  });
}

/** A manifest as JSON, changed by `edit`, then parsed. */
function parseEdited(m: Manifest, edit: (json: Record<string, unknown> & { files: Record<string, unknown>[] }) => void) {
  const json = JSON.parse(serializeManifest(m).toString('utf8'));
  edit(json);
  return parseManifest(Buffer.from(JSON.stringify(json)));
}

describe('buildManifest', () => {
  it('lists paths inside the share, sizes, URL paths and ETags, and nothing of the disk', () => {
    const m = folderManifest({ sha256Of: (f) => (f.relPath.endsWith('notes.txt') ? 'a'.repeat(64) : null) });
    const text = serializeManifest(m).toString('utf8');
    expect(m.files?.map((f) => [f.path, f.size, f.url])).toEqual([
      ['Holiday album/day 1/beach?.jpg', 4, '/files/Holiday%20album/day%201/beach%3F.jpg'],
      ['Holiday album/notes.txt', 5, '/files/Holiday%20album/notes.txt'],
    ]);
    expect(m.folders?.map((f) => f.path)).toEqual(['Holiday album/', 'Holiday album/day 1/', 'Holiday album/empty/']);
    expect(m.files?.[1]?.sha256).toBe('a'.repeat(64));
    expect(m.archive).toMatchObject({ name: 'Holiday album.zip', url: '/download/Holiday%20album.zip', ranges: true });
    expect(m.etag).toBe(m.archive?.etag);
    expect(text).not.toContain(tmp.path);
    const ino = (folderCatalog.entries[1] as { ino: number }).ino;
    expect(text).not.toMatch(new RegExp(`\\b${ino}\\b`));
    expect(parseManifest(serializeManifest(m))).toEqual({ ok: true, manifest: m });
  });

  it('names no file when the share page lists none, and offers only the archive', () => {
    const m = folderManifest({ listing: false });
    expect(m.files).toBeNull();
    expect(m.folders).toBeNull();
    expect(m.individualFiles).toBe(false);
    expect(m.totals).toEqual({ files: 2, folders: 3, bytes: 9 });
    expect(serializeManifest(m).toString()).not.toContain('notes');
    expect(parseManifest(serializeManifest(m)).ok).toBe(true);
  });

  it('offers a single-file share as its one download, and a compressed archive without ranges', () => {
    const single = buildManifest({ catalog: singleCatalog, archive: null, title: null, individualFiles: false, listing: false, oneDownloadAtATime: true });
    expect(single.files).toMatchObject([{ path: 'report.pdf', url: '/download/report.pdf' }]);
    expect(single.etag).toBe(single.files?.[0]?.etag);
    expect(parseManifest(serializeManifest(single)).ok).toBe(true);
    const compressed = folderManifest({ archive: createArchiveSource(folderCatalog, { name: 'a.zip', compress: true }), individualFiles: false });
    expect(compressed.archive).toMatchObject({ size: null, ranges: false });
    expect(parseManifest(serializeManifest(compressed)).ok).toBe(true);
  });

  it('keeps control characters out of the title', () => {
    expect(folderManifest({ title: 'a\u001b[31mred\nline' }).title).toBe('a [31mred line');
  });
});

describe('parseManifest refuses', () => {
  it('what is not a manifest, or is of a later version', () => {
    expect(parseManifest('<html>')).toEqual({ ok: false, problem: { reason: 'not-json' } });
    expect(parseManifest(Buffer.from([0xff, 0xfe]))).toEqual({ ok: false, problem: { reason: 'not-json' } });
    expect(parseManifest('{"name":"My PWA"}')).toEqual({ ok: false, problem: { reason: 'not-manifest' } });
    expect(parseEdited(folderManifest(), (j) => (j.version = 2))).toEqual({ ok: false, problem: { reason: 'newer-version', version: 2 } });
  });

  it.each([
    ['../../etc/passwd', 'dot-segment'],
    ['Holiday album/../../x', 'dot-segment'],
    ['/etc/passwd', 'absolute'],
    ['Holiday album\\..\\x', 'forbidden-character'],
    ['Holiday album/a\u0000b', 'forbidden-character'],
    ['Holiday album//x', 'empty-segment'],
    ['Holiday album/x/', 'wrong-kind'],
    ['Holiday album/\uD800x', 'not-unicode'],
    [`Holiday album/${'x'.repeat(256)}`, 'too-long'],
  ])('the file path %j (%s)', (path, problem) => {
    const result = parseEdited(folderManifest(), (j) => (j.files[0]!.path = path));
    expect(result).toEqual({ ok: false, problem: { reason: 'unsafe-path', where: 'files[0].path', path, problem } });
  });

  it.each<[string, (j: Record<string, unknown> & { files: Record<string, unknown>[] }) => void, string]>([
    ['a size that does not add up to the total', (j) => (j.files[0]!.size = 5), 'totals.bytes'],
    ['a negative size', (j) => (j.files[0]!.size = -1), 'files[0].size'],
    ['a fractional size', (j) => (j.files[0]!.size = 1.5), 'files[0].size'],
    ['a path twice', (j) => (j.files[1]!.path = j.files[0]!.path), 'files[1].path'],
    ['a file whose folder is not listed', (j) => (j.files[0]!.path = 'Elsewhere/x'), 'files[0].path'],
    ['a file where a folder is', (j) => (j.files[0]!.path = 'Holiday album/empty'), 'files[0].path'],
    ['a URL that names another file', (j) => (j.files[0]!.url = j.files[1]!.url), 'files[0].url'],
    ['a URL outside the share', (j) => (j.files[0]!.url = '/files/../manifest.json'), 'files[0].url'],
    ['a URL with a query', (j) => (j.files[0]!.url = `${String(j.files[0]!.url)}?x`), 'files[0].url'],
    ['a weak ETag', (j) => (j.files[0]!.etag = 'W/"x"'), 'files[0].etag'],
    ['a hash that is not SHA-256 hex', (j) => (j.files[0]!.sha256 = 'ABC'), 'files[0].sha256'],
    ['a title with escapes', (j) => (j.title = '\u001b[2J'), 'title'],
    ['an archive under another name', (j) => ((j.archive as Record<string, unknown>).url = '/download/other.zip'), 'archive.url'],
    ['no archive for several files', (j) => (j.archive = null), 'archive'],
    ['a share ETag that is not the archive\'s', (j) => (j.etag = '"other"'), 'etag'],
  ])('%s', (_label, edit, where) => {
    expect(parseEdited(folderManifest(), edit)).toEqual({ ok: false, problem: { reason: 'invalid', where } });
  });

  it('an archive name that is a path', () => {
    const result = parseEdited(folderManifest(), (j) => {
      const archive = j.archive as Record<string, unknown>;
      archive.name = '../evil.zip';
      archive.url = '/download/..%2Fevil.zip';
    });
    expect(result).toMatchObject({ ok: false, problem: { reason: 'unsafe-path', where: 'archive.name' } });
  });
});
