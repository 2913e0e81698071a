// The Tor settings dialog and the config (plain Node): what the dialog shows,
// what "Test connection" tests and what "Save" writes are one mapping, so a
// saved choice comes back as chosen and the test saw what the save wrote.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TorSettings } from '../../../electron/contract';
import { ConfigSaveError, guiConfigFile, loadConfig, type Config } from '../../../electron/core/config';
import { DIALOG_KEYS, torSettingsOf, valuesWithDialog } from '../../../electron/core/tor-settings';
import { saveTorSettings } from '../../../electron/service/tor-settings';

let base: string;
let where: { env: Record<string, string>; home: string };
const load = (): Config => loadConfig({ root: join(base, 'root'), env: where.env, home: where.home }).values;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'oniondrop-torsettings-'));
  where = { env: {}, home: join(base, 'home') };
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const NO_BRIDGES = { bridges: 'none', bridgeLines: '' } as const;
const OBFS4_LINE = `obfs4 192.0.2.7:443 4352E58420E68F5E40BF7C74FADDCCD9D1349413 cert=${'A'.repeat(70)} iat-mode=0`;
const CHOICES: TorSettings[] = [
  { mode: 'automatic', controlSocket: '', controlHost: '127.0.0.1', controlPort: 9051, auth: 'automatic', password: '', ...NO_BRIDGES },
  { mode: 'own', controlSocket: '', controlHost: '127.0.0.1', controlPort: 9051, auth: 'automatic', password: '', ...NO_BRIDGES },
  { mode: 'socket', controlSocket: '/run/tor/control', controlHost: '127.0.0.1', controlPort: 9051, auth: 'automatic', password: '', ...NO_BRIDGES },
  { mode: 'port', controlSocket: '', controlHost: '10.152.152.10', controlPort: 9052, auth: 'password', password: 's3cret', ...NO_BRIDGES },
  { mode: 'own', controlSocket: '', controlHost: '127.0.0.1', controlPort: 9051, auth: 'automatic', password: '', bridges: 'obfs4', bridgeLines: '' },
  { mode: 'own', controlSocket: '', controlHost: '127.0.0.1', controlPort: 9051, auth: 'automatic', password: '', bridges: 'snowflake', bridgeLines: '' },
  {
    mode: 'own',
    controlSocket: '',
    controlHost: '127.0.0.1',
    controlPort: 9051,
    auth: 'automatic',
    password: '',
    bridges: 'custom',
    // As pasted from a web page: CRLF line ends, a comment, a blank line.
    bridgeLines: `# from bridges.torproject.org\r\n${OBFS4_LINE}\r\n\r\n[2001:db8::7]:9001 4352E58420E68F5E40BF7C74FADDCCD9D1349413\r\n`,
  },
];

describe('the Tor settings dialog', () => {
  it.each(CHOICES.map((c) => [`${c.mode}, bridges ${c.bridges}`, c] as const))('a saved "%s" choice comes back as chosen', (_mode, choice) => {
    saveTorSettings(where, choice);
    const shown = torSettingsOf(load());
    expect(shown.mode).toBe(choice.mode);
    expect(shown.bridges).toBe(choice.bridges);
    if (choice.bridges === 'custom') expect(shown.bridgeLines.split('\n')).toEqual(choice.bridgeLines.split('\r\n').slice(0, 4));
    if (choice.mode === 'socket') expect(shown.controlSocket).toBe(choice.controlSocket);
    if (choice.mode === 'port') expect([shown.controlHost, shown.controlPort]).toEqual([choice.controlHost, choice.controlPort]);
    expect(shown.auth).toBe(choice.auth);
    // The window never gets the password back.
    expect(shown.password).toBe('');
  });

  it('"Test connection" tests exactly what "Save" then writes, from any earlier choice', () => {
    for (const before of CHOICES) {
      for (const after of CHOICES) {
        rmSync(join(base, 'home'), { recursive: true, force: true });
        saveTorSettings(where, before);
        const tested = valuesWithDialog(load(), after, where.home);
        saveTorSettings(where, after);
        const saved = load();
        for (const key of DIALOG_KEYS) expect([before.mode, after.mode, key, tested[key]]).toEqual([before.mode, after.mode, key, saved[key]]);
      }
    }
  });

  it('keeps the saved password when the dialog sends none, and drops it for automatic authentication', () => {
    saveTorSettings(where, CHOICES[3] as TorSettings);
    saveTorSettings(where, { ...(CHOICES[3] as TorSettings), password: '' });
    expect(load()['tor.control_password']).toBe('s3cret');
    saveTorSettings(where, { ...(CHOICES[3] as TorSettings), mode: 'automatic', auth: 'automatic' });
    expect(load()['tor.control_password']).toBeNull();
    // Switching away from a mode removes its lines instead of leaving stale ones behind.
    expect(readFileSync(guiConfigFile(where), 'utf8')).not.toMatch(/tor\.control_(host|port|password)/);
  });

  it('bridges mean our own tor: shown as "own" even when only tor.bridges is set, and dropped with another mode', () => {
    const custom = CHOICES[6] as TorSettings;
    saveTorSettings(where, custom);
    // Switching to built-in obfs4 keeps the pasted lines for later.
    saveTorSettings(where, { ...custom, bridges: 'obfs4', bridgeLines: '' });
    expect(load()['tor.bridges']).toBe('obfs4');
    expect(load()['tor.bridge_lines']).toContain(OBFS4_LINE);
    // A control socket with bridges still chosen in the draft: the socket wins, bridges go.
    saveTorSettings(where, { ...(CHOICES[2] as TorSettings), bridges: 'obfs4' });
    expect(load()['tor.bridges']).toBe('none');
    expect(torSettingsOf(load()).mode).toBe('socket');
    expect(torSettingsOf({ ...load(), 'tor.control_socket': null, 'tor.bridges': 'snowflake', 'tor.connection': 'auto' }).mode).toBe('own');
  });

  it('refuses to save a bad bridge line, naming its line number and what is wrong, and writes nothing', () => {
    saveTorSettings(where, CHOICES[2] as TorSettings);
    const before = readFileSync(guiConfigFile(where), 'utf8');
    const bad = { ...(CHOICES[6] as TorSettings), bridgeLines: `${OBFS4_LINE}\nobfs4 192.0.2.8:443 4352E58420E68F5E40BF7C74FADDCCD9D1349413 iat-mode=0` };
    let error: unknown;
    try {
      saveTorSettings(where, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigSaveError);
    expect((error as ConfigSaveError).reason).toBe('Line 2: obfs4 bridges need cert=.');
    expect(readFileSync(guiConfigFile(where), 'utf8')).toBe(before);
  });
});
