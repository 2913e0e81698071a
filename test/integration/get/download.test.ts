// The get client end to end over real sockets: parallel lanes on separate SOCKS identities, verified, never overwriting (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/local';
import { FakeShare, manifestOf, type FakeFile, type SocksRecorder } from './fake-share';
import { digest, download, listing, socksFor, tree } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) { const t = Date.now(); await c(); console.log('cleanup', String(c).slice(0, 40), Date.now() - t); }
});

async function setUp(files: FakeFile[], manifest = manifestOf(files)): Promise<{ share: FakeShare; socks: SocksRecorder; dest: string }> {
  const share = await new FakeShare(files, manifest).start();
  const socks = await socksFor(share);
  const tmp = tempDir('get');
  cleanups.push(() => share.close(), () => socks.close(), () => tmp.remove());
  return { share, socks, dest: tmp.path };
}

const album: FakeFile[] = [
  { path: 'album/big.bin', data: randomBytes(3 * 1024 * 1024 + 7) },
  { path: 'album/day 1/beach.jpg', data: randomBytes(200_000) },
  { path: 'album/empty.txt', data: Buffer.alloc(0) },
  { path: 'notes.txt', data: Buffer.from('hello\n') },
];

describe('get', () => {
  it('downloads every file byte-identical over parallel lanes, each with a SOCKS username of its own', async () => {
    const { share, socks, dest } = await setUp(album);
    const t0 = Date.now();
    const { result, events } = await download(socks, dest, { streams: 4, onEvent: (e) => { if (e.type !== 'progress') console.log(Date.now() - t0, JSON.stringify(e).slice(0, 200)); } });
    console.log('returned', Date.now() - t0, share.bytesServed);
    await new Promise((r) => setTimeout(r, 3000));
    console.log('later', Date.now() - t0, share.bytesServed, share.served.length);
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(tree(dest)).toEqual(Object.fromEntries(album.map((f) => [f.path, digest(f.data)])));
    if (result.kind !== 'complete') return;
    expect(result.files.map((f) => [f.path, f.savedAs, f.verification?.method])).toEqual([
      ['album/big.bin', 'album/big.bin', 'sha256'],
      ['album/day 1/beach.jpg', 'album/day 1/beach.jpg', 'sha256'],
      ['album/empty.txt', 'album/empty.txt', 'sha256'],
      ['notes.txt', 'notes.txt', 'sha256'],
    ]);
    // The big file went over several lanes at once, each on its own identity (its own circuit in tor).
    const bigRequests = share.served.filter((s) => s.url === '/files/album/big.bin');
    expect(bigRequests.length).toBeGreaterThanOrEqual(4);
    const laneNames = new Set(socks.usernames.filter((u) => u.startsWith('oniondrop-get-')));
    expect(laneNames.size).toBeGreaterThanOrEqual(4);
    expect(socks.hosts.every((h) => h.endsWith('.onion'))).toBe(true);
    // No byte written twice (a lane whose range was taken over may have been sent a little more than it used), nothing left behind.
    const total = album.reduce((n, f) => n + f.data.length, 0);
    expect(result.bytesFetched).toBe(total);
    expect(share.bytesServed).toBeLessThan(total * 1.5);
    expect(readdirSync(dest)).toEqual(['album', 'notes.txt']);
    const last = events.filter((e) => e.type === 'progress').at(-1);
    expect(last?.type === 'progress' && last.totals.doneBytes).toBe(share.manifest.totals.bytes);
  });

  it('never overwrites: names that exist get a number as in receive mode, and what was there stays as it was', async () => {
    const { socks, dest } = await setUp(album);
    mkdirSync(join(dest, 'album'));
    writeFileSync(join(dest, 'album', 'mine.txt'), 'my own');
    writeFileSync(join(dest, 'notes.txt'), 'my notes');
    const { result } = await download(socks, dest);
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(readFileSync(join(dest, 'notes.txt'), 'utf8')).toBe('my notes');
    expect(readFileSync(join(dest, 'notes (1).txt'), 'utf8')).toBe('hello\n');
    expect(listing(join(dest, 'album'))).toEqual(['mine.txt']);
    expect(digest(readFileSync(join(dest, 'album (1)', 'big.bin')))).toBe(digest(album[0]?.data as Buffer));
  });

  it('gives names that would collide on disk names of their own', async () => {
    const files: FakeFile[] = [
      { path: 'x/a:b.txt', data: Buffer.from('colon') },
      { path: 'x/a_b.txt', data: Buffer.from('underscore') },
      { path: 'x/.hidden', data: Buffer.from('dot') },
      { path: 'x/\u202Etxt.exe', data: Buffer.from('rlo') },
    ];
    const { socks, dest } = await setUp(files);
    const { result } = await download(socks, dest);
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    const saved = tree(dest);
    expect(Object.keys(saved).sort()).toEqual(['x/a_b (1).txt', 'x/a_b.txt', 'x/hidden', 'x/txt.exe']);
    expect(new Set(Object.values(saved))).toEqual(new Set(['colon', 'underscore', 'dot', 'rlo'].map((t) => digest(Buffer.from(t)))));
  });

  it('downloads a single-file share from its main download URL', async () => {
    const only: FakeFile[] = [{ path: 'report.pdf', data: randomBytes(500_000) }];
    const { share, socks, dest } = await setUp(only);
    expect(share.manifest.archive).toBeNull();
    const { result } = await download(socks, dest);
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(tree(dest)).toEqual({ 'report.pdf': digest(only[0]?.data as Buffer) });
    expect(share.served.every((s) => s.url === '/download/report.pdf')).toBe(true);
  });

  it('uses one lane when the share serves one download at a time', async () => {
    const manifest = manifestOf(album);
    manifest.oneDownloadAtATime = true;
    const { share, socks, dest } = await setUp(album, manifest);
    const { result } = await download(socks, dest, { streams: 8 });
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(new Set(socks.usernames.filter((u) => u.startsWith('oniondrop-get-1-'))).size).toBe(1);
    expect(socks.usernames.filter((u) => /^oniondrop-get-[2-9]/.test(u))).toEqual([]);
    expect(share.bytesServed).toBe(manifest.totals.bytes);
  });

  it('keeps each lane on its own circuit for many small files: two connections per lane, not a stream per file', async () => {
    const many: FakeFile[] = Array.from({ length: 30 }, (_, i) => ({ path: `many/f${i}.txt`, data: randomBytes(2000 + i) }));
    const { share, socks, dest } = await setUp(many);
    const { result } = await download(socks, dest, { streams: 2 });
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(share.served.length).toBe(30);
    // Two lanes, two CONNECTs each (plus the manifest's own): keep-alive, not a stream per file;
    // a lane's two connections share its SOCKS identity, i.e. its circuit.
    const laneConnects = (n: number): string[] => socks.usernames.filter((u) => u.startsWith(`oniondrop-get-${n}-`));
    expect([laneConnects(1).length, laneConnects(2).length]).toEqual([2, 2]);
    expect([new Set(laneConnects(1)).size, new Set(laneConnects(2)).size]).toEqual([1, 1]);
  });

  it('keeps a second request in flight on each lane, so its circuit does not idle between files', async () => {
    const many: FakeFile[] = Array.from({ length: 12 }, (_, i) => ({ path: `many/f${i}.bin`, data: randomBytes(64 * 1024) }));
    const { share, socks, dest } = await setUp(many);
    // The first file's answer waits until another request arrives (at most 5 s): with one
    // request at a time on the lane, none would.
    let another = (): void => undefined;
    const arrived = new Promise<boolean>((r) => {
      another = () => r(true);
      setTimeout(() => r(false), 5_000);
    });
    let first: string | null = null;
    share.behaviour = async (hit) => {
      first ??= hit.file.path;
      if (hit.file.path === first) await arrived;
      else another();
      return false;
    };
    const { result } = await download(socks, dest, { streams: 1 });
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(tree(dest)).toEqual(Object.fromEntries(many.map((f) => [f.path, digest(f.data)])));
    expect(await arrived).toBe(true);
    // All on the lane's one circuit (its one SOCKS identity); lane 0 is the manifest's.
    expect(new Set(socks.usernames.filter((u) => u.startsWith('oniondrop-get-1-'))).size).toBe(1);
    expect(socks.usernames.filter((u) => /^oniondrop-get-[2-9]/.test(u))).toEqual([]);
  });

  it('refuses a folder that is not there, and a second run into the same folder at the same time', async () => {
    const { socks, dest } = await setUp(album);
    const missing = await download(socks, join(dest, 'nope'));
    expect(missing.result).toMatchObject({ kind: 'failed', problem: { kind: 'get-destination', reason: 'missing' } });
    const [a, b] = await Promise.all([download(socks, dest), download(socks, dest)]);
    const kinds = [a.result, b.result].map((r) => (r.kind === 'failed' ? r.problem.kind : r.kind)).sort();
    expect(kinds).toEqual(['complete', 'get-destination']);
    expect(existsSync(join(dest, 'album (1)'))).toBe(false);
  });
});
