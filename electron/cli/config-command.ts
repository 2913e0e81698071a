// `oniondrop config`: the effective configuration with origins, and warnings (plain Node).
import { formatEffectiveConfig, formatWarning, loadConfig } from '../core/config';
import { parseCommandArgs } from './args';
import { EXIT, type CliContext, type ExitCode } from './context';
import type { Command } from './commands';

export const configCommand: Command = {
  name: 'config',
  usage: 'config',
  summary: 'print the effective configuration, each value with its origin',
  async run(args: string[], ctx: CliContext): Promise<ExitCode> {
    parseCommandArgs(args, {}, false);
    const config = loadConfig({ root: ctx.root, env: ctx.env, home: ctx.home });
    ctx.out(formatEffectiveConfig(config));
    // Warnings go to stderr so the listing stays machine-readable; a broken
    // line is not a failure of this command.
    for (const w of config.warnings) ctx.err(`warning: ${formatWarning(w)}`);
    return EXIT.ok;
  },
};
