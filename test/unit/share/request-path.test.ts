// Strict request path parsing: the only way from a URL to a catalog entry (plain Node).
import { describe, expect, it } from 'vitest';
import { encodeSegment, parseRequestPath, urlPathFor } from '../../../electron/core/share/request-path';

describe('parseRequestPath accepts plain paths', () => {
  const ok: [string, string[], boolean][] = [
    ['/', [], true],
    ['/download/a.zip', ['download', 'a.zip'], false],
    ['/files/My%20Folder/', ['files', 'My Folder'], true],
    ['/files/%C3%9Cbersicht.pdf?x=1', ['files', 'Übersicht.pdf'], false],
    ['/files/%252e%252e', ['files', '%2e%2e'], false],
    ['/files/a+b(1)!.txt', ['files', 'a+b(1)!.txt'], false],
    ['/files/.hidden', ['files', '.hidden'], false],
    ['/files/...', ['files', '...'], false],
  ];
  for (const [url, segments, directory] of ok) {
    it(url, () => expect(parseRequestPath(url)).toEqual({ ok: true, segments, directory }));
  }
});

describe('parseRequestPath refuses every traversal and decoding trick', () => {
  const bad: [string, string][] = [
    ['/../etc/passwd', 'dot-segment'],
    ['/files/../../etc/passwd', 'dot-segment'],
    ['/files/./a', 'dot-segment'],
    ['/files/%2e%2e/%2e%2e/etc/passwd', 'dot-segment'],
    ['/files/%2E%2E%2Fetc%2Fpasswd', 'forbidden-character'],
    ['/files/..%2fetc%2fpasswd', 'forbidden-character'],
    ['/files/..%5c..%5cetc', 'forbidden-character'],
    ['/files/..\\..\\etc', 'bad-character'],
    ['/files/%c0%ae%c0%ae/etc', 'not-utf8'],
    ['/files/%e0%80%ae', 'not-utf8'],
    ['/files/%ed%a0%80', 'not-utf8'],
    ['/files/%ff', 'not-utf8'],
    ['/files/a%00.txt', 'forbidden-character'],
    ['/files/a%0d%0aSet-Cookie:x', 'forbidden-character'],
    ['/files/%', 'bad-percent-encoding'],
    ['/files/%2', 'bad-percent-encoding'],
    ['/files/%zz', 'bad-percent-encoding'],
    ['//etc/passwd', 'empty-segment'],
    ['/files//etc/passwd', 'empty-segment'],
    ['http://example.com/files/a', 'not-origin-form'],
    ['*', 'not-origin-form'],
    ['etc/passwd', 'not-origin-form'],
    ['/files/a b', 'bad-character'],
    ['/files/a"b', 'bad-character'],
    ['/files/\u00e9', 'bad-character'],
    ['/files/a#b', 'bad-character'],
  ];
  for (const [url, problem] of bad) {
    it(`${JSON.stringify(url)} -> ${problem}`, () => expect(parseRequestPath(url)).toEqual({ ok: false, problem }));
  }
});

describe('links round-trip through the parser', () => {
  it('every odd name comes back as itself', () => {
    const names = ['a b', 'x%y', '50% off?.txt', "it's (1).md", 'a*b', 'Übersicht', '日本', '#hash', 'semi;colon', '🎉'];
    for (const name of names) {
      const parsed = parseRequestPath(`/files/${encodeSegment(name)}`);
      expect(parsed).toEqual({ ok: true, segments: ['files', name], directory: false });
    }
  });
  it('urlPathFor keeps folder slashes', () => {
    expect(urlPathFor('/files', 'My Folder/sub/')).toBe('/files/My%20Folder/sub/');
    expect(urlPathFor('/files/', 'a/b.txt')).toBe('/files/a/b.txt');
  });
});
