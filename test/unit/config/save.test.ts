// Unit tests (plain Node): saving window settings to the user folder's 90_gui.conf.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigSaveError,
  guiConfigFile,
  removeUserSetting,
  saveUserSetting,
  saveUserSettings,
  type Config,
} from '../../../electron/core/config';
import { fakeTree, SYSTEM_DIR } from './fake-tree';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('saveUserSetting', () => {
  it('creates the user folder and a 0600 file that the loader reads back', () => {
    const tree = fakeTree();
    const where = { env: {}, home: tree.home };
    const file = saveUserSetting(where, 'server.port_range', { first: 17620, last: 17629 });
    expect(file).toBe(join(tree.userDir, '90_gui.conf'));
    expect(guiConfigFile(where)).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.values['server.port_range']).toEqual({ first: 17620, last: 17629 });
    // A header, then the comment naming who saved it, then the line.
    expect(config.origins['server.port_range']).toEqual({ kind: 'file', file, line: 7 });
    expect(readFileSync(file, 'utf8')).toContain('# Saved by the OnionDrop window: window\nserver.port_range = 17620-17629\n');
  });

  it('round-trips a non-default value of every option', () => {
    const tree = fakeTree();
    const where = { env: {}, home: tree.home };
    const chosen: Config = {
      'server.listen_address': '::1',
      'server.port_range': { first: 17601, last: 17601 },
      'tor.control_socket': join(tree.home, 'tor sockets/control'),
      'tor.control_host': '10.152.152.10',
      'tor.control_port': 9051,
      'tor.control_password': 'pa"ss #word\\',
      'tor.cookie_file': '/run/tor/control.authcookie',
      'tor.socks_socket': '/run/tor/socks',
      'tor.socks_host': 'gateway.local',
      'tor.socks_port': 9050,
      'tor.connection': 'own',
      'tor.start_own': false,
      'tor.executable': '/usr/local/bin/tor',
      'tor.bridges': 'custom',
      'tor.bridge_lines': '# from bridges.torproject.org\n192.0.2.7:443 4352E58420E68F5E40BF7C74FADDCCD9D1349413\n\nobfs4 [2001:db8::7]:80 4352E58420E68F5E40BF7C74FADDCCD9D1349413 cert=' + 'A'.repeat(70) + ' iat-mode=1',
      'tor.publish_timeout': 5,
      'app.language': 'en',
      'ui.tor_settings': 'show',
      'ui.zoom': 125,
      'share.default_mode': 'website',
      'share.public': true,
      'share.stop_after_first_download': false,
      'share.compress': true,
      'share.title': "  Alice's # files  ",
      'share.auto_stop': 3600,
      'receive.folder': '/srv/inbox',
      'receive.max_file_size': 1.5 * 1024 ** 3,
      'receive.max_total_size': 12345,
      'receive.max_files': 7,
      'receive.min_free_space': 0,
      'receive.max_message_length': 1,
      'receive.disable_text': true,
      'receive.disable_files': true,
      'chat.history': true,
      'website.csp': null,
      'website.directory_listing': false,
      'website.serve_dotfiles': true,
    };
    for (const key of Object.keys(chosen) as Array<keyof Config>) {
      saveUserSetting(where, key, chosen[key]);
    }
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.values).toEqual(chosen);
  });

  it('replaces the line of the key, drops duplicates and keeps every other line', () => {
    const tree = fakeTree();
    const file = tree.writeReal(
      join(tree.userDir, '90_gui.conf'),
      '# my notes\nshare.public = yes   # I want this\n\nshare.title = Old\nshare.public = no\n%include extra.d\n',
    );
    saveUserSetting({ env: {}, home: tree.home }, 'share.title', 'New title', 'settings');
    expect(readFileSync(file, 'utf8')).toBe(
      '# my notes\nshare.public = yes   # I want this\n\n# Saved by the OnionDrop window: Settings view\nshare.title = New title\nshare.public = no\n%include extra.d\n',
    );
    saveUserSetting({ env: {}, home: tree.home }, 'share.public', true, 'settings');
    expect(readFileSync(file, 'utf8')).toBe(
      '# my notes\n# Saved by the OnionDrop window: Settings view\nshare.public = true\n\n# Saved by the OnionDrop window: Settings view\nshare.title = New title\n%include extra.d\n',
    );
    // Saved again from elsewhere: the comment says so, and is not repeated.
    saveUserSetting({ env: {}, home: tree.home }, 'share.title', 'Newer', 'tor-dialog');
    expect(readFileSync(file, 'utf8')).toBe(
      '# my notes\n# Saved by the OnionDrop window: Settings view\nshare.public = true\n\n# Saved by the OnionDrop window: Tor settings dialog\nshare.title = Newer\n%include extra.d\n',
    );
  });

  it('removes a setting so the lower layers apply again', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/30_whonix.conf`, 'share.title = From Whonix\n');
    const where = { env: {}, home: tree.home };
    saveUserSetting(where, 'share.title', 'Mine');
    expect(tree.load().values['share.title']).toBe('Mine');
    removeUserSetting(where, 'share.title');
    expect(tree.load().values['share.title']).toBe('From Whonix');
    expect(readFileSync(guiConfigFile(where), 'utf8')).not.toContain('share.title');
    // Its comment went with it.
    expect(readFileSync(guiConfigFile(where), 'utf8')).not.toContain('# Saved by');
  });

  it('writes to $XDG_CONFIG_HOME when it is absolute', () => {
    const tree = fakeTree();
    const xdg = join(tree.root, 'xdg');
    const file = saveUserSetting({ env: { XDG_CONFIG_HOME: xdg }, home: tree.home }, 'share.compress', true);
    expect(file).toBe(join(xdg, 'oniondrop/oniondrop.d/90_gui.conf'));
  });

  it('leaves no temporary file behind', () => {
    const tree = fakeTree();
    const where = { env: {}, home: tree.home };
    saveUserSetting(where, 'share.public', true);
    saveUserSetting(where, 'share.public', false);
    expect(readdirSync(tree.userDir)).toEqual(['90_gui.conf']);
  });

  it('refuses a value the loader would refuse, with a typed error, and writes nothing', () => {
    const tree = fakeTree();
    const where = { env: {}, home: tree.home };
    const caught = thrownBy(() => saveUserSetting(where, 'server.port_range', { first: 17659, last: 17600 }));
    expect(caught).toBeInstanceOf(ConfigSaveError);
    expect(caught).toMatchObject({ kind: 'config-save', code: 'invalid-value', key: 'server.port_range' });
    expect(() => statSync(guiConfigFile(where))).toThrow();
  });

  it('reports an unwritable location as a typed error (a file where the folder should be)', () => {
    const tree = fakeTree();
    tree.writeReal(join(tree.home, '.config'), 'a file, not a folder\n');
    const caught = thrownBy(() => saveUserSetting({ env: {}, home: tree.home }, 'share.public', true));
    expect(caught).toBeInstanceOf(ConfigSaveError);
    expect(caught).toMatchObject({ code: 'io', key: 'share.public', reason: 'a part of the path is not a folder' });
  });

  it('writes several settings in one go, and none when one is refused; never in the system folders', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/00_site.conf`, 'share.public = true\n');
    const where = { env: {}, home: tree.home };
    const file = saveUserSettings(where, [{ key: 'share.title', value: 'A' }, { key: 'share.compress', value: true }], 'settings');
    expect(tree.load().values).toMatchObject({ 'share.title': 'A', 'share.compress': true });
    const before = readFileSync(file, 'utf8');
    expect(thrownBy(() => saveUserSettings(where, [{ key: 'share.title', value: 'B' }, { key: 'receive.max_message_length', value: 0 }], 'settings'))).toMatchObject({
      code: 'invalid-value',
      key: 'receive.max_message_length',
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readFileSync(tree.real(`${SYSTEM_DIR}/00_site.conf`), 'utf8')).toBe('share.public = true\n');
  });
});
