// Runs `oniondrop ARGS...` in-process against a CliContext and returns the exit code (plain Node).
import { CommanderError } from 'commander';
import { COMMANDS } from './commands';
import { EXIT, type CliContext, type ExitCode } from './context';
import { buildProgram } from './program';

export async function runCli(argv: string[], ctx: CliContext): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(COMMANDS, ctx, (c) => {
    code = c;
  });
  // `help X` for an X that is no command: report X as the unknown command
  // (with "did you mean") rather than fall back to the whole program help.
  const [first, second] = argv;
  const unknownTopic = first === 'help' && second !== undefined && !second.startsWith('-') && !COMMANDS.some((c) => c.name === second);
  const args = unknownTopic ? [second] : argv;
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    // Help asked for, or the version: done. Help shown because no command was
    // given, and every mistake in the arguments: a usage error.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
    if (err.code === 'commander.help' && err.exitCode === 0) return EXIT.ok;
    return EXIT.usage;
  }
}
