// The service's tabs (plain Node): what the window may ask of them, with
// real files on disk and no tor (nothing here starts one).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent, ShareView } from '../../../electron/contract';
import { loadAppContext } from '../../../electron/core/app-context';
import { OptionsPatchError } from '../../../electron/core/options-patch';
import { createTorLink } from '../../../electron/core/tor/link';
import { ServiceError, Shares } from '../../../electron/service/shares';

let base: string;
let events: ApiEvent[];
let shares: Shares;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'oniondrop-shares-'));
  mkdirSync(join(base, 'home'));
  events = [];
  const app = loadAppContext({ root: join(base, 'root'), env: {}, home: join(base, 'home') });
  const link = createTorLink({ detect: { config: {}, env: {}, root: join(base, 'root') }, platform: { whonix: null, markers: [] }, ownTor: null });
  shares = new Shares({
    app: () => app,
    link: () => link,
    emit: (e) => void events.push(e),
    problemOf: (e) => ({ kind: 'internal', message: String(e) }),
    notify: () => undefined,
  });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const lastView = (): ShareView => {
  const e = events.filter((x) => x.event === 'share').at(-1);
  if (e?.event !== 'share') throw new Error('no share event');
  return e.payload;
};

describe('the shares of the window', () => {
  it('refuse a mode or a share id that does not exist', () => {
    expect(() => shares.create('ftp')).toThrow(ServiceError);
    expect(() => shares.get('no-such-id')).toThrow(ServiceError);
    expect(() => shares.get(42)).toThrow(ServiceError);
  });

  it('add real paths with their sizes, never twice, and say which could not be added and why', async () => {
    writeFileSync(join(base, 'a.txt'), 'hello');
    mkdirSync(join(base, 'folder'));
    writeFileSync(join(base, 'folder', 'b.bin'), Buffer.alloc(1000));
    const share = shares.get(shares.create('share').id);
    const result = await shares.addPaths(share, [join(base, 'a.txt'), join(base, 'folder'), join(base, 'missing'), join(base, 'a.txt')]);
    expect(result.added.map((i) => [i.name, i.kind, i.size, i.files])).toEqual([
      ['a.txt', 'file', 5, 1],
      ['folder', 'folder', 1000, 1],
    ]);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]?.problem.kind).toBe('path-rejected');
    // The window never sees where a shared file lives.
    expect(JSON.stringify(lastView())).not.toContain(join(base, 'a.txt'));
    expect(JSON.stringify(lastView())).not.toContain(join(base, 'folder'));
    await expect(shares.addPaths(share, 'not a list')).rejects.toThrow(ServiceError);
  });

  it('check option changes as the CLI flags are checked', () => {
    const share = shares.get(shares.create('share').id);
    expect(() => shares.setOptions(share, { autoStopSeconds: -5 })).toThrow(OptionsPatchError);
    shares.setOptions(share, { autoStopSeconds: 60, title: 'Holiday' });
    expect(lastView().options).toMatchObject({ autoStopSeconds: 60, title: 'Holiday' });
  });

  it('a share with nothing in it does not start, and says so', async () => {
    const share = shares.get(shares.create('share').id);
    await shares.start(share);
    expect(lastView()).toMatchObject({ state: 'idle', problem: { kind: 'nothing-to-share' } });
    expect(shares.anyRunning()).toBe(false);
  });

  it('closing a tab forgets it and tells the window', async () => {
    const { id } = shares.create('receive');
    await shares.close(id);
    expect(events.at(-1)).toEqual({ event: 'shareClosed', payload: { id } });
    expect(shares.views()).toEqual([]);
  });

  it('list what a folder leaves out, relative to the folder, with the reason, and never the outside path a link points to', async () => {
    const secret = join(base, 'outside-secret.txt');
    writeFileSync(secret, 'not chosen');
    const project = join(base, 'Project');
    mkdirSync(join(project, 'sub'), { recursive: true });
    writeFileSync(join(project, 'ok.txt'), 'shared');
    symlinkSync(secret, join(project, 'sub', 'link-out'));
    symlinkSync(join(project, 'nowhere'), join(project, 'dangling'));
    symlinkSync(join(project, 'sub'), join(project, 'link-to-sub'));
    execFileSync('mkfifo', [join(project, 'pipe')]);
    const share = shares.get(shares.create('share').id);
    const result = await shares.addPaths(share, [project]);
    const item = result.added[0]!;
    expect(item.files).toBe(1);
    const expected = [
      { path: 'Project/dangling', reason: 'symlink-dangling' },
      { path: 'Project/link-to-sub', reason: 'symlink-to-directory' },
      { path: 'Project/pipe', reason: 'special-file' },
      { path: 'Project/sub/link-out', reason: 'symlink-outside' },
    ];
    expect(result.skipped).toEqual([{ itemId: item.id, files: expected, total: 4 }]);
    expect(lastView().skipped).toEqual(result.skipped);
    const words = JSON.stringify(lastView());
    expect(words).not.toContain(project);
    expect(words).not.toContain('outside-secret');
    // Removing the folder takes its list with it.
    shares.removeItem(share, item.id);
    expect(lastView().skipped).toEqual([]);
  });

  it('list at most a hundred per folder but count them all, and escape control characters in names', async () => {
    const many = join(base, 'many');
    mkdirSync(many);
    for (let i = 0; i < 130; i++) symlinkSync('/nowhere', join(many, `gone-${String(i).padStart(3, '0')}`));
    writeFileSync(join(many, 'line\nbreak'), 'x');
    const share = shares.get(shares.create('share').id);
    const [group] = (await shares.addPaths(share, [many])).skipped;
    expect(group?.total).toBe(131);
    expect(group?.files).toHaveLength(100);
    // Names are checked before the walk visits them, so the unsafe one comes first.
    expect(group?.files[0]).toEqual({ path: 'many/line\\x0abreak', reason: 'unsafe-name' });
    expect(group?.files.every((f) => !/[\n\r]/.test(f.path))).toBe(true);
  });
});
