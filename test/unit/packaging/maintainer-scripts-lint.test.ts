// Unit tests (plain Node): the .deb maintainer scripts lint clean and fit electron-builder's templating (shellcheck).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBuilderConfig, repoPath } from './builder-config';

const SCRIPTS = ['build/deb/after-install.sh', 'build/deb/after-remove.sh'];
const config = readBuilderConfig();

describe.each(SCRIPTS)('%s', (script) => {
  const text = readFileSync(repoPath(script), 'utf8');

  it('passes shellcheck', () => {
    const run = spawnSync('shellcheck', ['--shell=sh', repoPath(script)], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  });

  it('has no ${word} that electron-builder would take for one of its macros', () => {
    // FpmTarget replaces every ${word} and fails on names it does not know.
    expect(text.match(/\$\{[a-zA-Z]+\}/g)).toBeNull();
  });

  it('points at the app where electron-builder installs it', () => {
    expect(text).toContain(`APP_DIR=/opt/${config.productName}\n`);
    expect(text).toContain(`EXECUTABLE=${config.linux?.executableName}\n`);
    expect(text).toContain(`LINK=/usr/bin/${config.linux?.executableName}\n`);
  });

  it('is executable, as dpkg needs', () => {
    expect(statSync(repoPath(script)).mode & 0o111).toBe(0o111);
  });
});
