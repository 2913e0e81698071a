// Interrupted downloads resumed by real clients (curl -C -, wget -c) end byte-identical (plain Node).
// The multi-file share is the real stored zip, as a user downloads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArchiveSource } from '../../../electron/core/archive';
import { buildCatalog, type Catalog } from '../../../electron/core/share/catalog';
import type { ShareServerEvent } from '../../../electron/core/share/events';
import type { ShareServer } from '../../../electron/core/share/share-server';
import { run, serve, stopAll, tempDir, until } from './helpers';

const tmp = tempDir('resume');
const single = randomBytes(12 * 1024 * 1024 + 5);
let singleShare: { server: ShareServer; events: ShareServerEvent[] };
let archiveShare: { server: ShareServer; events: ShareServerEvent[] };
let archiveBytes: Buffer;

beforeAll(async () => {
  writeFileSync(join(tmp.path, 'video.bin'), single);
  const folder = join(tmp.path, 'album');
  mkdirSync(folder);
  const parts = [randomBytes(5 * 1024 * 1024), randomBytes(3), randomBytes(7 * 1024 * 1024 + 1)];
  parts.forEach((p, i) => writeFileSync(join(folder, `part${i}.bin`), p));
  singleShare = await serve({ catalog: await buildCatalog([join(tmp.path, 'video.bin')]), stopAfterFirstDownload: true });
  const catalog = await buildCatalog([folder]);
  // What an uninterrupted download gives, from an archive of its own (its own CRC cache).
  archiveBytes = await uninterrupted(catalog);
  archiveShare = await serve({ catalog, archive: albumZip(catalog), stopAfterFirstDownload: true });
});
afterAll(async () => {
  await stopAll();
  tmp.remove();
});

const url = (s: ShareServer): string => `${s.localUrl}${s.downloadPath}`;

const albumZip = (catalog: Catalog): ReturnType<typeof createArchiveSource> => createArchiveSource(catalog, { name: 'album.zip', compress: false });

async function uninterrupted(catalog: Catalog): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of await albumZip(catalog).stream(null)) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** A resumed zip must also be one that unzip accepts (every CRC checked). */
async function expectUnzipAccepts(path: string): Promise<void> {
  const check = await run('unzip', ['-tq', path]);
  expect(check.code, check.stdout + check.stderr).toBe(0);
}

/** The interrupted first attempt must leave a partial file, or the test proves nothing. */
function expectPartial(path: string, total: number): void {
  const size = statSync(path).size;
  expect(size).toBeGreaterThan(0);
  expect(size).toBeLessThan(total);
}

async function completeEvent(events: ShareServerEvent[]): Promise<void> {
  await until(() => events.some((e) => e.type === 'download-finished')).catch((err: unknown) => {
    console.log(JSON.stringify(events.filter((e) => e.type !== 'download-progress')));
    throw err;
  });
  const finished = events.filter((e) => e.type === 'download-finished');
  expect(finished).toHaveLength(1);
  expect(finished[0]).toMatchObject({ complete: true });
  // The interrupted first attempt was reported as cancelled, not finished.
  expect(events.some((e) => e.type === 'download-cancelled')).toBe(true);
}

describe.each([
  ['a single file', () => singleShare, () => single, false],
  ['a multi-file zip', () => archiveShare, () => archiveBytes, true],
])('%s', (_label, share, bytes, isZip) => {
  it('curl cut off part-way, then continued with -C -, is byte-identical and counts as one complete download', async () => {
    const { server, events } = share();
    events.length = 0;
    const out = join(tmp.path, `curl-${server.port}.bin`);
    // 1 MB/s for 1 s of a 12 MiB body: far from done even if curl's limiter bursts at the start.
    const first = await run('curl', ['-s', '--limit-rate', '1M', '--max-time', '1', '-o', out, url(server)]);
    expect(first.code).toBe(28); // curl: operation timed out
    expectPartial(out, bytes().length);
    // The server notices the drop before it admits the resume (stop after first download is on).
    await until(() => server.activeDownloads() === 0);
    const resumed = await run('curl', ['-s', '-f', '-C', '-', '-w', '%{http_code}', '-o', out, url(server)]);
    expect(resumed.stdout).toBe('206');
    expect(resumed.code).toBe(0);
    expect(readFileSync(out).equals(bytes())).toBe(true);
    if (isZip) await expectUnzipAccepts(out);
    const started = events.filter((e) => e.type === 'download-started');
    expect(started.at(-1)).toMatchObject({ rangeStart: expect.any(Number) });
    expect(started.at(-1)?.type === 'download-started' && started.at(-1)?.rangeStart).toBeGreaterThan(0);
    await completeEvent(events);
  });
});

describe.each([
  ['a single file', 'video.bin', () => single, false],
  ['a multi-file zip', 'album', () => archiveBytes, true],
])('%s with wget', (_label, source, bytes, isZip) => {
  it('wget killed part-way, then wget -c, is byte-identical', async () => {
    // A fresh share per client: the curl test above ended its share's one download.
    const catalog = await buildCatalog([join(tmp.path, source)]);
    const archive = catalog.entries.length > 1 ? albumZip(catalog) : undefined;
    const { server, events } = await serve({ catalog, archive, stopAfterFirstDownload: true });
    const out = join(tmp.path, `wget-${server.port}.bin`);
    const first = await run('timeout', ['1', 'wget', '-q', '--limit-rate=1m', '-O', out, url(server)]);
    expect(first.code).toBe(124); // timeout: the command was stopped
    expectPartial(out, bytes().length);
    await until(() => server.activeDownloads() === 0);
    const resumed = await run('wget', ['-q', '-c', '-O', out, url(server)]);
    expect(resumed.code).toBe(0);
    expect(readFileSync(out).equals(bytes())).toBe(true);
    if (isZip) await expectUnzipAccepts(out);
    await completeEvent(events);
    await server.close();
  });
});
