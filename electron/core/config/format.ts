// Text renderings of the configuration for the CLI: effective values with origins, warnings, option help (plain Node).
import { envNameOf } from './env';
import type { LoadedConfig } from './load';
import { quoteValue } from './line-parser';
import { formatOrigin } from './origin';
import { optionKeys, specOf, type Config, type OptionKey } from './schema';
import { formatWarning } from './warnings';

export const SECRET_MASK = '********';

/** The config-file text of one effective value; a set secret is masked. */
export function formatValue<K extends OptionKey>(key: K, value: Config[K]): string {
  const spec = specOf(key);
  const text = spec.type.format(value);
  if (spec.secret && text !== '') return SECRET_MASK;
  return quoteValue(text);
}

/**
 * Like `git config --list --show-origin`: one line per option,
 * `ORIGIN<TAB>key = value`, ORIGIN being `default`, `file:PATH:LINE` or
 * `env:NAME`. Values are written as a config file would hold them.
 */
export function formatEffectiveConfig(config: Pick<LoadedConfig, 'values' | 'origins'>): string {
  return optionKeys
    .map((key) => `${formatOrigin(config.origins[key])}\t${key} = ${formatValue(key, config.values[key])}\n`)
    .join('');
}

/** One warning per line, `FILE:LINE: message`. */
export function formatWarnings(config: Pick<LoadedConfig, 'warnings'>): string {
  return config.warnings.map((w) => `${formatWarning(w)}\n`).join('');
}

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && indent.length + current.length + 1 + word.length > width) {
      lines.push(indent + current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(indent + current);
  return lines.join('\n');
}

/** The OPTIONS part of `oniondrop --help`, from the schema. */
export function formatOptionsHelp(width = 80): string {
  return optionKeys
    .map((key) => {
      const spec = specOf(key);
      const defaultText = spec.defaultText === '' ? '(empty)' : quoteValue(spec.defaultText);
      const body = `${spec.doc} Default: ${defaultText}. Environment: ${envNameOf(key)}.`;
      return `  ${key} = ${spec.type.placeholder}\n${wrap(body, width, '      ')}\n`;
    })
    .join('');
}
