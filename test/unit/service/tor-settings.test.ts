// The Tor settings dialog and the config (plain Node): what the dialog shows,
// what "Test connection" tests and what "Save" writes are one mapping, so a
// saved choice comes back as chosen and the test saw what the save wrote.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TorSettings } from '../../../electron/contract';
import { guiConfigFile, loadConfig, type Config } from '../../../electron/core/config';
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

const CHOICES: TorSettings[] = [
  { mode: 'automatic', controlSocket: '', controlHost: '127.0.0.1', controlPort: 9051, auth: 'automatic', password: '' },
  { mode: 'own', controlSocket: '', controlHost: '127.0.0.1', controlPort: 9051, auth: 'automatic', password: '' },
  { mode: 'socket', controlSocket: '/run/tor/control', controlHost: '127.0.0.1', controlPort: 9051, auth: 'automatic', password: '' },
  { mode: 'port', controlSocket: '', controlHost: '10.152.152.10', controlPort: 9052, auth: 'password', password: 's3cret' },
];

describe('the Tor settings dialog', () => {
  it.each(CHOICES.map((c) => [c.mode, c] as const))('a saved "%s" choice comes back as chosen', (_mode, choice) => {
    saveTorSettings(where, choice);
    const shown = torSettingsOf(load());
    expect(shown.mode).toBe(choice.mode);
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
});
