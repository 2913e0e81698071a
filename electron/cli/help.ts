// `--help` for the program and each command, laid out by commander's Help
// (80 columns) with every word from the catalogue; the same sentences feed
// the man page (plain Node).
import { Help, type Argument, type Command, type Option } from 'commander';
import { specOf } from '../core/config';
import { VERSION } from '../core/version';
import type { Translator } from '../../i18n/messages';
import type { CommandDefinition, FlagDefinition } from './definition';

export const HELP_WIDTH = 80;

/** Code spans are `quoted` in the catalogue; a terminal shows them bare. */
export function plain(text: string): string {
  return text.replace(/`/g, '');
}

/** What a flag's default is, in words: "Default: on, from the setting share.public." */
export function defaultSentence(tr: Translator, definition: FlagDefinition): string {
  const { t } = tr;
  if ('words' in definition.default) return t('cli.help.default', { value: t(definition.default.words) });
  const key = definition.default.setting;
  const builtIn = specOf(key).defaultText;
  let value = builtIn === '' ? t('cli.help.empty') : builtIn;
  if (definition.value === undefined) value = builtIn === 'true' ? t('cli.help.on') : t('cli.help.off');
  return t('cli.help.defaultSetting', { value, key });
}

/** A flag explained: what it does, what its value must be, its default; one sentence each. */
export function flagSentences(tr: Translator, definition: FlagDefinition): string[] {
  const { t } = tr;
  const valueIs =
    definition.value === undefined
      ? []
      : [t('cli.help.valueIs', { placeholder: t(definition.value.placeholder), rule: t(definition.value.rule, definition.value.ruleValues) })];
  return [t(definition.help), ...valueIs, defaultSentence(tr, definition)];
}

/** The usage after `oniondrop`: "share [FLAGS] FILE...". */
export function usageOf(tr: Translator, definition: CommandDefinition): string {
  const args = definition.args.map((a) => `${tr.t(a.placeholder)}${a.many ? '...' : ''}`);
  return [definition.name, `[${tr.t('cli.help.flagsPlaceholder')}]`, ...args].join(' ');
}

/** Commander's parser objects that carry a definition (see program.ts). */
export interface Described {
  readonly definition: CommandDefinition | null;
  readonly tr: Translator;
}

function describedOf(cmd: Command): Described {
  const d = cmd as Command & Partial<Described>;
  if (d.tr === undefined) throw new Error('help: a command built outside program.ts');
  return { definition: d.definition ?? null, tr: d.tr };
}

export class CliHelp extends Help {
  constructor() {
    super();
    this.helpWidth = HELP_WIDTH;
  }

  // Terms as the man page writes them: `--auto-stop SECONDS`, `FILE...`, no brackets.
  override optionTerm(option: Option): string {
    return option.flags.replace(/ <([^>]+)>$/, ' $1');
  }

  override argumentTerm(argument: Argument): string {
    return `${argumentPlaceholder(argument)}${argument.variadic ? '...' : ''}`;
  }

  override subcommandTerm(cmd: Command): string {
    return [cmd.name(), ...cmd.registeredArguments.map((a) => this.argumentTerm(a))].join(' ');
  }

  override commandUsage(cmd: Command): string {
    const { definition, tr } = describedOf(cmd);
    if (definition !== null) return `oniondrop ${usageOf(tr, definition)}`;
    return `oniondrop ${tr.t('cli.help.commandPlaceholder')} [${tr.t('cli.help.flagsPlaceholder')}]`;
  }

  override formatHelp(cmd: Command, helper: Help): string {
    const { definition, tr } = describedOf(cmd);
    const { t } = tr;
    const width = helper.helpWidth ?? HELP_WIDTH;
    const termWidth = helper.padWidth(cmd, helper);
    const item = (term: string, text: string): string => helper.formatItem(term, termWidth, text, helper);
    const paragraph = (text: string): string[] => [helper.boxWrap(plain(text), width), ''];
    const list = (title: string, items: string[]): string[] => (items.length === 0 ? [] : [title, ...items, '']);
    const root = cmd.parent === null;
    const lines = [
      ...(root ? paragraph(t('cli.program.title', { version: VERSION })) : []),
      helper.boxWrap(`${t('cli.help.usage')} ${helper.commandUsage(cmd)}`, width),
      '',
      ...(definition !== null ? paragraph(t(definition.description)) : paragraph(t('cli.program.window'))),
      ...list(
        t('cli.help.arguments'),
        helper.visibleArguments(cmd).map((a) => item(helper.argumentTerm(a), helper.argumentDescription(a))),
      ),
      ...list(
        t('cli.help.commands'),
        helper.visibleCommands(cmd).map((c) => item(helper.subcommandTerm(c), helper.subcommandDescription(c))),
      ),
      ...list(
        t('cli.help.flags'),
        helper.visibleOptions(cmd).map((o) => item(helper.optionTerm(o), helper.optionDescription(o))),
      ),
      ...(root
        ? [...paragraph(t('cli.program.commandHelp')), ...paragraph(t('cli.program.configuration')), t('cli.program.exitStatus')]
        : definition !== null && Object.keys(definition.flags).length > 0
          ? [t('cli.help.overrides')]
          : []),
    ];
    while (lines.at(-1) === '') lines.pop();
    return `${lines.join('\n')}\n`;
  }
}

/** Arguments are named by their id for the parser; the shown name is the translated placeholder, kept on the Argument. */
const PLACEHOLDERS = new WeakMap<Argument, string>();

export function setArgumentPlaceholder(argument: Argument, placeholder: string): Argument {
  PLACEHOLDERS.set(argument, placeholder);
  return argument;
}

function argumentPlaceholder(argument: Argument): string {
  return PLACEHOLDERS.get(argument) ?? argument.name();
}
