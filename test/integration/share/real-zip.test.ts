// The real zip writer behind the share server, over real HTTP: many clients at once, and the compressed variant (plain Node).
// The other archive tests use a stand-in so they test the server alone; these
// download what a visitor gets and let Debian's unzip judge it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArchiveSource } from '../../../electron/core/archive';
import { buildCatalog, type Catalog } from '../../../electron/core/share/catalog';
import { get, run, serve, stopAll, tempDir } from './helpers';

const tmp = tempDir('real-zip');
const files: Record<string, Buffer> = {
  'big.bin': randomBytes(3 * 1024 * 1024 + 17), // several reads
  'sub/mid.bin': randomBytes(300 * 1024), // over the read-ahead size
  'sub/small.txt': Buffer.from('small file\n'), // read ahead whole
  'sub/empty.txt': Buffer.alloc(0),
};
let catalog: Catalog;
let folder: string;

beforeAll(async () => {
  folder = join(tmp.path, 'album');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  mkdirSync(join(folder, 'empty-folder'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);
  catalog = await buildCatalog([folder]);
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** unzip -t, then extract and compare every file with what was shared. */
async function expectUnzipGivesTheFiles(zip: Buffer, label: string): Promise<void> {
  const path = join(tmp.path, `${label}.zip`);
  writeFileSync(path, zip);
  const test = await run('unzip', ['-tq', path]);
  expect(test.code, test.stdout + test.stderr).toBe(0);
  const out = join(tmp.path, `${label}-out`);
  const extract = await run('unzip', ['-q', path, '-d', out]);
  expect(extract.code, extract.stderr).toBe(0);
  for (const [name, bytes] of Object.entries(files)) expect(readFileSync(join(out, 'album', name)).equals(bytes), name).toBe(true);
}

describe('the stored zip over HTTP', () => {
  it('50 clients starting together, before any CRC is known, all get the same valid archive', async () => {
    // The reference comes from an archive of its own, read alone.
    const reference: Buffer[] = [];
    for await (const c of await createArchiveSource(catalog, { name: 'album.zip', compress: false }).stream(null)) reference.push(Buffer.from(c));
    const want = Buffer.concat(reference);

    const archive = createArchiveSource(catalog, { name: 'album.zip', compress: false });
    const { server } = await serve({ catalog, archive });
    const replies = await Promise.all(Array.from({ length: 50 }, () => get(server, server.downloadPath)));
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(replies.map((r) => r.body.length)).toEqual(Array(50).fill(want.length));
    expect(replies.every((r) => sha(r.body) === sha(want))).toBe(true);
    await expectUnzipGivesTheFiles(want, 'stored');
  });
});

describe('the compressed zip (share.compress) over HTTP', () => {
  it('streams without a length, refuses ranges, and unzips to the same files', async () => {
    const archive = createArchiveSource(catalog, { name: 'album.zip', compress: true });
    const { server } = await serve({ catalog, archive });
    const r = await get(server, server.downloadPath);
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.headers['accept-ranges']).toBe('none');
    const ranged = await get(server, server.downloadPath, { Range: 'bytes=100-' });
    expect(ranged.status).toBe(200);
    expect(ranged.body.equals(r.body)).toBe(true);
    await expectUnzipGivesTheFiles(r.body, 'deflated');
  });
});
