// Unit tests: which entry names and entry sets the zip writer accepts (plain Node).
import { describe, expect, it } from 'vitest';
import { nameProblem, planZip, ZipEntryError, type ZipEntry } from '../../../electron/core/share/zip';
import { unreadFile } from './fixtures';

const t = new Date('2024-01-01T00:00:00Z');
const file = (name: string, size = 1): ZipEntry => unreadFile(name, size, t);
const dir = (name: string): ZipEntry => ({ kind: 'dir', name, mtime: t });

function problemOf(entries: ZipEntry[]): unknown {
  try {
    planZip(entries);
    return null;
  } catch (err) {
    return err instanceof ZipEntryError ? { index: err.index, problem: err.problem } : err;
  }
}

describe('entry names', () => {
  it('accepts relative UTF-8 paths and folders ending in /', () => {
    expect(nameProblem('Über/naïve 日本.txt', 'file')).toBeNull();
    expect(nameProblem('a/b/c/', 'dir')).toBeNull();
    expect(nameProblem('...hidden', 'file')).toBeNull();
    expect(nameProblem('a..b/c', 'file')).toBeNull();
    expect(nameProblem('emoji 😀.txt', 'file')).toBeNull();
  });

  it.each([
    ['', 'file', 'empty-name'],
    ['/etc/passwd', 'file', 'absolute'],
    ['/', 'dir', 'absolute'],
    ['a\\b.txt', 'file', 'backslash'],
    ['a\0b', 'file', 'nul'],
    ['a//b', 'file', 'empty-segment'],
    ['a/b//', 'dir', 'empty-segment'],
    ['../x', 'file', 'dot-segment'],
    ['a/../../x', 'file', 'dot-segment'],
    ['a/./x', 'file', 'dot-segment'],
    ['a/..', 'file', 'dot-segment'],
    ['../', 'dir', 'dot-segment'],
    ['C:/Windows/x', 'file', 'drive-letter'],
    ['c:x', 'file', 'drive-letter'],
    ['bad\uD800.txt', 'file', 'malformed-unicode'],
    ['a', 'dir', 'folder-name-without-slash'],
    ['a/', 'file', 'file-name-with-slash'],
    ['x'.repeat(0x10000), 'file', 'name-too-long'],
  ] as const)('rejects %j as %s: %s', (name, kind, problem) => {
    expect(nameProblem(name, kind)).toBe(problem);
  });

  it('planZip reports the index of the offending entry', () => {
    expect(problemOf([file('ok.txt'), file('../evil')])).toEqual({ index: 1, problem: 'dot-segment' });
  });

  it('rejects duplicates, also between a file and a folder of the same name', () => {
    expect(problemOf([file('a.txt'), file('a.txt')])).toEqual({ index: 1, problem: 'duplicate' });
    expect(problemOf([dir('a/'), file('a')])).toEqual({ index: 1, problem: 'duplicate' });
  });

  it('rejects a file that is also used as a folder', () => {
    expect(problemOf([file('a'), file('a/b.txt')])).toEqual({ index: 1, problem: 'file-used-as-folder' });
    expect(problemOf([file('x/y'), file('x/y/z')])).toEqual({ index: 1, problem: 'file-used-as-folder' });
    expect(problemOf([file('a/b/c'), dir('a/b/'), dir('a/')])).toBeNull();
  });

  it('rejects bad sizes and dates', () => {
    expect(problemOf([file('a', -1)])).toEqual({ index: 0, problem: 'bad-size' });
    expect(problemOf([file('a', 1.5)])).toEqual({ index: 0, problem: 'bad-size' });
    expect(problemOf([unreadFile('a', 1, new Date(NaN))])).toEqual({
      index: 0,
      problem: 'bad-mtime',
    });
  });
});
