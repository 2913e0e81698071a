// From the bridge settings to our own tor's torrc lines (plain Node): which
// bridges, which transport program runs each, and what is missing.
import type { BridgeChoice } from '../../../contract';
import { TorBridgeError } from '../errors';
import { parseBridgeText, transportsOf, type BridgeLine, type Transport } from './bridge-line';
import { builtInBridges } from './builtin';
import { findTransportProgram } from './transports';

/** The bridges our own tor is to use: a choice other than none, and its lines. */
export interface BridgeSetup {
  choice: Exclude<BridgeChoice, 'none'>;
  lines: readonly BridgeLine[];
}

/** tor.bridges and tor.bridge_lines as the launcher takes them; null for none. */
export function bridgeSetupOf(choice: BridgeChoice, customText: string): BridgeSetup | null {
  switch (choice) {
    case 'none':
      return null;
    case 'obfs4':
    case 'snowflake':
      return { choice, lines: builtInBridges(choice) };
    case 'custom':
      // The config loader refused any text with a bad line, so only bridges remain.
      return { choice, lines: parseBridgeText(customText).lines };
  }
}

export interface BridgePlan {
  setup: BridgeSetup;
  /** The program that runs each transport the lines use. */
  programs: ReadonlyArray<{ transport: Transport; path: string }>;
  /** UseBridges, ClientTransportPlugin and Bridge lines, `Key value` each. */
  torrc: string[];
}

/**
 * Throws TorBridgeError: `no-lines` when there is no bridge, `program-missing`
 * (naming the Debian package) when a transport's program is not on PATH.
 */
export function planBridges(setup: BridgeSetup, searchPath: string): BridgePlan {
  if (setup.lines.length === 0) throw new TorBridgeError({ kind: 'no-lines' });
  const programs: Array<{ transport: Transport; path: string }> = [];
  for (const transport of transportsOf(setup.lines)) {
    const found = findTransportProgram(transport, searchPath);
    if (!found.found) {
      throw new TorBridgeError({ kind: 'program-missing', transport, programs: found.programs, package: found.package });
    }
    programs.push({ transport, path: found.path });
  }
  // One ClientTransportPlugin per program: lyrebird may serve several transports.
  const byPath = new Map<string, Transport[]>();
  for (const p of programs) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p.transport]);
  return {
    setup,
    programs,
    torrc: [
      'UseBridges 1',
      ...[...byPath].map(([path, transports]) => `ClientTransportPlugin ${transports.join(',')} exec ${path}`),
      ...setup.lines.map((l) => `Bridge ${torrcLineOf(l)}`),
    ],
  };
}

/**
 * The Bridge value. Snowflake lines now name their fronts as `fronts=`;
 * snowflake-client before 2.9 (Debian 12 has 2.5.1) reads only `front=`, and
 * without one it would reach the broker unfronted. Newer clients prefer
 * `fronts=`, so adding the first front as `front=` suits both.
 */
function torrcLineOf(line: BridgeLine): string {
  if (line.transport !== 'snowflake') return line.torrc;
  const fronts = line.args.find(([k]) => k === 'fronts')?.[1];
  const first = fronts?.split(',')[0];
  if (first === undefined || first === '' || line.args.some(([k]) => k === 'front')) return line.torrc;
  return `${line.torrc} front=${first}`;
}
