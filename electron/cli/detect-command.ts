// `oniondrop detect`: what the app found about this system, without touching Tor (plain Node).
import { formatOrigin } from '../core/config';
import { loadAppContext } from '../core/app-context';
import { describePlatform } from '../core/platform';
import { listCandidates } from '../core/tor/autodetect';
import { describeEndpoint } from '../core/tor/endpoint';
import { detectInputFor } from '../core/link-factory';
import { parseCommandArgs } from './args';
import { EXIT, type CliContext, type ExitCode } from './context';
import type { Command } from './commands';

export const detectCommand: Command = {
  name: 'detect',
  usage: 'detect',
  summary: 'show the Whonix role, listen address, port range and where Tor settings come from',
  async run(args: string[], ctx: CliContext): Promise<ExitCode> {
    parseCommandArgs(args, {}, false);
    const app = loadAppContext({ root: ctx.root, env: ctx.env, home: ctx.home });
    const { platform, listen } = app;
    const { values, origins } = app.config;
    const range = app.portRange;
    const lines: Array<[string, string]> = [
      ['system', describePlatform(platform)],
      ['markers', platform.markers.length > 0 ? platform.markers.join(', ') : 'none'],
      ['listen address', `${listen.host} (${listen.why})`],
      ['port range', `${range.first}-${range.last} (${formatOrigin(origins['server.port_range'])})`],
      ['own tor', platform.whonix ? 'never on Whonix' : values['tor.start_own'] ? 'allowed when no tor answers' : 'disabled by tor.start_own'],
    ];
    // Where Tor settings would come from, in the order they are tried; nothing is connected to.
    const { candidates, ignored } = listCandidates(detectInputFor(app));
    candidates.forEach((c, i) => {
      lines.push([i === 0 ? 'tor, in order' : '', `${i + 1}. ${describeEndpoint(c.control)}: ${c.source.why}`]);
    });
    for (const ig of ignored) lines.push(['ignored', `${ig.name} ${ig.why}`]);
    const width = Math.max(...lines.map(([k]) => k.length));
    for (const [k, v] of lines) ctx.out(`${k.padEnd(width)}  ${v}`);
    return EXIT.ok;
  },
};
