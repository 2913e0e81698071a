// `oniondrop tor-check`: can OnionDrop use Tor here? One line per check, with a fix (plain Node).
import { loadAppContext } from '../core/app-context';
import { torCheckFor } from '../core/link-factory';
import type { TorCheckLine } from '../core/tor/tor-check';
import type { Translator } from '../../i18n/messages';
import { EXIT } from './context';
import { defineCommand } from './definition';
import { wordsOf } from './words';

export function formatCheckLines(tr: Translator, lines: readonly TorCheckLine[]): string[] {
  const level = (l: TorCheckLine): string => tr.t(`cli.torCheck.${l.level}`);
  // One column for every level word, so the labels line up whichever levels occur.
  const levelWidth = Math.max(...(['ok', 'warning', 'problem'] as const).map((w) => tr.t(`cli.torCheck.${w}`).length));
  const width = Math.max(0, ...lines.map((l) => l.label.length));
  const out: string[] = [];
  for (const l of lines) {
    out.push(`${level(l).padEnd(levelWidth)}  ${l.label.padEnd(width)}  ${l.detail}`);
    if (l.fix) out.push(`${' '.repeat(levelWidth)}  ${' '.repeat(width)}  ${tr.t('cli.torCheck.fix', { fix: l.fix })}`);
  }
  return out;
}

export const torCheckCommand = defineCommand({
  name: 'tor-check',
  summary: 'cli.commands.tor-check.summary',
  description: 'cli.commands.tor-check.description',
  args: [],
  flags: {},
  async run(_input, ctx) {
    const app = loadAppContext({ root: ctx.root, env: ctx.env, home: ctx.home });
    const lines = await torCheckFor(app, null);
    for (const line of formatCheckLines(wordsOf(ctx), lines)) ctx.out(line);
    return lines.some((l) => l.level === 'problem') ? EXIT.failure : EXIT.ok;
  },
});
