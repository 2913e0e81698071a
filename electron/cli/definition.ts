// What a CLI command is made of, as data (plain Node): its name, words,
// arguments and flags, and what it runs. The parser (program.ts), `--help`
// (help.ts) and the man page (man-page.ts) are all read from these
// definitions, so they cannot disagree. Every text is a catalogue key; the
// words themselves live in i18n/locales (section `cli`).
import type { ParseKeys } from 'i18next';
import type { ShareOptions } from '../contract';
import type { OptionKey } from '../core/config';
import type { CliContext, ExitCode } from './context';

/** A key of the i18n catalogue. */
export type MessageKey = ParseKeys;

/** What the value parsers may look at besides the text. */
export interface ValueEnv {
  /** Milliseconds since the epoch, for times such as HH:MM. */
  readonly now: number;
  /** The folder relative paths start from. */
  readonly cwd: string;
  readonly home: string;
}

/**
 * The kind of value a flag takes: how the text becomes a value, and the words
 * that explain it in help, in the man page and in the error for a bad value.
 * Range checks shared with the window stay in core/options-patch.ts; a kind
 * only reads the text.
 */
export interface ValueKind<T> {
  /** The metavariable, one word in capitals (SECONDS). */
  readonly placeholder: MessageKey;
  /** Completes "must be ...": what a good value looks like. */
  readonly rule: MessageKey;
  /** Values the rule's text names, such as the list of language codes. */
  readonly ruleValues?: Readonly<Record<string, string>>;
  /** The value, or undefined when the text is not one. */
  parse(text: string, env: ValueEnv): T | undefined;
}

/** A field of ShareOptions, dotted inside `receive` and `website`; the names core/options-patch.ts reports. */
export type OptionField =
  | Exclude<keyof ShareOptions, 'receive' | 'website'>
  | `receive.${keyof ShareOptions['receive'] & string}`
  | `website.${keyof ShareOptions['website'] & string}`
  | `chat.${keyof ShareOptions['chat'] & string}`;

/** What a flag's help says the default is. */
export type FlagDefault =
  /** The configuration setting that gives the default; help shows its built-in value. */
  | { readonly setting: OptionKey }
  /** Words, such as "never". */
  | { readonly words: MessageKey };

interface FlagBase<T> {
  /** What the flag does, as one lower-case phrase. */
  readonly help: MessageKey;
  readonly default: FlagDefault;
  /** `--no-NAME` as well: its help, and the value it stands for. */
  readonly negation?: { readonly help: MessageKey; readonly value: T };
  /** The share option the flag sets; core/options-patch.ts checks the value. */
  readonly sets?: OptionField;
}

/** `--public`: on when given. */
export interface SwitchFlag extends FlagBase<boolean> {
  readonly value?: undefined;
}

/** `--auto-stop SECONDS`. */
export interface ValueFlag<T> extends FlagBase<T> {
  readonly value: ValueKind<T>;
}

export type FlagDefinition<T = unknown> = SwitchFlag | ValueFlag<T>;

/** Flags by long name without the dashes, in the order help lists them. */
export type Flags = Readonly<Record<string, FlagDefinition>>;

type NegatedValue<D> = D extends { readonly negation: { readonly value: infer N } } ? N : never;

/** What one flag gave on the command line: a switch is true, `--no-NAME` gives the negation's value. */
export type FlagValue<D> = D extends { readonly value: ValueKind<infer T> } ? T | NegatedValue<D> : boolean;

export type FlagValues<F extends Flags> = { readonly [K in keyof F]?: FlagValue<F[K]> };

export interface ArgumentDefinition {
  /** Its name in the parser and in the catalogue; also what the run gets. */
  readonly id: string;
  readonly placeholder: MessageKey;
  readonly help: MessageKey;
  /** One or more (FILE...) rather than exactly one. */
  readonly many: boolean;
  /** The usage error when it is missing. */
  readonly missing: MessageKey;
}

/** What a command's run gets from the command line. */
export interface CommandInput<F extends Flags> {
  readonly flags: FlagValues<F>;
  /** The text each given flag had, for error messages (`--auto-stop -5`). */
  readonly typed: ReadonlyMap<string, string>;
  /** The arguments, in order (FILE... flattened). */
  readonly args: readonly string[];
}

export interface CommandDefinition<F extends Flags = Flags> {
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: MessageKey;
  /** A paragraph for the command's help and the man page; `code` in backquotes. */
  readonly description: MessageKey;
  readonly args: readonly ArgumentDefinition[];
  readonly flags: F;
  run(input: CommandInput<F>, ctx: CliContext): Promise<ExitCode>;
}

/** Keeps the flags' types for `run` while the registry holds plain CommandDefinitions. */
export function defineCommand<F extends Flags>(definition: CommandDefinition<F>): CommandDefinition<F> {
  return definition;
}
