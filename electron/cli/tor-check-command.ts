// `oniondrop tor-check`: can OnionDrop use Tor here? One line per check, with a fix (plain Node).
import { loadAppContext } from '../core/app-context';
import { torCheckFor } from '../core/link-factory';
import type { TorCheckLine } from '../core/tor/tor-check';
import { parseCommandArgs } from './args';
import { EXIT, type CliContext, type ExitCode } from './context';
import type { Command } from './commands';

export function formatCheckLines(lines: readonly TorCheckLine[]): string[] {
  const width = Math.max(0, ...lines.map((l) => l.label.length));
  const out: string[] = [];
  for (const l of lines) {
    out.push(`${l.level.padEnd(7)}  ${l.label.padEnd(width)}  ${l.detail}`);
    if (l.fix) out.push(`${' '.repeat(7)}  ${' '.repeat(width)}  fix: ${l.fix}`);
  }
  return out;
}

export const torCheckCommand: Command = {
  name: 'tor-check',
  usage: 'tor-check',
  summary: 'check that Tor is usable: where it is, authentication, version, bootstrap, onion services, SOCKS',
  async run(args: string[], ctx: CliContext): Promise<ExitCode> {
    parseCommandArgs(args, {}, false);
    const app = loadAppContext({ root: ctx.root, env: ctx.env, home: ctx.home });
    const lines = await torCheckFor(app, null);
    for (const line of formatCheckLines(lines)) ctx.out(line);
    return lines.some((l) => l.level === 'problem') ? EXIT.failure : EXIT.ok;
  },
};
