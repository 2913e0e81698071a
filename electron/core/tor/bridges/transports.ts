// Which program runs each pluggable transport, found on PATH, and the Debian
// package that brings it (plain Node). OnionDrop never downloads one: when the
// program is missing, the problem names the package to install.
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Transport } from './bridge-line';

export interface TransportProgram {
  /** Program names looked up on PATH, in order of preference. */
  programs: readonly string[];
  /** The Debian package to suggest when none is found. */
  package: string;
}

/**
 * lyrebird is obfs4proxy's successor (so far only in Debian unstable; it also
 * runs snowflake, webtunnel and meek); Debian 12 and later have obfs4proxy
 * and snowflake-client; webtunnel-client comes in the webtunnel package
 * from Debian 14 on.
 */
export const TRANSPORT_PROGRAMS: Readonly<Record<Transport, TransportProgram>> = {
  obfs4: { programs: ['lyrebird', 'obfs4proxy'], package: 'obfs4proxy' },
  meek_lite: { programs: ['lyrebird', 'obfs4proxy'], package: 'obfs4proxy' },
  snowflake: { programs: ['snowflake-client', 'lyrebird'], package: 'snowflake-client' },
  webtunnel: { programs: ['webtunnel-client', 'lyrebird'], package: 'webtunnel' },
};

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of the first program found in PATH's absolute folders, or null. */
export function findOnPath(names: readonly string[], searchPath: string): string | null {
  // Relative PATH entries would make tor run whatever sits in the current folder.
  const folders = searchPath.split(':').filter((d) => d !== '' && isAbsolute(d));
  for (const name of names) {
    for (const folder of folders) {
      const candidate = join(folder, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

export type ProgramLookup =
  | { found: true; transport: Transport; path: string }
  | { found: false; transport: Transport; programs: readonly string[]; package: string };

export function findTransportProgram(transport: Transport, searchPath: string): ProgramLookup {
  const spec = TRANSPORT_PROGRAMS[transport];
  const path = findOnPath(spec.programs, searchPath);
  return path === null
    ? { found: false, transport, programs: spec.programs, package: spec.package }
    : { found: true, transport, path };
}
