// The Get tabs' service part against a share server over real sockets (through a SOCKS server as tor's): look-up, pause/resume/cancel, problems, nothing outside the folder (plain Node).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent, GetView } from '../../../electron/contract';
import { Gets } from '../../../electron/service/gets';
import { tempDir, until } from '../../helpers/local';
import { FakeShare, fakeOnion, manifestOf, startSocksRecorder, type FakeFile, type SocksRecorder } from '../../integration/get/fake-share';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const files: FakeFile[] = [
  { path: 'album/big.bin', data: randomBytes(1024 * 1024 + 3) },
  { path: 'notes.txt', data: Buffer.from('hello\n') },
];

async function setUp(served = files, manifest = manifestOf(served)) {
  const share = await new FakeShare(served, manifest).start();
  const socks: SocksRecorder = await startSocksRecorder(() => share.port);
  const tmp = tempDir('gets');
  const folder = join(tmp.path, 'Downloads');
  mkdirSync(folder);
  const events: ApiEvent[] = [];
  const shown: string[] = [];
  const gets = new Gets({
    app: () => {
      throw new Error('not used: the route is given');
    },
    link: () => {
      throw new Error('not used: the route is given');
    },
    emit: (e) => void events.push(e),
    problemOf: (e) => ({ kind: 'internal', message: String(e) }),
    pickFolder: async () => folder,
    showItemInFolder: (p) => void shown.push(p),
    route: async () => ({ route: { kind: 'tor', socks: socks.endpoint }, control: null, whonix: false }),
  });
  cleanups.push(
    () => share.close(),
    () => socks.close(),
    () => tmp.remove(),
    () => gets.stopAll(),
  );
  const onion = fakeOnion();
  const view = (id: string): GetView => gets.views().find((v) => v.id === id) as GetView;
  return { share, gets, folder, root: tmp.path, events, shown, onion, view };
}

describe('Get tabs (service)', () => {
  it('lists names and sizes before anything is fetched, downloads verified into the chosen folder, and shows it', async () => {
    const { share, gets, folder, shown, onion, view } = await setUp();
    const { id } = gets.create();
    const tab = gets.get(id);
    await gets.lookUp(tab, `Address: http://${onion.host}/`, '');
    expect(view(id).phase).toBe('listed');
    expect(view(id).files.map((f) => [f.path, f.size])).toEqual(files.map((f) => [f.path, f.data.length]));
    expect(view(id).totals?.totalBytes).toBe(files[0]!.data.length + files[1]!.data.length);
    expect(share.bytesServed).toBe(0);
    await gets.pickFolder(tab);
    await gets.start(tab, false);
    await until(() => view(id).phase === 'complete');
    expect(readFileSync(join(folder, 'album', 'big.bin')).equals(files[0]!.data)).toBe(true);
    expect(view(id).files.every((f) => f.verification?.method === 'sha256')).toBe(true);
    gets.showInFolder(tab);
    expect(shown).toEqual([join(folder, 'album')]);
  });

  it('pauses (no more bytes), resumes to a complete download, and cancel removes what it wrote', async () => {
    const { share, gets, folder, onion, view } = await setUp();
    share.pace = { chunk: 16 * 1024, delayMs: 20 };
    const { id } = gets.create();
    const tab = gets.get(id);
    await gets.lookUp(tab, onion.host, '');
    await gets.pickFolder(tab);
    await gets.start(tab, false);
    await until(() => (view(id).totals?.doneBytes ?? 0) > 64 * 1024);
    gets.pause(tab);
    await until(() => view(id).phase === 'paused');
    // What was in flight when the requests were stopped settles; then nothing more comes.
    await new Promise((r) => setTimeout(r, 200));
    const served = share.bytesServed;
    await new Promise((r) => setTimeout(r, 300));
    expect(share.bytesServed).toBe(served);
    expect(view(id).totals?.doneBytes).toBeLessThan(files[0]!.data.length);
    gets.resume(tab);
    await until(() => view(id).phase === 'complete', 30_000);
    expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('hello\n');

    // A second download into another folder, cancelled half way: no part, no state, no folder it made stays (a file it finished does).
    const other = join(folder, '..', 'Other');
    mkdirSync(other);
    const second = gets.create();
    const tab2 = gets.get(second.id);
    await gets.lookUp(tab2, onion.host, '');
    (tab2.view as { folder: string | null }).folder = other;
    await gets.start(tab2, false);
    await until(() => (view(second.id).totals?.doneBytes ?? 0) > 32 * 1024);
    gets.cancel(tab2);
    await until(() => view(second.id).phase === 'cancelled');
    expect(readdirSync(other).filter((n) => n !== 'notes.txt')).toEqual([]);
    expect(view(second.id).files.find((f) => f.path === 'album/big.bin')?.savedAs).toBeNull();
  });

  it('puts wrong input, a missing share and a hostile list into Problems, and writes nothing outside the folder', async () => {
    const hostile = manifestOf(files);
    (hostile.files as NonNullable<typeof hostile.files>)[1]!.path = '../escape.txt';
    const { gets, folder, root, onion, view, share } = await setUp(files, hostile);
    const { id } = gets.create();
    const tab = gets.get(id);
    await gets.lookUp(tab, 'https://example.com/', '');
    expect(view(id).problem?.kind).toBe('get-address');
    await gets.lookUp(tab, onion.host, 'not a key');
    expect(view(id).problem).toEqual({ kind: 'get-client-key', reason: 'malformed' });
    await gets.lookUp(tab, onion.host, '');
    expect(view(id).problem?.kind).toBe('get-manifest');
    expect(view(id).phase).toBe('idle');
    share.manifestStatus = 404;
    await gets.lookUp(tab, onion.host, '');
    expect(view(id).problem).toMatchObject({ kind: 'get-manifest', reason: 'not-oniondrop' });
    await expect(gets.start(tab, false)).rejects.toThrow(/look the share up/);
    expect(readdirSync(root).sort()).toEqual(['Downloads']);
    expect(readdirSync(folder)).toEqual([]);
    expect(existsSync(join(root, 'escape.txt'))).toBe(false);
  });

  it('a folder that cannot be written to is a get-destination problem, and the tab can start again once it can', async () => {
    const { gets, folder, onion, view } = await setUp();
    writeFileSync(join(folder, 'file'), '');
    const { id } = gets.create();
    const tab = gets.get(id);
    await gets.lookUp(tab, onion.host, '');
    (tab.view as { folder: string | null }).folder = join(folder, 'file');
    await gets.start(tab, false);
    await until(() => view(id).phase === 'failed');
    expect(view(id).problem).toMatchObject({ kind: 'get-destination', reason: 'not-folder' });
    await gets.pickFolder(tab);
    await gets.start(tab, false);
    await until(() => view(id).phase === 'complete');
  });
});
