// The built-in bridges (neutral): Tor Browser's list, shipped in one data file,
// assets/bridges/builtin.json, with its date and source. docs/bridges.md says
// how to refresh it; the app never fetches bridges itself.
import data from '../../../../assets/bridges/builtin.json';
import { parseBridgeText, type BridgeLine } from './bridge-line';

export type BuiltInChoice = 'obfs4' | 'snowflake';

export interface BuiltInBridges {
  /** When the Tor Project last changed the list (YYYY-MM-DD). */
  date: string;
  source: string;
  lines: Readonly<Record<BuiltInChoice, readonly string[]>>;
}

export const BUILT_IN: BuiltInBridges = {
  date: data.date,
  source: data.source,
  lines: { obfs4: data.bridges.obfs4, snowflake: data.bridges.snowflake },
};

/** The parsed built-in bridges of one kind. A line that does not parse is left out (a unit test keeps the file clean). */
export function builtInBridges(choice: BuiltInChoice): BridgeLine[] {
  return parseBridgeText(BUILT_IN.lines[choice].join('\n')).lines;
}
