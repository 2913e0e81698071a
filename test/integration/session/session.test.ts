// A share's whole life as a user sees it: real tor (networkless), real HTTP
// downloads, the onion removed on stop; a filtered ADD_ONION becomes a clear
// problem (plain Node).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startTor, stopAllTors, type TorHandle } from '../../helpers/tor-process';
import { onionIsLive } from '../../helpers/onion-live';
import { startFakeController } from '../../fixtures/fake-controller/fake-controller';
import { Session, type SessionEvent } from '../../../electron/core/session';
import { shareModeServer } from '../../../electron/core/modes/share-mode';
import { buildCatalog } from '../../../electron/core/share';
import { createTorLink } from '../../../electron/core/tor/link';
import type { TorLink } from '../../../electron/core/tor/link-types';
import { fileKeyStore } from '../../../electron/core/key-store';
import { generateOnionKey } from '../../../electron/core/tor/onion-keys';
import type { ShareOptions } from '../../../electron/contract';
import type { Platform } from '../../../electron/core/platform';
import { shareOptions } from '../../helpers/share-options';

const platform: Platform = { whonix: null, markers: [], qubes: false, tails: false };
const dirs: string[] = [];
const links: TorLink[] = [];
let tor: TorHandle;

beforeAll(async () => {
  tor = await startTor();
});
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
});
afterAll(async () => {
  await stopAllTors();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'oniondrop-session-'));
  dirs.push(d);
  return d;
}

function linkTo(control: { path: string }): TorLink {
  const link = createTorLink({
    detect: { env: { TOR_CONTROL_IPC_PATH: control.path }, root: tempDir() },
    platform,
    ownTor: null,
    // Networkless tor never uploads a descriptor: don't wait long for it.
    publishTimeoutMs: 500,
  });
  links.push(link);
  return link;
}

async function session(paths: string[], opts: ShareOptions, link: TorLink | null): Promise<{ s: Session; events: SessionEvent[] }> {
  const catalog = await buildCatalog(paths);
  const s = new Session({
    label: 'test',
    options: opts,
    startServer: shareModeServer(catalog, opts),
    link,
    platform,
    listenHost: '127.0.0.1',
    portRange: { first: 17600, last: 17659 },
    keys: fileKeyStore(tempDir()),
  });
  const events: SessionEvent[] = [];
  s.on((e) => events.push(e));
  return { s, events };
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}


const states = (events: SessionEvent[]): string[] =>
  events.filter((e): e is Extract<SessionEvent, { type: 'state' }> => e.type === 'state').map((e) => e.step ?? e.state);

describe('a share session over a real tor', () => {
  it('private share: steps in order, address and key shown, first download stops it and removes the onion', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.pdf');
    writeFileSync(file, Buffer.alloc(200_000, 7));
    const { s, events } = await session([file], shareOptions(), linkTo({ path: tor.controlSocketPath! }));
    await s.start();
    expect(s.state).toBe('ready');
    expect(states(events)).toEqual(['connecting-tor', 'starting-server', 'adding-onion', 'publishing', 'ready']);
    expect(s.onionInfo?.address).toMatch(/^[a-z2-7]{56}\.onion$/);
    expect(s.onionInfo?.privateKey).toMatch(/^[A-Z2-7]{52}$/);
    // Networkless tor: the descriptor is never uploaded, and the user is told so.
    expect(s.onionInfo?.published).toBe('unknown');
    // ... and the warning says why in tor's own terms, not "a filter hides it".
    expect(s.warnings).toContainEqual(expect.objectContaining({ kind: 'tor-bootstrap', whonix: false }));
    expect(s.warnings.some((w) => w.kind === 'publish-unknown')).toBe(false);

    const key = (s as unknown as { onion: { key: { blob: string } } }).onion.key.blob;
    expect(await onionIsLive(tor, key)).toBe(true);
    const res = await get(`${s.localUrl}/download/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(200_000);
    await new Promise<void>((r) => s.on((e) => e.type === 'state' && e.state === 'stopped' && r()));
    expect(s.state).toBe('stopped');
    expect(await onionIsLive(tor, key)).toBe(false);
    const done = s.transfers.list();
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ state: 'finished', bytes: 200_000, total: 200_000, name: 'report.pdf' });
  });

  it('a persistent share keeps its address across restarts; stop removes it', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'hello');
    const keysDir = tempDir();
    const run = async (): Promise<string> => {
      const catalog = await buildCatalog([file]);
      const opts = shareOptions({ persistentName: 'weekly', stopAfterFirstDownload: false });
      const s = new Session({
        label: 'p',
        options: opts,
        startServer: shareModeServer(catalog, opts),
        link: linkTo({ path: tor.controlSocketPath! }),
        platform,
        listenHost: '127.0.0.1',
        portRange: { first: 17600, last: 17659 },
        keys: fileKeyStore(keysDir),
      });
      await s.start();
      expect(s.state).toBe('ready');
      const address = s.onionInfo!.address;
      await s.stop();
      return address;
    };
    const first = await run();
    const second = await run();
    expect(second).toBe(first);
    // The stored key is private to the user.
    const { statSync } = await import('node:fs');
    expect(statSync(join(keysDir, 'persistent', 'weekly.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(keysDir, 'persistent')).mode & 0o777).toBe(0o700);
  });

  it('auto-stop: new downloads refused at the deadline, the running one finishes, then the share stops', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'pics'));
    writeFileSync(join(dir, 'pics', '1.jpg'), Buffer.alloc(8 * 1024 * 1024, 1));
    writeFileSync(join(dir, 'pics', '2.jpg'), Buffer.alloc(1024, 2));
    const { s } = await session([join(dir, 'pics')], shareOptions({ stopAfterFirstDownload: false, autoStopSeconds: 1 }), null);
    await s.start();
    expect(s.state).toBe('ready');
    // A slow reader: take the response but read it only after the deadline.
    const slow = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
      request(`${s.localUrl}/download/pics.zip`, (res) => {
        res.pause();
        resolve(res);
      })
        .on('error', reject)
        .end(),
    );
    await new Promise((r) => setTimeout(r, 1300));
    const late = await get(`${s.localUrl}/download/pics.zip`);
    expect(late.status).toBe(503);
    expect(s.state).toBe('ready');
    let got = 0;
    slow.on('data', (c: Buffer) => (got += c.length));
    slow.resume();
    await new Promise((r) => slow.on('end', r));
    expect(got).toBeGreaterThan(8 * 1024 * 1024);
    await new Promise<void>((r) => (s.state === 'stopped' ? r() : s.on((e) => e.type === 'state' && e.state === 'stopped' && r())));
  });
});

describe('when the filter refuses ADD_ONION', () => {
  it('the share fails with a problem naming the command, and nothing is left listening', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'x');
    const fake = await startFakeController({
      listen: { path: join(dir, 'control') },
      script: { faults: [{ match: 'ADD_ONION', action: { kind: 'filter' } }] },
    });
    try {
      const { s } = await session([file], shareOptions(), linkTo({ path: join(dir, 'control') }));
      await s.start();
      expect(s.state).toBe('failed');
      expect(s.problem).toEqual({ kind: 'filtered', command: 'ADD_ONION', whonix: false, stockProfileAllows: true, required: true, step: 'start' });
      const url = s.localUrl!;
      await expect(get(url)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await fake.close();
    }
  });

  it.each([
    ['not JSON', '{ not json'],
    ['a key with a wrong address', JSON.stringify({ version: 1, onionKey: Buffer.alloc(64, 1).toString('base64'), serviceId: 'a'.repeat(56), clientAuthPrivateKey: null })],
    // A real address, but another key's: announcing it ahead would hand out an address tor will not serve.
    ['a key with another key\'s address', JSON.stringify({ version: 1, onionKey: generateOnionKey().key.blob, serviceId: generateOnionKey().serviceId, clientAuthPrivateKey: null })],
  ])('a persistent share whose key file is damaged (%s) fails with that problem; start() itself never rejects', async (_what, content) => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'persistent'), { recursive: true });
    writeFileSync(join(dataDir, 'persistent', 'trip.json'), content);
    const file = join(tempDir(), 'a.txt');
    writeFileSync(file, 'a');
    const opts = shareOptions({ public: true, persistentName: 'trip' });
    const s = new Session({
      label: 'test',
      options: opts,
      startServer: shareModeServer(await buildCatalog([file]), opts),
      link: null,
      platform,
      listenHost: '127.0.0.1',
      portRange: { first: 17600, last: 17659 },
      keys: fileKeyStore(dataDir),
    });
    await expect(s.start()).resolves.toBeUndefined();
    expect(s.state).toBe('failed');
    // Named, and why, in words (it once read "Something went wrong inside OnionDrop").
    expect(s.problem).toEqual({ kind: 'saved-address', name: 'trip', reason: 'damaged' });
    expect(s.localUrl).toBeNull();
  });
});
