// The `oniondrop` command line as a commander program built from the command
// definitions (plain Node). Commander splits the arguments, finds the command,
// prints help and version; everything it says comes from the catalogue, it
// writes through the CliContext and never exits the process, so commands run
// in-process in tests exactly as in a terminal.
import { Argument, Command, Option } from 'commander';
import { closestName } from '../core/config/suggest';
import { VERSION } from '../core/version';
import type { Translator } from '../../i18n/messages';
import { EXIT, UsageError, type CliContext, type ExitCode } from './context';
import type { CommandDefinition, FlagDefinition, Flags, ValueEnv } from './definition';
import { CliHelp, HELP_WIDTH, flagSentences, plain, setArgumentPlaceholder, type Described } from './help';
import { readFlagValue } from './options-from-flags';
import { commandLine, wordsOf } from './words';

/** A commander Command that knows its definition and speaks from the catalogue. */
class CliCommand extends Command implements Described {
  definition: CommandDefinition | null = null;

  constructor(
    name: string | undefined,
    readonly tr: Translator,
  ) {
    super(name);
  }

  override createCommand(name?: string): CliCommand {
    return new CliCommand(name, this.tr);
  }

  override createHelp(): CliHelp {
    return Object.assign(new CliHelp(), this.configureHelp());
  }

  /** "oniondrop" or "oniondrop share": how this command's messages begin. */
  get label(): string {
    return this.parent === null ? this.name() : `oniondrop ${this.name()}`;
  }

  // Commander reports parsing mistakes through the methods below (they are
  // not in its typings, and it has no other way to change their words:
  // tj/commander.js#1801). Each gives one line from the catalogue and exit 2;
  // test/unit/cli checks every one, so a commander upgrade that renames them
  // fails there rather than falling back to English.

  unknownOption(flag: string): void {
    const typed = flag.split('=')[0] ?? flag;
    const names = [...this.options.flatMap((o) => (o.long ? [o.long.slice(2)] : [])), 'help'];
    const near = typed.startsWith('--') ? closestName(typed.slice(2), names) : null;
    this.usageError(this.tr.t('cli.usage.unknownFlag', { flag: typed }), 'commander.unknownOption', near === null ? null : `--${near}`);
  }

  unknownCommand(): void {
    const typed = this.args[0] ?? '';
    const near = closestName(typed, [...this.commands.map((c) => c.name()), 'help']);
    this.usageError(this.tr.t('cli.usage.unknownCommand', { name: typed }), 'commander.unknownCommand', near);
  }

  missingArgument(id: string): void {
    const argument = this.definition?.args.find((a) => a.id === id);
    const message = argument ? this.tr.t(argument.missing) : id;
    this.usageError(message, 'commander.missingArgument', null);
  }

  optionMissingArgument(option: Option): void {
    const flag = option.long ?? option.flags;
    const placeholder = option.flags.replace(/^.* <([^>]+)>$/, '$1');
    this.error(this.line(this.tr.t('cli.usage.missingValue', { flag, placeholder })), {
      exitCode: EXIT.usage,
      code: 'commander.optionMissingArgument',
    });
  }

  _excessArguments(received: string[]): void {
    const argument = received[this.registeredArguments.length] ?? '';
    this.usageError(this.tr.t('cli.usage.unexpectedArgument', { argument }), 'commander.excessArguments', null);
  }

  line(message: string): string {
    return commandLine(this.tr, this.label, message);
  }

  /** One line: the mistake, then "did you mean ...?" or where the help is. */
  private usageError(message: string, code: string, suggestion: string | null): never {
    const { t } = this.tr;
    const text = suggestion === null ? t('cli.usage.seeHelp', { message, help: `${this.label} --help` }) : t('cli.usage.didYouMean', { message, suggestion });
    return this.error(this.line(text), { exitCode: EXIT.usage, code });
  }
}

/** A flag as typed: `--csp POLICY` gives its text, `--no-csp` none. */
interface Given {
  readonly flag: string;
  readonly negated: boolean;
  readonly text?: string;
}

/** The given flags as values; the last of a repeated flag wins, `--x` with `--no-x` is a usage error. */
function flagValues(ctx: CliContext, flags: Flags, given: readonly Given[], env: ValueEnv): { values: Record<string, unknown>; typed: Map<string, string> } {
  const values: Record<string, unknown> = {};
  const typed = new Map<string, string>();
  for (const g of given) {
    if (given.some((other) => other.flag === g.flag && other.negated !== g.negated)) {
      throw new UsageError(wordsOf(ctx).t('cli.usage.contradict', { first: `--${g.flag}`, second: `--no-${g.flag}` }));
    }
    const definition = flags[g.flag] as FlagDefinition;
    if (g.negated) {
      values[g.flag] = definition.negation?.value;
      continue;
    }
    values[g.flag] = readFlagValue(ctx, g.flag, definition, g.text ?? '', env);
    if (g.text !== undefined) typed.set(g.flag, g.text);
  }
  return { values, typed };
}

function addCommand(program: CliCommand, definition: CommandDefinition, ctx: CliContext, done: (code: ExitCode) => void): void {
  const { tr } = program;
  const cmd = program.command(definition.name) as CliCommand;
  cmd.definition = definition;
  cmd.summary(tr.t(definition.summary)).description(plain(tr.t(definition.description)));
  for (const a of definition.args) {
    const argument = new Argument(a.many ? `<${a.id}...>` : `<${a.id}>`, tr.t(a.help));
    cmd.addArgument(setArgumentPlaceholder(argument, tr.t(a.placeholder)));
  }
  const given: Given[] = [];
  for (const [flag, flagDefinition] of Object.entries(definition.flags)) {
    const value = flagDefinition.value === undefined ? '' : ` <${tr.t(flagDefinition.value.placeholder)}>`;
    cmd.addOption(new Option(`--${flag}${value}`, plain(flagSentences(tr, flagDefinition).join(' '))));
    cmd.on(`option:${flag}`, (text?: string) => given.push({ flag, negated: false, ...(text === undefined ? {} : { text }) }));
    if (flagDefinition.negation !== undefined) {
      cmd.addOption(new Option(`--no-${flag}`, plain(tr.t(flagDefinition.negation.help))));
      cmd.on(`option:no-${flag}`, () => given.push({ flag, negated: true }));
    }
  }
  cmd.action(async () => {
    try {
      const env: ValueEnv = { now: Date.now(), cwd: process.cwd(), home: ctx.home };
      const { values, typed } = flagValues(ctx, definition.flags, given, env);
      done(await definition.run({ flags: values, typed, args: cmd.args }, ctx));
    } catch (err) {
      if (err instanceof UsageError) {
        ctx.err(cmd.line(err.message));
        done(EXIT.usage);
      } else {
        ctx.err(cmd.line(err instanceof Error ? err.message : String(err)));
        done(EXIT.failure);
      }
    }
  });
}

/** The whole program; `done` receives the exit code of the command that ran. */
export function buildProgram(commands: readonly CommandDefinition[], ctx: CliContext, done: (code: ExitCode) => void): Command {
  const tr = wordsOf(ctx);
  const strip = (text: string): string => text.replace(/\n$/, '');
  const program = new CliCommand('oniondrop', tr);
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.out(strip(text)),
      writeErr: (text) => ctx.err(strip(text)),
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    // Flags before the command are the program's (--help, --version); after it, the command's.
    .enablePositionalOptions()
    .helpOption('-h, --help', tr.t('cli.help.helpFlag'))
    .helpCommand(`help [${tr.t('cli.help.commandPlaceholder')}]`, tr.t('cli.help.helpCommand'))
    .version(`oniondrop ${VERSION}`, '-V, --version', tr.t('cli.help.versionFlag'));
  for (const definition of commands) addCommand(program, definition, ctx, done);
  return program;
}
