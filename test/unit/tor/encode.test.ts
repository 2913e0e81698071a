// The argument encoder: nothing with CR, LF or NUL is ever sent, and quoting round-trips.
import { describe, expect, it } from 'vitest';
import { command, keyword, kv, kvQuoted, quoteString, token, assertCommandLine } from '../../../electron/core/tor/encode';
import { unquoteString } from '../../../electron/core/tor/quoted-string';
import { TorArgumentError } from '../../../electron/core/tor/errors';

function refusal(fn: () => unknown): TorArgumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TorArgumentError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('encoder', () => {
  it.each([
    ['CR', 'a\rb', 'line-break'],
    ['LF', 'file\nSIGNAL HALT', 'line-break'],
    ['CRLF', 'x\r\nQUIT', 'line-break'],
    ['NUL', 'a\0b', 'nul'],
  ])('refuses a value with %s in every builder', (_name, value, problem) => {
    expect(refusal(() => quoteString(value, 'the file name')).problem).toBe(problem);
    expect(refusal(() => quoteString(value, 'the file name')).what).toBe('the file name');
    expect(refusal(() => token(value)).problem).toBe(problem);
    expect(refusal(() => kvQuoted('Name', value)).problem).toBe(problem);
    expect(refusal(() => command('GETINFO', value)).problem).toBe(problem);
    expect(refusal(() => assertCommandLine(`GETINFO ${value}`)).problem).toBe(problem);
  });

  it('never puts the refused value in the error message', () => {
    const e = refusal(() => quoteString('hunter2\n', 'the password'));
    expect(e.message).not.toContain('hunter2');
  });

  it('refuses bad keywords and tokens', () => {
    expect(refusal(() => keyword('GET INFO')).problem).toBe('bad-keyword');
    expect(refusal(() => keyword('')).problem).toBe('empty');
    expect(refusal(() => token('two words')).problem).toBe('bad-token');
    expect(refusal(() => token('"quoted"')).problem).toBe('bad-token');
    expect(refusal(() => command('GET/INFO', 'version')).problem).toBe('bad-keyword');
    expect(refusal(() => assertCommandLine('')).problem).toBe('empty');
  });

  it('builds commands from checked parts', () => {
    expect(command('ADD_ONION', token('NEW:ED25519-V3'), kv('Port', '80,17600'))).toBe(
      'ADD_ONION NEW:ED25519-V3 Port=80,17600',
    );
    expect(kvQuoted('SUMMARY', 'say "hi" \\ bye')).toBe('SUMMARY="say \\"hi\\" \\\\ bye"');
  });

  it('quotes so that tor reads back exactly the same string', () => {
    const samples = ['', 'plain', 'with "quotes"', 'back\\slash', '\\n is not a newline', '\\0 nor a NUL', 'ünïcödé ✓ 🧅', '\t tab', 'end\\'];
    for (const s of samples) {
      const q = quoteString(s);
      expect(unquoteString(q, 0), s).toEqual({ value: s, end: q.length });
    }
    // random strings from a nasty alphabet
    const alphabet = ['\\', '"', 'n', 't', '0', '7', ' ', 'é', '🧅', 'x'];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const len = i % 12;
      for (let j = 0; j < len; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += alphabet[seed % alphabet.length];
      }
      expect(unquoteString(quoteString(s), 0)?.value).toBe(s);
    }
  });

  it("reads tor's C-style escapes in its quoted strings", () => {
    expect(unquoteString('"a\\nb\\tc\\\\d\\"e"')?.value).toBe('a\nb\tc\\d"e');
    expect(unquoteString('"caf\\303\\251"')?.value).toBe('café');
    expect(unquoteString('"\\q"')?.value).toBe('q');
    expect(unquoteString('"never closed')).toBeUndefined();
    expect(unquoteString('"ends in backslash\\')).toBeUndefined();
  });
});
