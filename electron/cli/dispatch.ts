// Whether a command line asks for the CLI rather than the window (plain Node).
import { COMMANDS } from './commands';

const GLOBAL = new Set(['help', '-h', '--help', '--version', '-V']);

export function isCliInvocation(args: readonly string[]): boolean {
  const first = args[0];
  return first !== undefined && (GLOBAL.has(first) || COMMANDS.some((c) => c.name === first));
}
