// Turns the flags' text into a share's options (plain Node): each flag's
// value kind reads its text, then the flags that set a share option go
// through validatePatch, the window's own checks, so a value is judged in one
// place. A value refused either way is a usage error in words, naming the
// flag and what it must be.
import type { ShareOptions, ShareOptionsPatch } from '../contract';
import { OptionsPatchError, validatePatch } from '../core/options-patch';
import { UsageError } from './context';
import type { CommandInput, FlagDefinition, Flags, ValueEnv } from './definition';
import { wordsOf, type CliWhere } from './words';

/** The text as typed, on one line: bare when that is unambiguous, else quoted, control characters escaped. */
function shown(typed: string): string {
  if (/^[\w.,:/+@%=~-]+$/.test(typed)) return typed;
  // eslint-disable-next-line no-control-regex -- a newline in a value must not split the error line
  const escaped = typed.replace(/'/g, `'\\''`).replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return `'${escaped}'`;
}

/** `--auto-stop -5: must be a number of seconds, 1 or more`. */
export function badValue(ctx: CliWhere, flag: string, definition: FlagDefinition, typed: string): UsageError {
  const { t } = wordsOf(ctx);
  if (definition.value === undefined) return new UsageError(t('cli.usage.unexpectedArgument', { argument: typed }));
  return new UsageError(t('cli.usage.badValue', { flag: `--${flag}`, value: shown(typed), rule: t(definition.value.rule, definition.value.ruleValues) }));
}

/** A flag's value from its text; throws the usage error for a text that is not one. */
export function readFlagValue(ctx: CliWhere, flag: string, definition: FlagDefinition, typed: string, env: ValueEnv): unknown {
  if (definition.value === undefined) return true;
  const value = definition.value.parse(typed, env);
  if (value === undefined) throw badValue(ctx, flag, definition, typed);
  return value;
}

/** Sets `receive.folder` and the like inside a patch. */
function setField(patch: Record<string, unknown>, field: string, value: unknown): void {
  const dot = field.indexOf('.');
  if (dot < 0) {
    patch[field] = value;
    return;
  }
  const group = field.slice(0, dot);
  const inner = (patch[group] ?? {}) as Record<string, unknown>;
  patch[group] = { ...inner, [field.slice(dot + 1)]: value };
}

/**
 * `defaults` (from the configuration) with `fixed` (what the command always
 * sets) and then the given flags applied; throws UsageError naming the flag
 * for a value the window would refuse too.
 */
export function optionsFromFlags<F extends Flags>(
  ctx: CliWhere,
  defaults: ShareOptions,
  flags: F,
  input: CommandInput<F>,
  fixed: ShareOptionsPatch = {},
): ShareOptions {
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fixed)) patch[field] = value;
  const flagOf = new Map<string, string>();
  for (const [flag, definition] of Object.entries(flags)) {
    const value = (input.flags as Record<string, unknown>)[flag];
    if (definition.sets === undefined || value === undefined) continue;
    setField(patch, definition.sets, value);
    flagOf.set(definition.sets, flag);
  }
  try {
    return validatePatch(defaults, patch as ShareOptionsPatch);
  } catch (err) {
    const flag = err instanceof OptionsPatchError ? flagOf.get(err.field) : undefined;
    const definition = flag === undefined ? undefined : flags[flag];
    if (flag === undefined || definition === undefined) throw err;
    throw badValue(ctx, flag, definition, input.typed.get(flag) ?? '');
  }
}
