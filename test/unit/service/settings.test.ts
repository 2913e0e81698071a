// The Settings view's save (plain Node), over a real config tree in a temp folder: typed
// values with their origin, locks by later files and the environment, every refusal typed,
// one atomic write to the user's 90_gui.conf, and new tabs using the saved values at once.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent, SaveSettingsResult } from '../../../electron/contract';
import { loadAppContext } from '../../../electron/core/app-context';
import { specOf } from '../../../electron/core/config';
import { createService, type Service } from '../../../electron/service';
import { EDITABLE, EDITABLE_KEYS, saveSettings, userSettingsOf } from '../../../electron/service/settings';
import { fakeTree, SYSTEM_DIR, type FakeTree } from '../config/fake-tree';

const services: Service[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.shutdown()));
});

function serviceOver(tree: FakeTree, env: Record<string, string> = {}): { service: Service; events: ApiEvent[] } {
  const service = createService({
    root: tree.root,
    home: tree.home,
    env: { ONIONDROP_TOR_START_OWN: 'false', ...env },
    dialogs: { pickFiles: async () => [], pickFolder: async () => '/srv/chosen' },
    notify: () => undefined,
    showItemInFolder: () => undefined,
  });
  services.push(service);
  const events: ApiEvent[] = [];
  service.onEvent((e) => void events.push(e));
  return { service, events };
}

const app = (tree: FakeTree, env: Record<string, string> = {}) => loadAppContext({ root: tree.root, env, home: tree.home });
const gui = (tree: FakeTree): string => join(tree.userDir, '90_gui.conf');

function errorsOf(result: SaveSettingsResult) {
  if (result.ok) throw new Error('expected the save to be refused');
  return result.errors;
}

describe('the editable settings', () => {
  it('come typed, with where each value is set', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/30_site.conf`, '# site\nshare.public = yes\nreceive.max_file_size = 500M\nwebsite.csp =\n');
    const user = userSettingsOf(app(tree));
    expect(user['share.public']).toEqual({
      value: true,
      origin: { kind: 'file', file: tree.real(`${SYSTEM_DIR}/30_site.conf`).replace(tree.root, ''), line: 2 },
      lockedBy: null,
      savedHere: false,
    });
    expect(user['receive.max_file_size'].value).toBe(500 * 1024 * 1024);
    // An empty policy in a config file means "send none": null, not the display text.
    expect(user['website.csp'].value).toBeNull();
    expect(user['share.title']).toMatchObject({ value: '', origin: { kind: 'default' } });
    expect(user['receive.folder'].value).toBe(join(tree.home, 'OnionDrop/Received'));
  });

  it('are locked by a file read after the window file, or by the environment, and say by which; earlier files are not', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/90_late.conf`, 'share.title = From /etc\n');
    tree.write(`${SYSTEM_DIR}/included.conf`, 'receive.disable_text = true\n');
    tree.writeReal(join(tree.userDir, '50_user.conf'), 'share.compress = true\n');
    tree.writeReal(join(tree.userDir, '95_admin.conf'), '\nshare.public = true\n%include /etc/oniondrop.d/included.conf\n');
    const user = userSettingsOf(app(tree, { ONIONDROP_SHARE_AUTO_STOP: '600' }));
    expect(user['share.public'].lockedBy).toEqual({ kind: 'file', file: join(tree.userDir, '95_admin.conf'), line: 2 });
    // Included from a later file: read after the window file, wherever it lives.
    expect(user['receive.disable_text'].lockedBy).toMatchObject({ kind: 'file', line: 1 });
    expect(user['share.auto_stop']).toMatchObject({ value: 600, lockedBy: { kind: 'env', name: 'ONIONDROP_SHARE_AUTO_STOP' } });
    expect(user['share.compress'].lockedBy).toBeNull();
    expect(user['share.title'].lockedBy).toBeNull();
    expect(user['share.default_mode'].lockedBy).toBeNull();
    // The same once the window's own file exists.
    tree.writeReal(gui(tree), 'share.stop_after_first_download = false\n');
    const again = userSettingsOf(app(tree));
    expect(again['share.public'].lockedBy).toMatchObject({ kind: 'file', line: 2 });
    expect(again['share.stop_after_first_download']).toMatchObject({ value: false, savedHere: true, lockedBy: null });
  });

  it('have bounds that agree with the schema', () => {
    for (const key of EDITABLE_KEYS) {
      const expected = EDITABLE[key];
      const parse = (text: string) => specOf(key).type.parse(text, { home: '/home/u' }).ok;
      if (expected.type === 'integer') {
        expect([parse(String(expected.min)), parse(String(expected.max)), parse(String(expected.max + 1))], key).toEqual([true, true, false]);
        if (expected.min > 0) expect(parse(String(expected.min - 1)), key).toBe(false);
      }
      if (expected.type === 'choice') for (const v of expected.values) expect(parse(v), key).toBe(true);
      expect(specOf(key).type.name, key).toBe(
        { bool: 'bool', integer: 'integer', size: 'size', choice: 'enum', path: 'path', text: 'string' }[expected.type],
      );
    }
  });
});

describe('saving settings through the service', () => {
  it('writes the user file with a comment, never /etc, tells the window, and new tabs and a new service use the values', async () => {
    const tree = fakeTree();
    const site = tree.write(`${SYSTEM_DIR}/30_site.conf`, 'share.public = false\n');
    const { service, events } = serviceOver(tree);
    const result = await service.saveSettings({
      set: {
        'share.public': true,
        'share.stop_after_first_download': false,
        'share.auto_stop': 5400,
        'share.title': 'Newsroom',
        'receive.folder': '/srv/inbox',
        'receive.max_file_size': 2_000_000_000,
        'website.csp': null,
        'share.default_mode': 'receive',
      },
    });
    expect(result).toMatchObject({ ok: true, file: gui(tree) });
    const text = readFileSync(gui(tree), 'utf8');
    expect(text).toContain('# Saved by the OnionDrop window: Settings view\nshare.public = true\n');
    expect(text).toMatch(/\nwebsite\.csp = *\n/);
    expect(readFileSync(site, 'utf8')).toBe('share.public = false\n');
    expect(events.at(-1)).toMatchObject({ event: 'settings', payload: { user: { 'share.public': { value: true, savedHere: true } } } });

    const share = await service.newShare('share');
    expect(share.options).toMatchObject({
      public: true,
      stopAfterFirstDownload: false,
      autoStopSeconds: 5400,
      title: 'Newsroom',
      receive: { folder: '/srv/inbox', maxFileSize: 2_000_000_000 },
      website: { csp: null },
    });

    const { service: restarted } = serviceOver(tree);
    const user = (await restarted.getSnapshot()).settings.user;
    expect(user['share.default_mode'].value).toBe('receive');
    expect(user['website.csp'].value).toBeNull();
    expect(user['share.auto_stop']).toMatchObject({ value: 5400, origin: { kind: 'file', file: gui(tree) } });
  });

  it('refuses keys it may not write and values the schema refuses, each as a typed error, and writes nothing', async () => {
    const tree = fakeTree();
    const { service } = serviceOver(tree);
    const errors = errorsOf(
      await service.saveSettings({
        set: {
          'tor.control_port': 9051,
          'server.port_range': '1-2',
          __proto__x: 1,
          'share.public': 'yes',
          'share.title': 'two\nlines',
          'receive.max_message_length': 0,
          'receive.max_file_size': -1,
          'receive.max_total_size': 1.5,
          'receive.folder': 'relative/inbox',
          'share.default_mode': 'ftp',
          'share.auto_stop': 31_536_001,
          'share.compress': true,
        } as never,
      }),
    );
    expect(errors).toEqual([
      { key: 'tor.control_port', problem: 'not-editable' },
      { key: 'server.port_range', problem: 'not-editable' },
      { key: '__proto__x', problem: 'not-editable' },
      { key: 'share.public', problem: 'invalid', expected: { type: 'bool' } },
      { key: 'share.title', problem: 'invalid', expected: { type: 'text', max: 200, empty: true } },
      { key: 'receive.max_message_length', problem: 'invalid', expected: { type: 'integer', min: 1, max: 1_000_000 } },
      { key: 'receive.max_file_size', problem: 'invalid', expected: { type: 'size' } },
      { key: 'receive.max_total_size', problem: 'invalid', expected: { type: 'size' } },
      { key: 'receive.folder', problem: 'invalid', expected: { type: 'path' } },
      { key: 'share.default_mode', problem: 'invalid', expected: { type: 'choice', values: ['share', 'receive', 'website'] } },
      { key: 'share.auto_stop', problem: 'invalid', expected: { type: 'integer', min: 0, max: 31_536_000 } },
    ]);
    // share.compress was fine, but nothing is written when anything is refused.
    expect(existsSync(gui(tree))).toBe(false);
    expect(errorsOf(await service.saveSettings('everything' as never))).toEqual([{ key: 'changes', problem: 'not-editable' }]);
    expect(errorsOf(await service.saveSettings({ reset: ['tor.control_socket'] } as never))).toEqual([
      { key: 'tor.control_socket', problem: 'not-editable' },
    ]);
  });

  it('refuses a locked value with the origin that locks it', async () => {
    const tree = fakeTree();
    tree.writeReal(join(tree.userDir, '95_admin.conf'), 'share.public = false\n');
    const { service } = serviceOver(tree, { ONIONDROP_SHARE_COMPRESS: 'true' });
    const errors = errorsOf(await service.saveSettings({ set: { 'share.public': true, 'share.compress': false } }));
    expect(errors).toEqual([
      { key: 'share.public', problem: 'locked', lockedBy: { kind: 'file', file: join(tree.userDir, '95_admin.conf'), line: 1 } },
      { key: 'share.compress', problem: 'locked', lockedBy: { kind: 'env', name: 'ONIONDROP_SHARE_COMPRESS' } },
    ]);
    expect(existsSync(gui(tree))).toBe(false);
  });

  it('resets a saved value, so the earlier file applies again', async () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/30_site.conf`, 'share.title = Site title\n');
    const { service } = serviceOver(tree);
    await service.saveSettings({ set: { 'share.title': 'Mine' } });
    expect((await service.getSnapshot()).settings.user['share.title']).toMatchObject({ value: 'Mine', savedHere: true });
    const result = await service.saveSettings({ reset: ['share.title'] });
    expect(result.ok && result.settings.user['share.title']).toMatchObject({ value: 'Site title', savedHere: false });
    expect(readFileSync(gui(tree), 'utf8')).not.toContain('share.title');
  });

  it('reports a folder it cannot write as a typed error', () => {
    const tree = fakeTree();
    tree.writeReal(join(tree.home, '.config'), 'a file where the folder should be\n');
    const outcome = saveSettings(app(tree), { set: { 'share.public': true } });
    expect(outcome).toEqual({
      ok: false,
      errors: [{ key: 'share.public', problem: 'io', file: join(tree.home, '.config/oniondrop/oniondrop.d'), reason: 'a part of the path is not a folder' }],
    });
  });

  it('names the text size keys as the saver of ui.zoom, and refuses a saver it does not know', async () => {
    const tree = fakeTree();
    const { service } = serviceOver(tree);
    expect(await service.saveSettings({ set: { 'ui.zoom': 125 }, from: 'text-size' })).toMatchObject({ ok: true });
    expect(readFileSync(gui(tree), 'utf8')).toContain('# Saved by the OnionDrop window: text size keys (Ctrl+, Ctrl-, Ctrl+0)\nui.zoom = 125\n');
    expect(errorsOf(await service.saveSettings({ set: { 'ui.zoom': 110 }, from: 'cli' } as never))).toEqual([{ key: 'changes', problem: 'not-editable' }]);
    expect(errorsOf(await service.saveSettings({ set: { 'ui.zoom': 20 } }))).toEqual([
      { key: 'ui.zoom', problem: 'invalid', expected: { type: 'integer', min: 50, max: 300 } },
    ]);
  });

  it('chooseFolder answers with the folder the user picked', async () => {
    const { service } = serviceOver(fakeTree());
    expect(await service.chooseFolder()).toBe('/srv/chosen');
  });
});
