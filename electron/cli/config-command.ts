// `oniondrop config`: the effective configuration with origins, and warnings (plain Node).
import { formatEffectiveConfig, loadConfig } from '../core/config';
import { EXIT } from './context';
import { defineCommand } from './definition';
import { configWarningLines, wordsOf } from './words';

export const configCommand = defineCommand({
  name: 'config',
  summary: 'cli.commands.config.summary',
  description: 'cli.commands.config.description',
  args: [],
  flags: {},
  async run(_input, ctx) {
    const config = loadConfig({ root: ctx.root, env: ctx.env, home: ctx.home });
    ctx.out(formatEffectiveConfig(config));
    // Warnings go to stderr so the listing stays machine-readable; a broken
    // line is not a failure of this command.
    for (const line of configWarningLines(wordsOf(ctx), config)) ctx.err(line);
    return EXIT.ok;
  },
});
