// Value types of configuration options: parse config text, format values back (plain Node).
import { isIP } from 'node:net';
import { isAbsolute, join, normalize } from 'node:path';
import { bridgeLineErrorText } from '../../../i18n/bridge-line-text';
import { LANGUAGE_CODES, type LanguageSetting } from '../../../i18n/languages';
import { translatorFor } from '../../../i18n/messages';
import { normalizeBridgeText, parseBridgeText } from '../tor/bridges/bridge-line';

export interface ParseContext {
  /** Home folder that `~` expands to. */
  readonly home: string;
}

/** A failure may say why, when "expected ..." alone would not show the user where (a long value). */
export type ParseOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason?: string };

export type ValueTypeName =
  | 'string'
  | 'path'
  | 'command'
  | 'bool'
  | 'integer'
  | 'port'
  | 'size'
  | 'enum'
  | 'port-range'
  | 'address'
  | 'host'
  | 'bridge-lines';

/**
 * How one option's text becomes a typed value. `T` is what the rest of the app
 * sees; `parse` and `format` are methods (not function properties) so a spec of
 * a narrow `T` is still assignable to `ValueType<unknown>` for generic code.
 */
export interface ValueType<T> {
  readonly name: ValueTypeName;
  /** Metavariable for help and man page, e.g. `FIRST-LAST`. */
  readonly placeholder: string;
  /** What a valid value looks like; completes "expected ...". */
  readonly expected: string;
  parse(text: string, ctx: ParseContext): ParseOutcome<T>;
  /** The config-file text for a value; parsing it gives the value back. */
  format(value: T): string;
}

export interface PortRange {
  readonly first: number;
  readonly last: number;
}

const ok = <T>(value: T): ParseOutcome<T> => ({ ok: true, value });
const bad: ParseOutcome<never> = { ok: false };

// Values end up in HTTP headers and Tor control commands, where a newline or
// NUL would smuggle in a second header or command.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export function stringType(opts: { optional: true }): ValueType<string | null>;
export function stringType(opts: { optional: false }): ValueType<string>;
export function stringType(opts: { optional: boolean }): ValueType<string | null> {
  return {
    name: 'string',
    placeholder: 'TEXT',
    expected: opts.optional
      ? 'text without control characters, or nothing'
      : 'text without control characters',
    parse(text) {
      if (CONTROL_CHARS.test(text)) return bad;
      if (text === '' && opts.optional) return ok(null);
      return ok(text);
    },
    format: (value) => value ?? '',
  };
}

function expandPath(text: string, ctx: ParseContext): string | null {
  if (text === '~') return ctx.home;
  if (text.startsWith('~/')) return normalize(join(ctx.home, text.slice(2)));
  if (isAbsolute(text)) return normalize(text);
  return null;
}

export function pathType(opts: { optional: true }): ValueType<string | null>;
export function pathType(opts: { optional: false }): ValueType<string>;
export function pathType(opts: { optional: boolean }): ValueType<string | null> {
  return {
    name: 'path',
    placeholder: 'PATH',
    expected: opts.optional
      ? 'an absolute path, a path starting with ~/, or nothing'
      : 'an absolute path or a path starting with ~/',
    parse(text, ctx) {
      if (text === '' && opts.optional) return ok(null);
      if (CONTROL_CHARS.test(text)) return bad;
      const expanded = expandPath(text, ctx);
      return expanded === null ? bad : ok(expanded);
    },
    format: (value) => value ?? '',
  };
}

/** A program: a bare name looked up in PATH, or a path. */
export function commandType(): ValueType<string> {
  return {
    name: 'command',
    placeholder: 'PROGRAM',
    expected: 'a program name looked up in PATH, an absolute path, or a path starting with ~/',
    parse(text, ctx) {
      if (text === '' || CONTROL_CHARS.test(text)) return bad;
      if (!text.includes('/')) return ok(text);
      const expanded = expandPath(text, ctx);
      return expanded === null ? bad : ok(expanded);
    },
    format: (value) => value,
  };
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

export function boolType(): ValueType<boolean> {
  return {
    name: 'bool',
    placeholder: 'BOOL',
    expected: 'true, false, yes, no, on, off, 1 or 0',
    parse(text) {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return ok(true);
      if (FALSE_WORDS.has(word)) return ok(false);
      return bad;
    },
    format: (value) => (value ? 'true' : 'false'),
  };
}

function parseDecimal(text: string): number | null {
  if (!/^[0-9]{1,15}$/.test(text)) return null;
  return Number(text);
}

export function integerType(min: number, max: number): ValueType<number> {
  return {
    name: 'integer',
    placeholder: 'NUMBER',
    expected: `a whole number from ${min} to ${max}`,
    parse(text) {
      const n = parseDecimal(text);
      return n !== null && n >= min && n <= max ? ok(n) : bad;
    },
    format: (value) => String(value),
  };
}

function parsePort(text: string): number | null {
  const n = parseDecimal(text);
  return n !== null && n >= 1 && n <= 65535 ? n : null;
}

/** A TCP port; 0 (or nothing) means "not set", which becomes null. */
export function optionalPortType(): ValueType<number | null> {
  return {
    name: 'port',
    placeholder: 'PORT',
    expected: 'a port from 1 to 65535, or 0 for none',
    parse(text) {
      if (text === '' || text === '0') return ok(null);
      const port = parsePort(text);
      return port === null ? bad : ok(port);
    },
    format: (value) => (value === null ? '0' : String(value)),
  };
}

export function portRangeType(): ValueType<PortRange> {
  return {
    name: 'port-range',
    placeholder: 'FIRST-LAST',
    expected: 'a port range FIRST-LAST with 1 <= FIRST <= LAST <= 65535, or a single port',
    parse(text) {
      const match = /^([0-9]+)(?:[ \t]*-[ \t]*([0-9]+))?$/.exec(text);
      if (!match?.[1]) return bad;
      const first = parsePort(match[1]);
      const last = match[2] === undefined ? first : parsePort(match[2]);
      if (first === null || last === null || first > last) return bad;
      return ok({ first, last });
    },
    format: (value) => `${value.first}-${value.last}`,
  };
}

const KIB = 1024;
// Single letters and IEC names are binary, SI names (kB, MB, ...) decimal, as
// their standards define them. Matched case-insensitively.
const SIZE_UNITS: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['b', 1],
  ['k', KIB],
  ['kib', KIB],
  ['kb', 1000],
  ['m', KIB ** 2],
  ['mib', KIB ** 2],
  ['mb', 1000 ** 2],
  ['g', KIB ** 3],
  ['gib', KIB ** 3],
  ['gb', 1000 ** 3],
  ['t', KIB ** 4],
  ['tib', KIB ** 4],
  ['tb', 1000 ** 4],
]);
const FORMAT_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['T', KIB ** 4],
  ['G', KIB ** 3],
  ['M', KIB ** 2],
  ['K', KIB],
];

/** A number of bytes; 0 means "no limit" where the option says so. */
export function sizeType(): ValueType<number> {
  return {
    name: 'size',
    placeholder: 'SIZE',
    expected: 'a size in bytes, optionally followed by a unit such as K, M, G, T (powers of 1024) or kB, MB, GB, TB (powers of 1000), as in 500M or 1.5GiB; 0 is allowed',
    parse(text) {
      const match = /^([0-9]{1,15}(?:\.[0-9]{1,6})?)[ \t]*([A-Za-z]*)$/.exec(text);
      if (!match?.[1]) return bad;
      const factor = SIZE_UNITS.get((match[2] ?? '').toLowerCase());
      if (factor === undefined) return bad;
      const bytes = Math.floor(Number(match[1]) * factor);
      return Number.isSafeInteger(bytes) ? ok(bytes) : bad;
    },
    format(value) {
      if (value === 0) return '0';
      for (const [unit, factor] of FORMAT_UNITS) {
        if (value % factor === 0) return `${value / factor}${unit}`;
      }
      return String(value);
    },
  };
}

export function enumType<const V extends string>(values: readonly V[]): ValueType<V> {
  return {
    name: 'enum',
    placeholder: values.join('|'),
    expected: `one of ${values.join(', ')}`,
    parse(text) {
      const word = text.toLowerCase();
      const found = values.find((v) => v === word);
      return found === undefined ? bad : ok(found);
    },
    format: (value) => value,
  };
}

/** `auto` or a language OnionDrop ships: a choice like any other, but in any case (`zh-cn` is `zh-CN`). */
export function languageType(): ValueType<LanguageSetting> {
  const values: readonly LanguageSetting[] = ['auto', ...LANGUAGE_CODES];
  return {
    name: 'enum',
    placeholder: 'LANGUAGE',
    expected: `one of ${values.join(', ')}`,
    parse(text) {
      const found = values.find((v) => v.toLowerCase() === text.toLowerCase());
      return found === undefined ? bad : ok(found);
    },
    format: (value) => value,
  };
}

function unbracket(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}

/** `auto` or an IP literal to bind to; `auto` is resolved by the platform module. */
export function listenAddressType(): ValueType<string> {
  return {
    name: 'address',
    placeholder: 'ADDRESS',
    expected: 'auto, an IPv4 address such as 127.0.0.1, or an IPv6 address such as ::1',
    parse(text) {
      if (text.toLowerCase() === 'auto') return ok('auto');
      const address = unbracket(text);
      return isIP(address) === 0 ? bad : ok(address);
    },
    format: (value) => value,
  };
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** A host name or IP literal to connect to; nothing means "not set" (null). */
export function optionalHostType(): ValueType<string | null> {
  return {
    name: 'host',
    placeholder: 'HOST',
    expected: 'a host name or IP address, or nothing',
    parse(text) {
      if (text === '') return ok(null);
      const host = unbracket(text);
      return isIP(host) !== 0 || HOSTNAME.test(host) ? ok(host) : bad;
    },
    format: (value) => value ?? '',
  };
}

/**
 * Bridge lines, one per line (in a config file: double-quoted, lines joined
 * with \n). Every line is checked; the first bad one is named in the warning.
 * Line ends are stored as \n; blank lines and # comments are kept for the
 * dialog to show them back.
 */
export function bridgeLinesType(): ValueType<string> {
  return {
    name: 'bridge-lines',
    placeholder: 'LINES',
    expected: 'bridge lines such as "obfs4 IP:PORT FINGERPRINT cert=... iat-mode=0", one per line (in a file: double-quoted, separated by \\n)',
    parse(text) {
      const normalized = normalizeBridgeText(text);
      const [first, ...rest] = parseBridgeText(normalized).errors;
      if (first === undefined) return ok(normalized);
      const { t } = translatorFor('en');
      return { ok: false, reason: bridgeLineErrorText(first, t) + (rest.length > 0 ? ` ${t('bridges.moreErrors', { count: rest.length })}` : '') };
    },
    format: (value) => value,
  };
}
