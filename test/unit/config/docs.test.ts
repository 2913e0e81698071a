// Unit tests (plain Node): the shipped 00_default.conf and man page match the schema and lint clean.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  defaultConfig,
  extractManOptions,
  optionKeys,
  renderDefaultConf,
  renderManOptions,
} from '../../../electron/core/config';
import { fakeTree, SYSTEM_DIR } from './fake-tree';

const asset = (name: string): string => fileURLToPath(new URL(`../../../assets/${name}`, import.meta.url));
const REGENERATE = 'regenerate with build/gen-docs.ts';

describe('assets/00_default.conf', () => {
  const shipped = readFileSync(asset('00_default.conf'), 'utf8');

  it(`is what the schema renders (${REGENERATE})`, () => {
    expect(shipped).toBe(renderDefaultConf());
  });

  it('loads with zero warnings and leaves every value at its built-in default', () => {
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/00_default.conf`, shipped);
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.files).toEqual([`${SYSTEM_DIR}/00_default.conf`]);
    expect(config.values).toEqual(defaultConfig({ home: tree.home }));
  });

  it('shows every option, and uncommented gives the built-in defaults without warnings', () => {
    const uncommented = shipped.replace(/^# ([a-z_]+\.[a-z_]+ =)/gm, '$1');
    const tree = fakeTree();
    tree.write(`${SYSTEM_DIR}/00_default.conf`, uncommented);
    const config = tree.load();
    expect(config.warnings).toEqual([]);
    expect(config.values).toEqual(defaultConfig({ home: tree.home }));
    for (const key of optionKeys) expect(config.origins[key].kind, key).toBe('file');
  });
});

describe('assets/oniondrop.1', () => {
  const page = asset('oniondrop.1');
  const text = readFileSync(page, 'utf8');

  it(`has the OPTIONS the schema renders (${REGENERATE})`, () => {
    expect(extractManOptions(text)).toBe(renderManOptions());
  });

  it('documents every option and the sections users look for', () => {
    for (const key of optionKeys) expect(text).toContain(key.replace(/-/g, '\\-'));
    for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'CONFIGURATION', 'OPTIONS', 'ENVIRONMENT', 'WHONIX', 'FILES', 'EXIT STATUS', 'SEE ALSO']) {
      expect(text).toContain(`.SH ${section}\n`);
    }
    for (const variable of ['TOR_CONTROL_IPC_PATH', 'TOR_CONTROL_HOST', 'TOR_CONTROL_PORT', 'TOR_CONTROL_PASSWD', 'TOR_CONTROL_COOKIE_AUTH_FILE', 'TOR_SOCKS_IPC_PATH', 'TOR_SOCKS_HOST', 'TOR_SOCKS_PORT', 'XDG_CONFIG_HOME']) {
      expect(text).toContain(variable);
    }
  });

  it('passes mandoc -T lint at warning level', () => {
    const result = spawnSync('mandoc', ['-T', 'lint', '-W', 'warning', page], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('renders with groff -ww without warnings', () => {
    const result = spawnSync('groff', ['-ww', '-man', '-Tutf8', page], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('server.port_range');
  });
});
