// What the window is told about settings and Tor (plain Node), from a real config tree.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAppContext } from '../../../electron/core/app-context';
import { settingsViewOf } from '../../../electron/service/settings-view';
import { statusLabel } from '../../../electron/service/tor-status';

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'oniondrop-views-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function machine(files: Record<string, string>) {
  const root = join(base, 'root');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return loadAppContext({ root, env: {}, home: join(base, 'home') });
}

const WORKSTATION = { 'usr/share/anon-ws-base-files/workstation': '' };

describe('the settings view', () => {
  it('hides the Tor dialog on Whonix unless a config file shows it, and shows it elsewhere', () => {
    expect(settingsViewOf(machine({})).torSettingsVisible).toBe(true);
    expect(settingsViewOf(machine(WORKSTATION)).torSettingsVisible).toBe(false);
    rmSync(join(base, 'root'), { recursive: true });
    expect(settingsViewOf(machine({ ...WORKSTATION, 'etc/oniondrop.d/50_user.conf': 'ui.tor_settings = show\n' })).torSettingsVisible).toBe(true);
  });

  it('says where each value came from and masks the control password', () => {
    const view = settingsViewOf(machine({ 'etc/oniondrop.d/30_x.conf': 'tor.control_password = hunter2\nshare.public = true\n' }));
    const row = (key: string) => view.settings.find((s) => s.key === key);
    expect(row('share.public')).toMatchObject({ value: 'true', origin: expect.stringContaining('30_x.conf:2') });
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(view.tor).toMatchObject({ auth: 'password', password: '' });
  });
});

describe('the Tor status line', () => {
  it('names the variable Whonix sets rather than an address', () => {
    expect(statusLabel({ kind: 'env', label: 'unix:/run/anon-ws-tor-control/control' })).toBe('TOR_CONTROL_IPC_PATH');
    expect(statusLabel({ kind: 'env', label: '10.152.152.10:9051' })).toBe('TOR_CONTROL_HOST/TOR_CONTROL_PORT');
    expect(statusLabel({ kind: 'system', label: '/run/tor/control' })).toBe('/run/tor/control');
  });
});
