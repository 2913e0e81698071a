// Unit tests (plain Node): the AppStream metainfo validates and agrees with the package (appstreamcli).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBuilderConfig, readPackageJson, repoPath } from './builder-config';

const METAINFO = 'build/linux/org.oniondrop.OnionDrop.metainfo.xml';
const xml = readFileSync(repoPath(METAINFO), 'utf8');
const config = readBuilderConfig();

const textOf = (tag: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => (m[1] ?? '').trim());

describe(METAINFO, () => {
  it('passes appstreamcli validate with no error, warning or info', () => {
    const run = spawnSync('appstreamcli', ['validate', '--no-net', '--pedantic', repoPath(METAINFO)], {
      encoding: 'utf8',
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    // Pedantic notes (P:) may stay; the one expected is that the id has capitals,
    // which reverse-DNS application ids such as org.gnome.Nautilus all do.
    const findings = output.split('\n').filter((line) => /^[EWI]: /.test(line));
    expect(findings).toEqual([]);
    const pedantic = output.split('\n').filter((line) => /^P: /.test(line));
    expect(pedantic.every((line) => line.includes('cid-contains-uppercase-letter'))).toBe(true);
  });

  it('is named after the app id and launches the desktop file electron-builder installs', () => {
    expect(textOf('id')).toEqual([config.appId]);
    expect(textOf('launchable')).toEqual([config.extraMetadata?.desktopName]);
    expect(textOf('binary')).toEqual([config.linux?.executableName]);
  });

  it('lists the version being packaged as the newest release', () => {
    const first = /<release\s+version="([^"]+)"/.exec(xml);
    expect(first?.[1]).toBe(readPackageJson().version);
  });

  it('states the same licence as package.json', () => {
    expect(textOf('project_license')).toEqual(['GPL-3.0-or-later']);
    expect(JSON.parse(readFileSync(repoPath('package.json'), 'utf8')).license).toBe('GPL-3.0-or-later');
  });
});
