// Whether a command line asks for the CLI rather than the window (plain Node).
// The installed `oniondrop` is the app's binary: no arguments, or only
// Chromium's switches, open the window; a word (a command, `help`, or a typo
// of one, which then gets "did you mean") and the program's --help/--version
// run the CLI.
const GLOBAL_FLAGS = new Set(['-h', '--help', '-V', '--version']);

export function isCliInvocation(args: readonly string[]): boolean {
  const first = args[0];
  return first !== undefined && (GLOBAL_FLAGS.has(first) || !first.startsWith('-'));
}
