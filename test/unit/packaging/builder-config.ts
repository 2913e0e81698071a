// Reads electron-builder.yml and the facts the packaging tests share (test helper, plain Node).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Configuration } from 'electron-builder';

export const repoPath = (rel: string): string => fileURLToPath(new URL(`../../../${rel}`, import.meta.url));

/** Written by someone else; until it lands the tests check only that the .deb maps it. */
export const ONION_GRATER_PROFILE = 'assets/onion-grater/40_oniondrop.yml';

/**
 * Where each file the .deb ships besides the app itself comes from. The
 * desktop file and the PNG icons are mapped by electron-builder itself.
 */
export const DEB_FILES: Record<string, string> = {
  '/etc/oniondrop.d/00_default.conf': 'assets/00_default.conf',
  '/usr/share/man/man1/oniondrop.1.gz': 'dist/deb/oniondrop.1.gz',
  '/usr/share/doc/oniondrop/onion-grater/40_oniondrop.yml': ONION_GRATER_PROFILE,
  '/usr/share/doc/oniondrop/whonix.md': 'docs/whonix.md',
  '/usr/share/doc/oniondrop/copyright': 'build/deb/copyright',
  '/usr/share/metainfo/org.oniondrop.OnionDrop.metainfo.xml': 'build/linux/org.oniondrop.OnionDrop.metainfo.xml',
  '/usr/share/icons/hicolor/scalable/apps/oniondrop.svg': 'assets/icons/oniondrop.svg',
};

/** The hicolor sizes committed as assets/icons/NxN.png. */
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

export interface PackageJson {
  name: string;
  productName: string;
  version: string;
  main: string;
}

export function readPackageJson(): PackageJson {
  return JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as PackageJson;
}

/** electron-builder.yml as parsed; the schema test proves it is a Configuration. */
export function readBuilderConfig(): Configuration {
  return parse(readFileSync(repoPath('electron-builder.yml'), 'utf8')) as Configuration;
}

/** `src=dest` arguments of an fpm command line, as dest -> src. */
export function fpmMappings(args: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const eq = arg.indexOf('=/');
    if (eq > 0) map.set(arg.slice(eq + 1), arg.slice(0, eq));
  }
  return map;
}

/** Every value that follows `flag` in an argument list. */
export function flagValues(args: readonly string[], flag: string): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    const next = args[i + 1];
    if (arg === flag && next !== undefined) values.push(next);
  });
  return values;
}
