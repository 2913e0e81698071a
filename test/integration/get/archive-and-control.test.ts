// The archive path (a real zip from the share's own writer, checked by its CRC-32s), pause/resume/cancel, and lending a private share's key to tor (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArchiveSource } from '../../../electron/core/archive';
import { buildManifest } from '../../../electron/core/manifest';
import { connectShare, CLIENT_AUTH_PROFILE_LINE, GetError, startDownload, type GetEvent } from '../../../electron/core/get';
import { buildCatalog } from '../../../electron/core/share/catalog';
import { base32Decode, generateClientAuthKeys } from '../../../electron/core/tor/onion-keys';
import { TorController } from '../../../electron/core/tor/controller';
import { startFakeController } from '../../fixtures/fake-controller/fake-controller';
import { run, tempDir, until } from '../../helpers/local';
import { FakeShare, manifestOf, type FakeFile } from './fake-share';
import { digest, download, FAST, listing, onion, socksFor, tree } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real folder shared as the share server would: its zip from createArchiveSource, only the archive offered. */
async function archiveShare(listingEnabled: boolean) {
  const tmp = tempDir('get-archive');
  cleanups.push(() => tmp.remove());
  const folder = join(tmp.path, 'Holiday');
  mkdirSync(join(folder, 'day 1'), { recursive: true });
  mkdirSync(join(folder, 'empty'));
  writeFileSync(join(folder, 'day 1', 'beach.jpg'), randomBytes(1_500_000));
  writeFileSync(join(folder, 'notes.txt'), 'hello');
  const catalog = await buildCatalog([folder]);
  const archive = createArchiveSource(catalog, { name: 'Holiday.zip', compress: false });
  const chunks: Buffer[] = [];
  for await (const c of await archive.stream(null)) chunks.push(Buffer.from(c));
  const zip = Buffer.concat(chunks);
  const manifest = buildManifest({ catalog, archive, title: 'Holiday', individualFiles: false, listing: listingEnabled, oneDownloadAtATime: false });
  const share = await new FakeShare([], manifest).start();
  share.serve(manifest.archive!.url, zip);
  const socks = await socksFor(share);
  const dest = join(tmp.path, 'downloads');
  mkdirSync(dest);
  cleanups.push(() => share.close(), () => socks.close());
  return { share, socks, dest, zip };
}

describe('only the archive offered', () => {
  it.each([true, false])('is fetched in parallel ranges and checked by the zip\'s own CRC-32s (listing %s)', async (listingEnabled) => {
    const { share, socks, dest, zip } = await archiveShare(listingEnabled);
    const { result } = await download(socks, dest, { streams: 4 });
    expect(result).toMatchObject({ kind: 'complete', files: [{ path: 'Holiday.zip', savedAs: 'Holiday.zip', verification: { method: 'crc32', entries: 5 } }] });
    expect(tree(dest)).toEqual({ 'Holiday.zip': digest(zip) });
    expect(share.served.filter((s) => s.range !== null).length).toBeGreaterThanOrEqual(2);
    const unzip = await run('unzip', ['-tq', join(dest, 'Holiday.zip')]);
    expect(unzip.code, unzip.stdout + unzip.stderr).toBe(0);
  });

  it('whose bytes do not match its CRC-32s is not renamed into place', async () => {
    const { share, socks, dest, zip } = await archiveShare(true);
    const evil = Buffer.from(zip);
    // A byte inside beach.jpg's data (after its local header).
    evil[200_000] = (evil[200_000] as number) ^ 0x01;
    share.serve(share.manifest.archive!.url, evil);
    const { result } = await download(socks, dest);
    expect(result).toMatchObject({ kind: 'failed', problem: { kind: 'get-verify', name: 'Holiday.zip', method: 'crc32' } });
    expect(readdirSync(dest).filter((n) => !n.startsWith('.'))).toEqual([]);
  });
});

describe('pause, resume, cancel', () => {
  const files: FakeFile[] = [{ path: 'pack/big.bin', data: randomBytes(4 * 1024 * 1024) }, { path: 'pack/small.txt', data: Buffer.from('small') }];

  async function started(onEvent: (e: GetEvent) => void) {
    const share = await new FakeShare(files).start();
    share.pace = { chunk: 16 * 1024, delayMs: 10 };
    const socks = await socksFor(share);
    const tmp = tempDir('get-pause');
    cleanups.push(() => share.close(), () => socks.close(), () => tmp.remove());
    const connection = await connectShare({ address: onion, route: { kind: 'tor', socks: socks.endpoint }, tuning: { attempts: 1 } });
    cleanups.push(() => connection.close());
    const download = startDownload(connection, { destination: tmp.path, streams: 2, tuning: FAST, onEvent });
    return { share, download, dest: tmp.path };
  }

  it('a paused download sends no requests and fetches nothing until resumed, then completes', async () => {
    let done = 0;
    const events: GetEvent[] = [];
    const { share, download, dest } = await started((e) => {
      events.push(e);
      if (e.type === 'progress') done = e.totals.doneBytes;
    });
    await until(() => done > 256 * 1024, 30_000);
    download.pause();
    await until(() => events.some((e) => e.type === 'paused'));
    // Whatever was in flight when the pause came has ended; from now on nothing moves.
    await new Promise((r) => setTimeout(r, 200));
    const served = share.served.length;
    const bytes = share.bytesServed;
    await new Promise((r) => setTimeout(r, 500));
    expect(share.served.length).toBe(served);
    expect(share.bytesServed).toBe(bytes);
    download.resume();
    const result = await download.done;
    expect(result.kind, JSON.stringify(result).slice(0, 300)).toBe('complete');
    expect(tree(dest)).toEqual(Object.fromEntries(files.map((f) => [f.path, digest(f.data)])));
  });

  it('cancel keeps a resumable state, and cancel with discard leaves nothing of the download', async () => {
    let done = 0;
    const kept = await started((e) => {
      if (e.type === 'progress') done = e.totals.doneBytes;
    });
    await until(() => done > 128 * 1024, 30_000);
    kept.download.cancel();
    expect(await kept.download.done).toMatchObject({ kind: 'cancelled', resumable: true });
    expect(listing(kept.dest).some((n) => n.endsWith('.oniondrop-part'))).toBe(true);
    expect(readdirSync(kept.dest).some((n) => n.endsWith('.state'))).toBe(true);

    done = 0;
    const discarded = await started((e) => {
      if (e.type === 'progress') done = e.totals.doneBytes;
    });
    // A file saved before the cancel stays (discard takes back only what is unfinished):
    // the small file's answer is held until after the cancel, so nothing is finished then.
    let release = (): void => undefined;
    const held = new Promise<void>((r) => (release = r));
    discarded.share.behaviour = async (hit) => {
      if (hit.file.path === 'pack/small.txt') await held;
      return false;
    };
    writeFileSync(join(discarded.dest, 'mine.txt'), 'mine');
    await until(() => done > 128 * 1024, 30_000);
    discarded.download.cancel({ discard: true });
    expect(await discarded.download.done).toMatchObject({ kind: 'cancelled', resumable: false });
    release();
    expect(listing(discarded.dest)).toEqual(['mine.txt']);
  });
});

describe('a private share\'s key', () => {
  async function controller(script: Parameters<typeof startFakeController>[0]['script']) {
    const tmp = tempDir('get-ctl');
    const fake = await startFakeController({ listen: { path: join(tmp.path, 'control') }, script });
    const control = await TorController.connectAndAuthenticate({ path: join(tmp.path, 'control') });
    cleanups.push(() => tmp.remove(), () => fake.close(), () => control.close());
    return { fake, control };
  }

  it('is lent to tor for the download and taken back after', async () => {
    const { fake, control } = await controller({
      faults: [
        { match: 'ONION_CLIENT_AUTH_ADD', action: { kind: 'reply', lines: ['250 OK'] } },
        { match: 'ONION_CLIENT_AUTH_REMOVE', action: { kind: 'reply', lines: ['250 OK'] } },
      ],
    });
    const share = await new FakeShare([{ path: 'a.txt', data: Buffer.from('a') }]).start();
    const socks = await socksFor(share);
    cleanups.push(() => share.close(), () => socks.close());
    const key = generateClientAuthKeys().privateKey;
    const connection = await connectShare({ address: onion, route: { kind: 'tor', socks: socks.endpoint }, clientKey: { key, control, whonix: false } });
    const lines = (): string[] => fake.lines().filter((l) => l.startsWith('ONION_CLIENT_AUTH'));
    expect(lines()).toEqual([`ONION_CLIENT_AUTH_ADD ${onion.serviceId} x25519:${base32Decode(key).toString('base64')}`]);
    expect(lines().join(' ')).not.toContain('Flags=Permanent');
    await connection.close();
    expect(lines().slice(1)).toEqual([`ONION_CLIENT_AUTH_REMOVE ${onion.serviceId}`]);
  });

  it('refused by a filter becomes a problem naming the command and the profile line that allows it', async () => {
    const { control } = await controller({ faults: [{ match: 'ONION_CLIENT_AUTH_ADD', action: { kind: 'filter' } }] });
    const attempt = connectShare({
      address: onion,
      route: { kind: 'tor', socks: { host: '127.0.0.1', port: 9 } },
      clientKey: { key: generateClientAuthKeys().privateKey, control, whonix: true },
    });
    await expect(attempt).rejects.toBeInstanceOf(GetError);
    const problem = await attempt.catch((e: GetError) => e.problem);
    expect(problem).toEqual({ kind: 'get-client-auth-filtered', command: 'ONION_CLIENT_AUTH_ADD', profileLine: CLIENT_AUTH_PROFILE_LINE, whonix: true });
  });

  it('is allowed by the line the problem names, in the project\'s own onion-grater profile', () => {
    const profile = readFileSync(join(__dirname, '../../../assets/onion-grater/40_oniondrop.yml'), 'utf8');
    const section = profile.slice(profile.indexOf('    ONION_CLIENT_AUTH_ADD:'));
    expect(section.slice(0, section.indexOf('ONION_CLIENT_AUTH_REMOVE')).split('\n').map((l) => l.trim())).toContain(CLIENT_AUTH_PROFILE_LINE);
  });
});

describe('manifest', () => {
  it('a share that has not hashed a file yet is asked again, and its later hash is checked', async () => {
    const files: FakeFile[] = [{ path: 'x/late.bin', data: randomBytes(100_000) }, { path: 'x/never.bin', data: randomBytes(1000) }];
    const manifest = manifestOf(files);
    const late = manifest.files![0]!.sha256;
    manifest.files![0]!.sha256 = null;
    manifest.files![1]!.sha256 = null;
    const share = await new FakeShare(files, manifest).start();
    const socks = await socksFor(share);
    const tmp = tempDir('get-late');
    cleanups.push(() => share.close(), () => socks.close(), () => tmp.remove());
    const { result, events } = await download(socks, tmp.path, {
      // Long enough for a busy machine to ask again; never.bin waits all of it.
      tuning: { hashWaitMs: 3_000 },
      onEvent: (e) => {
        // The sharer's hashing catches up with the first file while we wait.
        if (e.type === 'waiting-for-hash') manifest.files![0]!.sha256 = late;
      },
    });
    expect(events.some((e) => e.type === 'waiting-for-hash')).toBe(true);
    expect(result).toMatchObject({
      kind: 'complete',
      files: [
        { path: 'x/late.bin', verification: { method: 'sha256' } },
        { path: 'x/never.bin', verification: { method: 'none', sha256: digest(files[1]!.data) } },
      ],
    });
  });
});
