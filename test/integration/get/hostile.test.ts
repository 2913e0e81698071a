// Hostile manifests and servers: each a clear problem, nothing outside the folder, nothing overwritten, nothing unverified renamed into place (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/local';
import { FakeShare, type FakeFile } from './fake-share';
import { digest, download, listing, socksFor, tree } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The destination sits in a folder of its own, with a bystander file beside it, to see that nothing escapes. */
async function setUp(files: FakeFile[], edit?: (json: Record<string, unknown>) => void) {
  const share = await new FakeShare(files).start();
  if (edit) {
    const json = JSON.parse(JSON.stringify(share.manifest));
    edit(json);
    share.manifestBody = JSON.stringify(json);
  }
  const socks = await socksFor(share);
  const tmp = tempDir('get-hostile');
  const dest = join(tmp.path, 'downloads');
  mkdirSync(dest);
  writeFileSync(join(tmp.path, 'bystander.txt'), 'untouched');
  cleanups.push(() => share.close(), () => socks.close(), () => tmp.remove());
  return { share, socks, dest, outside: tmp.path };
}

function expectNothingOutside(outside: string): void {
  expect(readdirSync(outside).sort()).toEqual(['bystander.txt', 'downloads']);
}

const files: FakeFile[] = [
  { path: 'docs/a.bin', data: randomBytes(300_000) },
  { path: 'docs/b.txt', data: Buffer.from('bee') },
];

describe('a hostile manifest', () => {
  it.each([
    ['../escape.txt', 'dot-segment'],
    ['docs/../../escape.txt', 'dot-segment'],
    ['/tmp/escape.txt', 'absolute'],
    ['docs\\..\\..\\escape.txt', 'forbidden-character'],
  ])('naming %j is refused before anything is written (%s)', async (path) => {
    const { socks, dest, outside } = await setUp(files, (j) => {
      const list = j['files'] as Array<Record<string, unknown>>;
      (list[1] as Record<string, unknown>)['path'] = path;
    });
    const { result } = await download(socks, dest);
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-manifest', reason: 'unsafe-path', path } });
    expect(readdirSync(dest)).toEqual([]);
    expectNothingOutside(outside);
  });

  it('whose sizes do not add up is refused', async () => {
    const { socks, dest } = await setUp(files, (j) => {
      ((j['files'] as Array<Record<string, unknown>>)[0] as Record<string, unknown>)['size'] = 10;
    });
    const { result } = await download(socks, dest);
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-manifest', reason: 'invalid', where: 'totals.bytes' } });
    expect(readdirSync(dest)).toEqual([]);
  });

  it('that is no manifest at all (another kind of site) says so', async () => {
    const { share, socks, dest } = await setUp(files);
    share.manifestBody = '<!doctype html><title>OnionShare</title>';
    expect((await download(socks, dest)).result).toMatchObject({ kind: 'failed', problem: { kind: 'get-manifest', reason: 'not-oniondrop' } });
    share.manifestStatus = 404;
    expect((await download(socks, dest)).result).toMatchObject({ kind: 'failed', problem: { kind: 'get-manifest', reason: 'not-oniondrop' } });
  });
});

describe('a hostile server', () => {
  it('whose size is not the manifest\'s (a size that lies) ends the download; nothing gets a final name', async () => {
    const { share, socks, dest, outside } = await setUp(files);
    share.manifest.files![0]!.size = 200_000;
    share.manifest.totals.bytes = 200_003;
    const { result } = await download(socks, dest);
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-bad-response', name: 'docs/a.bin', reason: 'size' } });
    expect(listing(dest).filter((n) => n.endsWith('a.bin'))).toEqual([]);
    expectNothingOutside(outside);
  });

  it('that sends more bytes than the range asked for ends the download', async () => {
    const { share, socks, dest } = await setUp(files);
    share.behaviour = async (hit) => {
      if (!hit.range || hit.file.path !== 'docs/a.bin') return false;
      // Close-delimited, no length: the client must count.
      const piece = hit.data.subarray(hit.range.start, hit.range.end + 1);
      hit.res.writeHead(206, { ETag: hit.file.etag, 'Content-Range': `bytes ${hit.range.start}-${hit.range.end}/${hit.data.length}`, Connection: 'close' });
      hit.res.end(Buffer.concat([piece, Buffer.from('EXTRA BYTES')]));
      return true;
    };
    const { result } = await download(socks, dest, { streams: 1 });
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-bad-response', name: 'docs/a.bin', reason: 'extra-bytes' } });
    expect(listing(dest).filter((n) => n.endsWith('a.bin'))).toEqual([]);
  });

  it('that declares a longer body than the range ends the download', async () => {
    const { share, socks, dest } = await setUp(files);
    share.behaviour = async (hit) => {
      if (!hit.range || hit.file.path !== 'docs/a.bin') return false;
      const piece = hit.data.subarray(hit.range.start, hit.range.end + 1);
      hit.res.writeHead(206, {
        ETag: hit.file.etag,
        'Content-Range': `bytes ${hit.range.start}-${hit.range.end}/${hit.data.length}`,
        'Content-Length': piece.length + 5,
      });
      hit.res.end(Buffer.concat([piece, Buffer.from('12345')]));
      return true;
    };
    const { result } = await download(socks, dest);
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-bad-response', reason: 'extra-bytes' } });
  });

  it('that sends another range than the one asked for ends the download', async () => {
    const { share, socks, dest } = await setUp(files);
    share.behaviour = async (hit) => {
      if (!hit.range || hit.range.start === 0) return false;
      hit.res.writeHead(206, { ETag: hit.file.etag, 'Content-Range': `bytes 0-${hit.range.end - hit.range.start}/${hit.data.length}` });
      hit.res.end(hit.data.subarray(0, hit.range.end - hit.range.start + 1));
      return true;
    };
    const { result } = await download(socks, dest);
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-bad-response', reason: 'range' } });
  });

  it('that cuts a response short is retried on a fresh circuit, keeping what arrived, and the file completes', async () => {
    const { share, socks, dest } = await setUp(files);
    let cuts = 0;
    const cutAt: number[] = [];
    share.behaviour = async (hit) => {
      if (cuts >= 2 || hit.file.path !== 'docs/a.bin') return false;
      cuts++;
      const start = hit.range?.start ?? 0;
      cutAt.push(start);
      const end = hit.range?.end ?? hit.data.length - 1;
      hit.res.writeHead(206, { ETag: hit.file.etag, 'Content-Range': `bytes ${start}-${end}/${hit.data.length}`, 'Content-Length': end - start + 1 });
      hit.res.write(hit.data.subarray(start, start + 40_000));
      share.bytesServed += 40_000;
      await new Promise((r) => setTimeout(r, 20));
      hit.res.destroy();
      return true;
    };
    const { result, events } = await download(socks, dest, { streams: 1 });
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(tree(dest)['docs/a.bin']).toBe(digest(files[0]!.data));
    expect(events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.reason)).toEqual(['cut-off', 'cut-off']);
    // Retried on a fresh identity (circuit): one for each cut, or one for both when the lane's two
    // requests were cut on the same circuit. The bytes that arrived were not asked for again.
    const identities = new Set(socks.usernames.filter((u) => u.startsWith('oniondrop-get-1-'))).size;
    expect(identities).toBeGreaterThanOrEqual(2);
    expect(identities).toBeLessThanOrEqual(3);
    const asked = share.served.filter((s) => s.url === '/files/docs/a.bin' && s.range).map((s) => s.range?.start ?? -1);
    for (const start of cutAt) expect(asked.some((a) => a >= start && a < start + 40_000)).toBe(false);
    expect(asked.length).toBeGreaterThan(0);
  });

  it('that always sends fewer bytes than asked for is given up on after a bounded number of tries', async () => {
    const { share, socks, dest } = await setUp(files);
    share.behaviour = async (hit) => {
      if (hit.file.path !== 'docs/a.bin') return false;
      const start = hit.range?.start ?? 0;
      const end = hit.range?.end ?? hit.data.length - 1;
      hit.res.writeHead(206, { ETag: hit.file.etag, 'Content-Range': `bytes ${start}-${end}/${hit.data.length}`, 'Content-Length': end - start + 1 });
      hit.res.write(hit.data.subarray(start, start + 100));
      await new Promise((r) => setTimeout(r, 10));
      hit.res.destroy();
      return true;
    };
    const { result } = await download(socks, dest, { streams: 2 });
    expect(result).toMatchObject({ kind: 'failed', resumable: true, problem: { kind: 'get-gave-up', name: 'docs/a.bin', attempts: 5, last: 'cut-off' } });
    expect(listing(dest).filter((n) => n.endsWith('a.bin'))).toEqual([]);
  });

  it('whose bytes do not have the manifest\'s SHA-256 gets no file renamed into place, and no part left', async () => {
    const { share, socks, dest, outside } = await setUp(files);
    const evil = Buffer.from(files[0]!.data);
    evil[1234] = (evil[1234] as number) ^ 0xff;
    share.serve('/files/docs/a.bin', evil);
    const { result } = await download(socks, dest);
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-verify', name: 'docs/a.bin', method: 'sha256' } });
    expect(listing(dest).filter((n) => n.includes('a.bin'))).toEqual([]);
    expectNothingOutside(outside);
  });

  it('that sends endlessly slowly is given up on as stalled', async () => {
    const { share, socks, dest } = await setUp(files);
    share.behaviour = async (hit) => {
      if (hit.file.path !== 'docs/a.bin') return false;
      await hit.send({ chunk: 10, delayMs: 100 });
      return true;
    };
    const { result } = await download(socks, dest, { streams: 2 });
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-gave-up', name: 'docs/a.bin', last: 'stalled' } });
  });

  it('whose file changes during the download (another ETag) ends it, with nothing renamed into place', async () => {
    const { share, socks, dest } = await setUp(files);
    share.pace = { chunk: 16 * 1024, delayMs: 5 };
    let served = 0;
    share.behaviour = async (hit) => {
      if (hit.file.path !== 'docs/a.bin') return false;
      if (++served === 2) {
        // The file was edited on the sharer's side: new ETag, new bytes; If-Range no longer matches.
        share.manifest.files![0]!.etag = '"edited"';
        share.serve('/files/docs/a.bin', randomBytes(300_000));
      }
      return false;
    };
    const { result } = await download(socks, dest, { streams: 4 });
    expect(result).toMatchObject({ kind: 'failed', resumable: false, problem: { kind: 'get-share-changed', name: 'docs/a.bin' } });
    expect(listing(dest).filter((n) => n.endsWith('a.bin'))).toEqual([]);
  });

  it('that refuses a private share\'s key over SOCKS says the key is missing', async () => {
    const { socks, dest } = await setUp(files);
    socks.replyCode = 0xf4;
    const { result } = await download(socks, dest);
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-onion', reason: 'needs-key' } });
    socks.replyCode = 0xf0;
    const offline = await download(socks, dest);
    expect(offline.result).toMatchObject({ kind: 'failed', problem: { kind: 'get-onion', reason: 'offline' } });
  });
});

describe('stalls and slow lanes', () => {
  it('a lane that slows down has the rest of its range taken over by the others', async () => {
    const big: FakeFile[] = [{ path: 'big.bin', data: randomBytes(2 * 1024 * 1024) }];
    const { share, socks, dest } = await setUp(big);
    share.behaviour = async (hit) => {
      // The first piece crawls (but never stalls); the other pieces come fast.
      if (hit.range?.start !== 0) return false;
      await hit.send({ chunk: 4 * 1024, delayMs: 20 });
      return true;
    };
    const { result } = await download(socks, dest, { streams: 4 });
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(tree(dest)).toEqual({ 'big.bin': digest(big[0]!.data) });
    // Someone asked for a range starting inside the first piece: it was split.
    const firstPieceEnd = 512 * 1024;
    expect(share.served.some((s) => s.range !== null && s.range.start > 0 && s.range.start < firstPieceEnd)).toBe(true);
  });
});

describe('the destination', () => {
  it('keeps a file of the user\'s that has a part file\'s name', async () => {
    const { socks, dest } = await setUp([{ path: 'report.pdf', data: randomBytes(1000) }]);
    writeFileSync(join(dest, 'report.pdf.oniondrop-part'), 'mine');
    const { result } = await download(socks, dest);
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(tree(dest)).toMatchObject({ 'report.pdf.oniondrop-part': digest(Buffer.from('mine')) });
    expect(Object.keys(tree(dest)).sort()).toEqual(['report.pdf', 'report.pdf.oniondrop-part']);
  });
});
