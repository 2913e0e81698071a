// `oniondrop detect`: what the app found about this system, without touching Tor (plain Node).
import { formatOrigin, loadConfig } from '../core/config';
import { chooseListenAddress, describePlatform, detectPlatform } from '../core/platform';
import { parseCommandArgs } from './args';
import { EXIT, type CliContext, type ExitCode } from './context';
import type { Command } from './commands';

export const detectCommand: Command = {
  name: 'detect',
  usage: 'detect',
  summary: 'show the Whonix role, listen address, port range and where Tor settings come from',
  async run(args: string[], ctx: CliContext): Promise<ExitCode> {
    parseCommandArgs(args, {}, false);
    const config = loadConfig({ root: ctx.root, env: ctx.env, home: ctx.home });
    const platform = detectPlatform(ctx.root);
    const { values, origins } = config;
    const listen = chooseListenAddress(values['server.listen_address'], platform);
    const range = values['server.port_range'];
    const lines: Array<[string, string]> = [
      ['system', describePlatform(platform)],
      ['markers', platform.markers.length > 0 ? platform.markers.join(', ') : 'none'],
      ['listen address', `${listen.host} (${listen.why})`],
      ['port range', `${range.first}-${range.last} (${formatOrigin(origins['server.port_range'])})`],
      ['own tor', platform.whonix ? 'never on Whonix' : values['tor.start_own'] ? 'allowed when no tor answers' : 'disabled by tor.start_own'],
    ];
    const width = Math.max(...lines.map(([k]) => k.length));
    for (const [k, v] of lines) ctx.out(`${k.padEnd(width)}  ${v}`);
    return EXIT.ok;
  },
};
