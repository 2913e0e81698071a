// Reads a tor's bootstrap progress and its view of the consensus over the
// control protocol (plain Node).
import type { ControlConnection } from './control-client';

/** Bootstrap percentage from GETINFO status/bootstrap-phase (0-100). */
export async function bootstrapProgress(control: ControlConnection): Promise<number> {
  const phase = await control.getInfo('status/bootstrap-phase');
  return Number(/PROGRESS=(\d+)/.exec(phase)?.[1] ?? 0);
}

export interface RelayStatus {
  nickname: string;
  flags: string[];
}

/** Relays in the consensus this tor uses (GETINFO ns/all: "r" lines, with their "s" flags). */
export async function relaysInConsensus(control: ControlConnection): Promise<RelayStatus[]> {
  const all = await control.getInfo('ns/all');
  const relays: RelayStatus[] = [];
  for (const line of all.split('\n')) {
    if (line.startsWith('r ')) relays.push({ nickname: line.split(' ')[1] ?? '', flags: [] });
    else if (line.startsWith('s ')) {
      const last = relays[relays.length - 1];
      if (last) last.flags = line.slice(2).split(' ');
    }
  }
  return relays;
}
