// `oniondrop tor-check`: can OnionDrop use Tor here? One line per check, with a fix (plain Node).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../core/config';
import { detectPlatform } from '../core/platform';
import { runTorCheck, type TorCheckLine } from '../core/tor/tor-check';
import { torLinkOptionsFromConfig } from '../core/tor/link-config';
import { parseCommandArgs } from './args';
import { EXIT, type CliContext, type ExitCode } from './context';
import type { Command } from './commands';

/**
 * Where a tor started for the check keeps its state: beside the app's own
 * (Electron's userData, ~/.config/OnionDrop), in a folder of its own so a
 * running app's tor is never disturbed.
 */
function checkFolders(ctx: CliContext): { dataDir: string; runtimeDir: string } {
  const config = ctx.env.XDG_CONFIG_HOME || join(ctx.home, '.config');
  const runtime = ctx.env.XDG_RUNTIME_DIR || join(tmpdir(), `oniondrop-${process.getuid?.() ?? 'user'}`);
  return { dataDir: join(config, 'OnionDrop', 'tor-check'), runtimeDir: join(runtime, 'oniondrop-tor-check') };
}

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
    const config = loadConfig({ root: ctx.root, env: ctx.env, home: ctx.home });
    const platform = detectPlatform(ctx.root);
    const options = torLinkOptionsFromConfig({
      values: config.values,
      origins: config.origins,
      env: ctx.env,
      root: ctx.root,
      platform,
      ...checkFolders(ctx),
    });
    const result = await runTorCheck({ ...options, portRange: config.values['server.port_range'] });
    for (const line of formatCheckLines(result.lines)) ctx.out(line);
    return result.ok ? EXIT.ok : EXIT.failure;
  },
};
