// Loads the effective configuration: defaults, three config.d folders, then ONIONDROP_* (plain Node).
import { envNames, ENV_PREFIX, keyOfEnvName, NON_OPTION_ENV_NAMES } from './env';
import { configFolders, listConfigFolder, type ConfigFolder, type FolderOptions } from './folders';
import { DEFAULT_ORIGIN, type Origin } from './origin';
import { defaultConfig, isOptionKey, optionKeys, specOf, type Config, type OptionKey } from './schema';
import { closestName } from './suggest';
import type { ParseContext } from './value-types';
import { walkConfigFile } from './walk';
import type { ConfigWarning, WarningSource } from './warnings';

export type LoadOptions = FolderOptions;

export interface LoadedConfig {
  readonly values: Config;
  readonly origins: { readonly [K in OptionKey]: Origin };
  /**
   * Per key, the earlier settings the effective one replaced, oldest first
   * (defaults not listed). A GUI setting listed here has been overridden by a
   * later file or the environment.
   */
  readonly overridden: { readonly [K in OptionKey]: readonly Origin[] };
  readonly warnings: readonly ConfigWarning[];
  /** Every file read, in reading order, as shown in origins and warnings. */
  readonly files: readonly string[];
  /** The folders searched, in order. */
  readonly folders: readonly ConfigFolder[];
}

function originToSource(origin: Exclude<Origin, { kind: 'default' }>): WarningSource {
  return origin.kind === 'env'
    ? { kind: 'env', name: origin.name }
    : { kind: 'file', file: origin.file, line: origin.line };
}

/** A value as it can be quoted in a one-line warning: control characters escaped, long ones cut. */
function printable(text: string): string {
  const escaped = text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g,
    (ch) => (ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`),
  );
  return escaped.length > 80 ? `${escaped.slice(0, 77)}...` : escaped;
}

/** Accumulates layers; a bad setting leaves the previous layer's value in place. */
class Layers {
  private readonly values: Record<OptionKey, unknown>;
  private readonly origins: Record<OptionKey, Origin>;
  private readonly overridden: Record<OptionKey, Origin[]>;
  readonly warnings: ConfigWarning[] = [];

  constructor(private readonly ctx: ParseContext) {
    this.values = { ...defaultConfig(ctx) };
    this.origins = Object.fromEntries(optionKeys.map((k) => [k, DEFAULT_ORIGIN])) as Record<OptionKey, Origin>;
    this.overridden = Object.fromEntries(optionKeys.map((k) => [k, []])) as unknown as Record<OptionKey, Origin[]>;
  }

  set(key: OptionKey, text: string, origin: Exclude<Origin, { kind: 'default' }>): void {
    const spec = specOf(key);
    const parsed = spec.type.parse(text, this.ctx);
    if (!parsed.ok) {
      const shown = spec.secret ? '' : ` '${printable(text)}'`;
      this.warnings.push({
        code: 'invalid-value',
        source: originToSource(origin),
        message: `invalid value${shown} for '${key}': ${parsed.reason ?? `expected ${spec.type.expected}`}`,
      });
      return;
    }
    const previous = this.origins[key];
    if (previous.kind !== 'default') this.overridden[key].push(previous);
    this.values[key] = parsed.value;
    this.origins[key] = origin;
  }

  result(rest: Pick<LoadedConfig, 'files' | 'folders'>): LoadedConfig {
    return {
      values: this.values as Config,
      origins: this.origins,
      overridden: this.overridden,
      warnings: this.warnings,
      ...rest,
    };
  }
}

function suggestion(name: string, candidates: readonly string[]): string {
  const closest = closestName(name, candidates);
  return closest === null ? '' : ` (did you mean '${closest}'?)`;
}

/**
 * Never throws on bad input: unknown options, bad values, unreadable files and
 * broken %include lines become `warnings`. Synchronous: a handful of small
 * files at startup, and callers (CLI, service) need the result before anything.
 */
export function loadConfig(options: LoadOptions): LoadedConfig {
  const layers = new Layers({ home: options.home });
  const files: string[] = [];
  const { folders, warnings: folderWarnings } = configFolders(options);
  const warn = (w: ConfigWarning): void => void layers.warnings.push(w);
  folderWarnings.forEach(warn);

  const handlers = {
    setting(key: string, value: string, file: string, line: number): void {
      if (!isOptionKey(key)) {
        warn({
          code: 'unknown-option',
          source: { kind: 'file', file, line },
          message: `unknown option '${key}'${suggestion(key, optionKeys)}`,
        });
        return;
      }
      layers.set(key, value, { kind: 'file', file, line });
    },
    warn,
    fileRead: (file: string): void => void files.push(file),
  };
  for (const folder of folders) {
    for (const file of listConfigFolder(folder.dir, warn)) walkConfigFile(file, options.root, handlers);
  }

  // Sorted so the layer (and its warnings) do not depend on the order of the
  // environment block.
  const envEntries = Object.entries(options.env)
    .filter((entry): entry is [string, string] => entry[0].startsWith(ENV_PREFIX) && !NON_OPTION_ENV_NAMES.has(entry[0]) && entry[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of envEntries) {
    const key = keyOfEnvName(name);
    if (key === undefined) {
      warn({
        code: 'unknown-option',
        source: { kind: 'env', name },
        message: `unknown option variable${suggestion(name, envNames)}`,
      });
      continue;
    }
    layers.set(key, value, { kind: 'env', name });
  }

  return layers.result({ files, folders });
}
