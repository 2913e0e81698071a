// Which system are we on: Whonix (Gateway / Workstation), Qubes, Tails (plain Node).
// Detection reads marker files only, under an injectable root, so tests can
// build any combination in a temp folder.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The marker files Whonix documents for programmatic detection. */
export const WHONIX_MARKERS = {
  whonix: '/usr/share/whonix/marker',
  gateway: '/usr/share/anon-gw-base-files/gateway',
  workstation: '/usr/share/anon-ws-base-files/workstation',
} as const;

export const QUBES_MARKER = '/usr/share/qubes/marker-vm';
export const QUBESDB_READ = '/usr/bin/qubesdb-read';
export const TAILS_MARKER = '/etc/amnesia/version';

/**
 * A Whonix role. `whonix` alone means the generic marker is there but neither
 * role marker is (an unusual, custom build); it still counts as Whonix, so the
 * app never starts its own tor there.
 */
export type WhonixRole = 'gateway' | 'workstation' | 'whonix';

export interface Platform {
  /** Set when any Whonix marker exists. */
  whonix: WhonixRole | null;
  /** Every marker file that was found (logical paths, for `oniondrop detect`). */
  markers: string[];
  qubes: boolean;
  tails: boolean;
}

export function detectPlatform(root = '/'): Platform {
  const found = (p: string): boolean => existsSync(join(root, p));
  const markers = [
    ...Object.values(WHONIX_MARKERS),
    QUBES_MARKER,
    QUBESDB_READ,
    TAILS_MARKER,
  ].filter(found);
  // A role marker wins over the generic one: a Workstation also carries
  // /usr/share/whonix/marker.
  let whonix: WhonixRole | null = null;
  if (found(WHONIX_MARKERS.workstation)) whonix = 'workstation';
  else if (found(WHONIX_MARKERS.gateway)) whonix = 'gateway';
  else if (found(WHONIX_MARKERS.whonix)) whonix = 'whonix';
  return {
    whonix,
    markers,
    qubes: found(QUBES_MARKER) || found(QUBESDB_READ),
    tails: found(TAILS_MARKER),
  };
}

/** A short human label, e.g. "Whonix-Workstation (Qubes)". */
export function describePlatform(p: Platform): string {
  const base =
    p.whonix === 'workstation'
      ? 'Whonix-Workstation'
      : p.whonix === 'gateway'
        ? 'Whonix-Gateway'
        : p.whonix === 'whonix'
          ? 'Whonix'
          : p.tails
            ? 'Tails'
            : 'not Whonix';
  return p.qubes ? `${base} (Qubes)` : base;
}
