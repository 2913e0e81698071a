// The control protocol's QuotedString: quoting what we send, reading what tor sends (plain Node).
import { TorArgumentError } from './errors';

/** CR, LF and NUL end a command line early in tor's parser: refused everywhere. */
const FORBIDDEN = /[\r\n\0]/;

export function assertSendable(value: string, what: string): void {
  const bad = FORBIDDEN.exec(value);
  if (bad) throw new TorArgumentError(bad[0] === '\0' ? 'nul' : 'line-break', what);
}

/**
 * `"..."` with `\` and `"` escaped, as control-spec 2.1 asks. Nothing else is
 * escaped, so tor's C-escape reading (\n, \t, \0..\377) never sees a backslash
 * before a letter or digit that we did not double.
 */
export function quoteString(value: string, what = 'a quoted value'): string {
  assertSendable(value, what);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export interface Unquoted {
  value: string;
  /** Index just past the closing quote. */
  end: number;
}

/**
 * Reads a QuotedString starting at `text[start] === '"'`. Follows control-spec
 * 2.1.1: tor writes several of its QuotedStrings as C strings, so `\n`, `\t`,
 * `\r` and octal `\0`..`\377` are C escapes; a backslash before anything else
 * stands for that character. Returns undefined when the string never closes.
 */
export function unquoteString(text: string, start = 0): Unquoted | undefined {
  if (text[start] !== '"') return undefined;
  const bytes: number[] = [];
  const pushText = (s: string): void => {
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
  };
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (c !== '\\') {
      const cp = text.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      pushText(ch);
      i += ch.length;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += 1 + octal[0].length;
      continue;
    }
    const cEscape: Record<string, number> = { n: 0x0a, t: 0x09, r: 0x0d };
    const mapped = cEscape[next];
    if (mapped !== undefined) bytes.push(mapped);
    else pushText(next);
    i += 2;
  }
  return undefined;
}
