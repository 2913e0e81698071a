// Unit tests (plain Node): one config line -> setting, include, blank or error; quoting for writing.
import { describe, expect, it } from 'vitest';
import { parseLine, quoteValue } from '../../../electron/core/config/line-parser';

function valueOf(line: string): string {
  const parsed = parseLine(line);
  if (parsed.kind !== 'setting') throw new Error(`not a setting: ${JSON.stringify(parsed)}`);
  return parsed.value;
}

function errorOf(line: string): string {
  const parsed = parseLine(line);
  if (parsed.kind !== 'error') throw new Error(`not an error: ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe('parseLine', () => {
  it.each(['', '   ', '\t', '# comment', '   # indented comment', '#key = value'])('%j is blank', (line) => {
    expect(parseLine(line)).toEqual({ kind: 'blank' });
  });

  it('trims spaces and tabs around key and value', () => {
    expect(parseLine(' \tshare.title\t =  My files  \t')).toEqual({
      kind: 'setting',
      key: 'share.title',
      value: 'My files',
    });
  });

  it('splits at the first = only', () => {
    expect(valueOf('website.csp = a=b; c=d')).toBe('a=b; c=d');
  });

  it('allows an empty value', () => {
    expect(valueOf('share.title =')).toBe('');
    expect(valueOf('share.title = # nothing')).toBe('');
    expect(valueOf('share.title = ""')).toBe('');
  });

  it('ends an unquoted value at a # after whitespace, but keeps a#b', () => {
    expect(valueOf('share.title = hello # world')).toBe('hello');
    expect(valueOf('share.title = hello\t#world')).toBe('hello');
    expect(valueOf('share.title = a#b')).toBe('a#b');
    expect(valueOf('share.title = a#b #c')).toBe('a#b');
  });

  it('reads double-quoted values with escapes and a # inside', () => {
    expect(valueOf('share.title = "  # not a comment  "')).toBe('  # not a comment  ');
    expect(valueOf('share.title = "say \\"hi\\" \\\\ back"')).toBe('say "hi" \\ back');
    expect(valueOf('share.title = "two\\nlines\\tand tab"')).toBe('two\nlines\tand tab');
    expect(valueOf('share.title = "quoted" # trailing comment')).toBe('quoted');
  });

  it('reads single-quoted values literally', () => {
    expect(valueOf("share.title = 'a \\n \" # b'")).toBe('a \\n " # b');
    expect(valueOf("share.title = ''")).toBe('');
  });

  it('keeps quotes that do not begin the value', () => {
    expect(valueOf("website.csp = default-src 'self'")).toBe("default-src 'self'");
    expect(valueOf('share.title = say "hi"')).toBe('say "hi"');
  });

  it.each([
    ['share.title = "unterminated', 'missing closing "'],
    ["share.title = 'unterminated", "missing closing '"],
    ['share.title = "a" b', 'unexpected text after the closing quote'],
    ['share.title = "bad \\x escape"', "unknown escape '\\x'"],
    ['share.title', "expected 'key = value'"],
    ['SocksPort 9050', "expected 'key = value'"],
    ['= value', 'missing option name'],
    ['share title = x', 'contains a space'],
    ['share/title = x', 'not an option name'],
    ['%include', '%include needs a path'],
    ['%includes /x', "unknown directive '%includes'"],
    ['%define x', "unknown directive '%define'"],
  ])('%j is an error mentioning %j', (line, message) => {
    expect(errorOf(line)).toContain(message);
  });

  it('reads %include with a plain or quoted path', () => {
    expect(parseLine('%include /etc/oniondrop.d/extra')).toEqual({ kind: 'include', path: '/etc/oniondrop.d/extra' });
    expect(parseLine('  %include   "dir with space/*.conf"  # c')).toEqual({
      kind: 'include',
      path: 'dir with space/*.conf',
    });
  });
});

describe('quoteValue', () => {
  it.each([
    'plain',
    '',
    "default-src 'self'",
    'a#b',
    ' leading',
    'trailing ',
    'has # comment',
    '#start',
    '"quoted"',
    "'single'",
    'back\\slash "and" quote',
    'new\nline\ttab',
  ])('round-trips %j', (value) => {
    expect(valueOf(`share.title = ${quoteValue(value)}`)).toBe(value);
  });

  it('leaves ordinary values unquoted', () => {
    expect(quoteValue('17600-17659')).toBe('17600-17659');
    expect(quoteValue("default-src 'self'")).toBe("default-src 'self'");
  });
});
