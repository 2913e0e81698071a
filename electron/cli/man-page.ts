// The man page's SYNOPSIS and COMMANDS, rendered in roff from the same
// command definitions and catalogue sentences as `--help` (plain Node; used
// by build/gen-docs.ts and the test that keeps assets/oniondrop.1 in step).
// The man page is English: render with translatorFor('en').
import { roffEscape, roffLines } from '../core/config';
import type { Translator } from '../../i18n/messages';
import type { ArgumentDefinition, CommandDefinition, FlagDefinition } from './definition';
import { flagSentences } from './help';

/** Roff text for catalogue text: `code` spans bold and not hyphenated, one sentence per line as roff likes it. */
function roffText(text: string): string[] {
  const sentences = text.split(/(?<=[.!?]) (?=[A-Z`])/);
  // The spans are marked with stand-ins as long as the escapes (\fB\% and \fR)
  // that roffEscape leaves alone, so lines are wrapped at their real length.
  const ESC = '\u0001';
  return sentences.flatMap((sentence) => {
    const marked = sentence
      .split('`')
      .map((part, i) => (i % 2 === 1 ? `${ESC}fB${ESC}%${part}${ESC}fR` : part))
      .join('');
    return roffLines(marked).map((line) => line.replaceAll(ESC, '\\'));
  });
}

/** `.B oniondrop share` `.RI [ FLAGS ]` `.IR FILE ...` */
function synopsisOf(tr: Translator, definition: CommandDefinition): string[] {
  const lines = [`.B oniondrop ${roffEscape(definition.name)}`];
  if (Object.keys(definition.flags).length > 0) lines.push(`.RI [ ${roffEscape(tr.t('cli.help.flagsPlaceholder'))} ]`);
  for (const a of definition.args) lines.push(argumentRoff(tr, a));
  return lines;
}

/** `.IR FILE ...` or `.I DIR` */
function argumentRoff(tr: Translator, argument: ArgumentDefinition): string {
  const placeholder = roffEscape(tr.t(argument.placeholder));
  return argument.many ? `.IR ${placeholder} ...` : `.I ${placeholder}`;
}

/** The lines between BEGIN/END GENERATED SYNOPSIS. */
export function renderManSynopsis(tr: Translator, commands: readonly CommandDefinition[]): string {
  const lines = [
    '.B oniondrop',
    '.RB [ \\-\\-help ]',
    '.RB [ \\-\\-version ]',
    `.RI [ ${roffEscape(tr.t('cli.help.commandPlaceholder'))} ]`,
    '.PP',
  ];
  commands.forEach((c, i) => {
    if (i > 0) lines.push('.br');
    lines.push(...synopsisOf(tr, c));
  });
  return `${lines.join('\n')}\n`;
}

function flagItem(tr: Translator, flag: string, definition: FlagDefinition): string[] {
  const name = roffEscape(`--${flag}`);
  const head = definition.value === undefined ? `.B ${name}` : `.BI ${name} " ${roffEscape(tr.t(definition.value.placeholder))}"`;
  const lines = ['.TP', head, ...flagSentences(tr, definition).flatMap(roffText)];
  if (definition.negation !== undefined) {
    lines.push('.TP', `.B ${roffEscape(`--no-${flag}`)}`, ...roffText(tr.t(definition.negation.help)));
  }
  return lines;
}

/** The lines between BEGIN/END GENERATED COMMANDS: per command its synopsis, description, arguments and flags. */
export function renderManCommands(tr: Translator, commands: readonly CommandDefinition[]): string {
  const lines: string[] = [];
  for (const c of commands) {
    lines.push(`.SS ${roffEscape(c.name)}`, ...synopsisOf(tr, c), '.PP', ...roffText(tr.t(c.description)));
    for (const a of c.args) lines.push('.TP', argumentRoff(tr, a), ...roffText(tr.t(a.help)));
    for (const [flag, definition] of Object.entries(c.flags)) lines.push(...flagItem(tr, flag, definition));
  }
  return `${lines.join('\n')}\n`;
}
