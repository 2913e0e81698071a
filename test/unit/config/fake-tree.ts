// Test helper (plain Node): a whole fake filesystem tree (/etc, /usr/local/etc, a home) in a temp folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { loadConfig, type Environment, type LoadedConfig } from '../../../electron/core/config';
import { formatWarning } from '../../../electron/core/config/warnings';

export const SYSTEM_DIR = '/etc/oniondrop.d';
export const LOCAL_DIR = '/usr/local/etc/oniondrop.d';

export interface FakeTree {
  /** Real path of the fake `/`. */
  readonly root: string;
  /** Real path of the home folder (inside root, at /home/user). */
  readonly home: string;
  /** Real path of the default user config folder. */
  readonly userDir: string;
  /** Real path of a logical path such as `/etc/oniondrop.d/a.conf`. */
  real(logical: string): string;
  /** Writes a file at a logical path (under root), creating folders. */
  write(logical: string, content: string | Buffer): string;
  /** Writes a file at a real path, creating folders. */
  writeReal(real: string, content: string | Buffer): string;
  mkdir(logical: string): string;
  symlink(logical: string, target: string): string;
  load(env?: Environment): LoadedConfig;
}

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function fakeTree(): FakeTree {
  const root = mkdtempSync(join(tmpdir(), 'oniondrop-config-'));
  made.push(root);
  const home = join(root, 'home', 'user');
  mkdirSync(home, { recursive: true });
  const real = (logical: string): string => join(root, logical);
  const writeReal = (path: string, content: string | Buffer): string => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  return {
    root,
    home,
    userDir: join(home, '.config', 'oniondrop', 'oniondrop.d'),
    real,
    write: (logical, content) => writeReal(real(logical), content),
    writeReal,
    mkdir(logical) {
      mkdirSync(real(logical), { recursive: true });
      return real(logical);
    },
    symlink(logical, target) {
      mkdirSync(dirname(real(logical)), { recursive: true });
      symlinkSync(target, real(logical));
      return real(logical);
    },
    load: (env = {}) => loadConfig({ root, env, home }),
  };
}

/** Warnings as the user reads them. */
export function warningTexts(config: LoadedConfig): string[] {
  return config.warnings.map(formatWarning);
}
