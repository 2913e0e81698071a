// Dispatches `oniondrop <command>` to the command modules (plain Node).
import { EXIT, UsageError, type CliContext, type ExitCode } from './context';
import { COMMANDS, type Command } from './commands';
import { renderHelp } from './help';
import { VERSION } from '../core/version';

export async function runCli(argv: string[], ctx: CliContext): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    ctx.out(renderHelp());
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '--version' || first === '-V') {
    ctx.out(`oniondrop ${VERSION}`);
    return EXIT.ok;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === first);
  if (!command) {
    ctx.err(`oniondrop: unknown command '${first}' (try 'oniondrop --help')`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.err(`oniondrop ${command.name}: ${err.message}`);
      return EXIT.usage;
    }
    ctx.err(`oniondrop ${command.name}: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failure;
  }
}
