// Unit tests (plain Node): electron-builder.yml is valid for electron-builder and asks for what the issue needs.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DebugLogger } from 'builder-util';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'electron-builder';
import {
  DEB_FILES,
  ONION_GRATER_PROFILE,
  flagValues,
  fpmMappings,
  readBuilderConfig,
  readPackageJson,
  repoPath,
} from './builder-config';

const config = readBuilderConfig();
const linux = config.linux ?? {};
const deb = config.deb ?? {};
const fpm = deb.fpm ?? [];

describe('electron-builder.yml', () => {
  it("validates against electron-builder's own schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would be rejected by that schema if an option were misspelt (the check is live)', async () => {
    const typo = { ...config, executableNam: 'oniondrop' } as Configuration;
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(/unknown property 'executableNam'/);
  });

  it('builds an AppImage and a .deb, each for x64 and arm64', () => {
    const targets = (linux.target ?? []) as { target: string; arch: string[] }[];
    expect(targets.map((t) => [t.target, [...t.arch].sort()])).toEqual([
      ['AppImage', ['arm64', 'x64']],
      ['deb', ['arm64', 'x64']],
    ]);
  });

  it('names the product OnionDrop and the command oniondrop', () => {
    expect(config.productName).toBe('OnionDrop');
    expect(readPackageJson().productName).toBe('OnionDrop');
    expect(linux.executableName).toBe('oniondrop');
  });

  it('uses the app id as desktop file name, window class and AppStream id', () => {
    expect(config.appId).toBe('org.oniondrop.OnionDrop');
    // Electron takes the window's WM_CLASS / Wayland app_id from the packaged
    // package.json's desktopName; syncDesktopName makes electron-builder name
    // the .desktop file and its StartupWMClass after it.
    expect(config.extraMetadata).toEqual({ desktopName: `${config.appId}.desktop` });
    expect(linux.syncDesktopName).toBe(true);
    expect(linux.category).toBe('Network;FileTransfer');
  });

  it('sets the Electron fuses at packaging time', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // OnlyLoadAppFromAsar needs the app in an asar.
    expect(config.asar).toBe(true);
  });

  it('does not write packages into dist/, where the bundles are built', () => {
    expect(config.directories?.output).toBe('release');
  });

  it('puts the .deb in section net, priority optional, depending on no tor and suggesting it', () => {
    expect(deb.packageCategory).toBe('net');
    expect(deb.priority).toBe('optional');
    const depends = (deb.depends ?? []) as string[];
    expect(depends).toContain('libgtk-3-0');
    expect(depends).toContain('libnss3');
    expect(depends.filter((d) => /\btor\b/.test(d))).toEqual([]);
    expect(flagValues(fpm, '--deb-suggests')).toEqual(['tor', 'obfs4proxy', 'snowflake-client']);
  });

  it('marks the shipped defaults as a conffile', () => {
    expect(flagValues(fpm, '--config-files')).toEqual(['/etc/oniondrop.d/00_default.conf']);
  });

  it('maps every file the .deb ships to its place', () => {
    expect(Object.fromEntries(fpmMappings(fpm))).toEqual(DEB_FILES);
  });

  it('maps only files that exist or are built (the onion-grater profile: by its agreed path)', () => {
    const built = new Set(['dist/deb/oniondrop.1.gz']);
    const missing = Object.values(DEB_FILES).filter(
      (src) => !built.has(src) && !existsSync(repoPath(src)),
    );
    expect(missing).toEqual([]);
    expect(DEB_FILES['/usr/share/doc/oniondrop/onion-grater/40_oniondrop.yml']).toBe(ONION_GRATER_PROFILE);
  });

  it('uses the committed maintainer scripts and the man page build step', () => {
    expect(deb.afterInstall).toBe('build/deb/after-install.sh');
    expect(deb.afterRemove).toBe('build/deb/after-remove.sh');
    expect(config.artifactBuildStarted).toBe('./build/deb/prepare.mjs');
  });
});
