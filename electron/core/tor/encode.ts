// Builds control commands from checked parts, so no file name, password or
// config value can smuggle a second command into the line (plain Node).
import { TorArgumentError } from './errors';
import { assertSendable, quoteString } from './quoted-string';

export { quoteString } from './quoted-string';

/** Command names, event names, option names: letters, digits, `_` (control-spec `Keyword`). */
const KEYWORD = /^[A-Za-z][A-Za-z0-9_]*$/;
/** An unquoted argument: visible ASCII without `"` (it would start a QuotedString) or `\`. */
const TOKEN = /^[!#-[\]-~]+$/;

export function keyword(word: string, what = 'a keyword'): string {
  if (word.length === 0) throw new TorArgumentError('empty', what);
  assertSendable(word, what);
  if (!KEYWORD.test(word)) throw new TorArgumentError('bad-keyword', what);
  return word;
}

/** An argument sent as is: `NEW:ED25519-V3`, `Port=80,17600`, `status/bootstrap-phase`. */
export function token(value: string, what = 'an argument'): string {
  if (value.length === 0) throw new TorArgumentError('empty', what);
  assertSendable(value, what);
  if (!TOKEN.test(value)) throw new TorArgumentError('bad-token', what);
  return value;
}

/** `Key=value` with the value unquoted (checked as a token). */
export function kv(key: string, value: string, what = key): string {
  return `${keyword(key, `the name of ${what}`)}=${token(value, what)}`;
}

/** `Key="value"`, for values that may hold spaces or quotes. */
export function kvQuoted(key: string, value: string, what = key): string {
  return `${keyword(key, `the name of ${what}`)}=${quoteString(value, what)}`;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/**
 * One command line without its CRLF. Every argument must already be encoded
 * (token, kv, quoteString, hex); this checks the whole line once more.
 */
export function command(name: string, ...args: string[]): string {
  const line = [keyword(name, 'the command name'), ...args].join(' ');
  assertCommandLine(line);
  return line;
}

/** The last check before bytes go out: one line, starting with a keyword. */
export function assertCommandLine(line: string): void {
  assertSendable(line, 'the command');
  const name = /^\S+/.exec(line)?.[0];
  if (name === undefined) throw new TorArgumentError('empty', 'the command');
  keyword(name, 'the command name');
}
