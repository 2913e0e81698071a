// The share side of `oniondrop get`: the real share server's manifest, its hashes on the pages, its refusals told apart, and a download from it (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectShare, startDownload, type GetResult } from '../../../electron/core/get';
import { writeState } from '../../../electron/core/get/state';
import { createArchiveSource, archiveName } from '../../../electron/core/archive';
import { MANIFEST_PATH, parseManifest, REFUSAL_HEADER, type Manifest } from '../../../electron/core/manifest';
import { buildCatalog } from '../../../electron/core/share/catalog';
import { expectSecureHeaders, get, serve, stopAll, tempDir } from '../share/helpers';
import type { ShareServer } from '../../../electron/core/share/share-server';
import { FAST, onion, tree, digest } from './helpers';

const temps: Array<{ remove: () => void }> = [];
afterEach(async () => {
  await stopAll();
  for (const t of temps.splice(0)) t.remove();
});

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

function folderShare(): { root: string; files: Record<string, Buffer> } {
  const tmp = tempDir('get-share');
  temps.push(tmp);
  const root = join(tmp.path, 'Holiday');
  mkdirSync(join(root, 'day 1'), { recursive: true });
  const files: Record<string, Buffer> = {
    'Holiday/day 1/beach.jpg': randomBytes(300_000),
    'Holiday/notes.txt': Buffer.from('hello\n'),
  };
  for (const [path, data] of Object.entries(files)) writeFileSync(join(tmp.path, path), data);
  return { root, files };
}

async function manifestOf(server: ShareServer): Promise<Manifest> {
  const reply = await get(server, MANIFEST_PATH, { Host: `${onion.host}` });
  expect(reply.status).toBe(200);
  const parsed = parseManifest(reply.body);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
  return parsed.manifest;
}

/** The manifest once every file has its hash (the share hashes in the background after it is ready). */
async function hashedManifest(server: ShareServer): Promise<Manifest> {
  for (let i = 0; ; i++) {
    const manifest = await manifestOf(server);
    if (i >= 200 || manifest.files?.every((f) => f.sha256 !== null)) return manifest;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startFolderShare(options: { stopAfterFirstDownload?: boolean; listingEnabled?: boolean } = {}) {
  const { root, files } = folderShare();
  const catalog = await buildCatalog([root]);
  const archive = createArchiveSource(catalog, { name: archiveName('Holiday'), compress: false });
  const { server } = await serve({ catalog, archive, title: 'Holiday photos', ...options, hashing: { cacheFile: null, runner: 'event-loop' } });
  return { server, files, root };
}

describe('the share side of get', () => {
  it('serves a manifest with the security headers and no-store, whose hashes fill in after ready', async () => {
    const { server, files } = await startFolderShare();
    const reply = await get(server, MANIFEST_PATH);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-store');
    expectSecureHeaders(reply.headers);
    let manifest = await manifestOf(server);
    expect(manifest.title).toBe('Holiday photos');
    expect(manifest.individualFiles).toBe(true);
    expect(manifest.files?.map((f) => [f.path, f.size, f.url])).toEqual([
      ['Holiday/day 1/beach.jpg', 300_000, '/files/Holiday/day%201/beach.jpg'],
      ['Holiday/notes.txt', 6, '/files/Holiday/notes.txt'],
    ]);
    // Nothing of the sharer's disk: the manifest never names the folder the share lives in.
    expect(reply.body.toString()).not.toContain(temps[0]?.toString() ?? '');
    manifest = await hashedManifest(server);
    expect(Object.fromEntries(manifest.files?.map((f) => [f.path, f.sha256]) ?? [])).toEqual(
      Object.fromEntries(Object.entries(files).map(([p, d]) => [p, sha(d)])),
    );
    // HEAD answers the same headers without a body.
    const head = await get(server, MANIFEST_PATH, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('shows each file\u2019s SHA-256 on the share page and on a single file\u2019s page, without any script', async () => {
    const { server, files } = await startFolderShare();
    const hash = sha(files['Holiday/notes.txt'] as Buffer);
    let page = '';
    for (let i = 0; i < 100 && !page.includes(hash); i++) {
      page = (await get(server, '/files/Holiday/')).body.toString();
      if (!page.includes(hash)) await new Promise((r) => setTimeout(r, 50));
    }
    expect(page).toContain(`SHA-256: <code class="hash">${hash}</code>`);
    expect(page).not.toContain('<script');

    const tmp = tempDir('get-single');
    temps.push(tmp);
    const data = randomBytes(1000);
    writeFileSync(join(tmp.path, 'report.pdf'), data);
    const single = await serve({ catalog: await buildCatalog([join(tmp.path, 'report.pdf')]), hashing: { cacheFile: null, runner: 'event-loop' } });
    let root = '';
    for (let i = 0; i < 100 && !root.includes(sha(data)); i++) {
      root = (await get(single.server, '/')).body.toString();
      if (!root.includes(sha(data))) await new Promise((r) => setTimeout(r, 50));
    }
    expect(root).toContain(sha(data));
  });

  it('tells "this file changed" from "the share ended" with a header, and a changed file loses its hash', async () => {
    const { server, root } = await startFolderShare();
    await hashedManifest(server);
    const notes = join(root, 'notes.txt');
    writeFileSync(notes, 'changed');
    utimesSync(notes, new Date(), new Date(Date.now() + 5000));
    const refused = await get(server, '/files/Holiday/notes.txt');
    expect(refused.status).toBe(410);
    expect(refused.headers[REFUSAL_HEADER.toLowerCase()]).toBe('share-changed');
    const manifest = await manifestOf(server);
    expect(manifest.files?.find((f) => f.path === 'Holiday/notes.txt')?.sha256).toBeNull();

    const once = await startFolderShare({ stopAfterFirstDownload: true });
    const manifestOnce = await manifestOf(once.server);
    expect(manifestOnce.oneDownloadAtATime).toBe(true);
    expect(manifestOnce.individualFiles).toBe(false);
    const url = manifestOnce.archive?.url ?? '';
    expect((await get(once.server, url)).status).toBe(200);
    const ended = await get(once.server, url);
    expect(ended.status).toBe(410);
    expect(ended.headers[REFUSAL_HEADER.toLowerCase()]).toBe('share-ended');
  });

  it('is downloaded by the get client byte-identical and verified by SHA-256 (direct loopback route)', async () => {
    const { server, files } = await startFolderShare();
    const dest = tempDir('get-dest');
    temps.push(dest);
    const connection = await connectShare({ address: onion, route: { kind: 'direct', host: server.host, port: server.port } });
    const result: GetResult = await startDownload(connection, { destination: dest.path, streams: 3, tuning: { ...FAST, hashWaitMs: 20_000 } }).done;
    await connection.close();
    expect(result.kind).toBe('complete');
    if (result.kind !== 'complete') return;
    expect(result.files.map((f) => f.verification?.method)).toEqual(['sha256', 'sha256']);
    expect(tree(dest.path)).toEqual(Object.fromEntries(Object.entries(files).map(([p, d]) => [p, digest(d)])));
    expect(readFileSync(join(dest.path, 'Holiday/notes.txt'), 'utf8')).toBe('hello\n');
  });

  it('a file finished and named just before a kill -9, the state not yet written, is recognised on resume, not fetched again as "name (1)"', async () => {
    const { server, files } = await startFolderShare();
    await hashedManifest(server);
    const dest = tempDir('get-window');
    temps.push(dest);
    const route = { kind: 'direct', host: server.host, port: server.port } as const;
    const first = await connectShare({ address: onion, route });
    expect((await startDownload(first, { destination: dest.path, streams: 2, tuning: FAST }).done).kind).toBe('complete');
    await first.close();
    // The state as the kill left it: beach.jpg complete in its part (which the rename has just taken away), notes.txt not begun.
    rmSync(join(dest.path, 'Holiday/notes.txt'));
    writeState(dest.path, {
      serviceId: onion.serviceId,
      etag: first.manifest.etag,
      mode: 'files',
      folders: { 'Holiday/': 'Holiday/', 'Holiday/day 1/': 'Holiday/day 1/' },
      targets: { 'Holiday/day 1/beach.jpg': { part: 'Holiday/day 1/beach.jpg.oniondrop-part', done: [[0, 300_000]], savedAs: null } },
    });
    const again = await connectShare({ address: onion, route });
    const result = await startDownload(again, { destination: dest.path, streams: 2, tuning: FAST }).done;
    await again.close();
    expect(result.kind).toBe('complete');
    expect(result.bytesFetched).toBe(6);
    expect(readdirSync(join(dest.path, 'Holiday/day 1'))).toEqual(['beach.jpg']);
    expect(tree(dest.path)).toEqual(Object.fromEntries(Object.entries(files).map(([p, d]) => [p, digest(d)])));
  });
});
