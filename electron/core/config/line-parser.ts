// Parses one line of a config file, and quotes values for writing (plain Node).
//
// Rules (documented in the man page, CONFIGURATION):
// - spaces and tabs around the line, the key and the value are ignored;
// - a line whose first non-blank character is `#` is a comment;
// - `key = value`; the value may be "double-quoted" (escapes \" \\ \n \t) or
//   'single-quoted' (taken literally); a `#` inside quotes is part of the value;
// - in an unquoted value, a `#` at its start or after a space or tab starts a
//   comment, so `a#b` is a value and `a #b` is `a`; after a closing quote only
//   a comment may follow;
// - `%include PATH` includes files (PATH is parsed like a value).

export type ParsedLine =
  | { readonly kind: 'blank' }
  | { readonly kind: 'setting'; readonly key: string; readonly value: string }
  | { readonly kind: 'include'; readonly path: string }
  | { readonly kind: 'error'; readonly message: string };

type ValueOutcome = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

const KEY = /^[A-Za-z0-9_.-]+$/;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

function trimBlanks(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

function restIsComment(rest: string): boolean {
  const trimmed = trimBlanks(rest);
  return trimmed === '' || trimmed.startsWith('#');
}

function parseDoubleQuoted(text: string): ValueOutcome {
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      return restIsComment(text.slice(i + 1))
        ? { ok: true, value }
        : { ok: false, message: 'unexpected text after the closing quote' };
    }
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      const replacement = ESCAPES[next];
      if (replacement === undefined) {
        return { ok: false, message: `unknown escape '\\${next}' in a double-quoted value (use \\" \\\\ \\n or \\t)` };
      }
      value += replacement;
      i++;
    } else {
      value += ch;
    }
  }
  return { ok: false, message: 'missing closing "' };
}

function parseSingleQuoted(text: string): ValueOutcome {
  const end = text.indexOf("'", 1);
  if (end < 0) return { ok: false, message: "missing closing '" };
  return restIsComment(text.slice(end + 1))
    ? { ok: true, value: text.slice(1, end) }
    : { ok: false, message: 'unexpected text after the closing quote' };
}

/** The value part of a line (after `=` or `%include`). */
export function parseValue(raw: string): ValueOutcome {
  const text = trimBlanks(raw);
  if (text.startsWith('"')) return parseDoubleQuoted(text);
  if (text.startsWith("'")) return parseSingleQuoted(text);
  if (text.startsWith('#')) return { ok: true, value: '' };
  const comment = /[ \t]#/.exec(text);
  return { ok: true, value: comment ? trimBlanks(text.slice(0, comment.index)) : text };
}

export function parseLine(line: string): ParsedLine {
  const text = trimBlanks(line);
  if (text === '' || text.startsWith('#')) return { kind: 'blank' };

  if (text.startsWith('%')) {
    const match = /^%([A-Za-z_]*)(.*)$/.exec(text);
    const name = match?.[1] ?? '';
    const rest = match?.[2] ?? '';
    if (name !== 'include' || (rest !== '' && !/^[ \t]/.test(rest))) {
      return { kind: 'error', message: `unknown directive '%${name}' (only %include is supported)` };
    }
    const path = parseValue(rest);
    if (!path.ok) return { kind: 'error', message: path.message };
    if (path.value === '') return { kind: 'error', message: '%include needs a path' };
    return { kind: 'include', path: path.value };
  }

  const eq = text.indexOf('=');
  if (eq < 0) return { kind: 'error', message: "expected 'key = value'" };
  const key = trimBlanks(text.slice(0, eq));
  if (key === '') return { kind: 'error', message: "missing option name before '='" };
  if (!KEY.test(key)) {
    return /[ \t]/.test(key)
      ? { kind: 'error', message: `option name '${key}' contains a space; expected 'key = value'` }
      : { kind: 'error', message: `'${key}' is not an option name (letters, digits, '_', '.', '-')` };
  }
  const value = parseValue(text.slice(eq + 1));
  if (!value.ok) return { kind: 'error', message: value.message };
  return { kind: 'setting', key, value: value.value };
}

// eslint-disable-next-line no-control-regex
const NEEDS_QUOTES = /^["' \t#]|[ \t]$|[ \t]#|[\u0000-\u001f\u007f]/;

/** Config text for a value such that parseValue gives it back unchanged. */
export function quoteValue(value: string): string {
  if (!NEEDS_QUOTES.test(value)) return value;
  const escaped = value.replace(/[\\"\n\t]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : `\\${ch}`));
  return `"${escaped}"`;
}
