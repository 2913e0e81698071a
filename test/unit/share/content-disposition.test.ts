// Download file names in Content-Disposition (plain Node).
import { describe, expect, it } from 'vitest';
import { asciiFallback, contentDisposition, encodeRfc8187 } from '../../../electron/core/share/content-disposition';

/** What a browser would recover from filename*. */
function decodeStar(header: string): string {
  const m = /filename\*=UTF-8''([^;]*)/.exec(header);
  if (!m || m[1] === undefined) throw new Error(`no filename* in ${header}`);
  return decodeURIComponent(m[1]);
}

describe('contentDisposition', () => {
  it('plain ASCII names appear as they are in both forms', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });
  it('UTF-8 names survive in filename* and get a readable ASCII fallback', () => {
    for (const name of ['Übersicht März.pdf', '日本語のファイル.txt', 'emoji 🎉.zip', 'naïve café.md']) {
      const h = contentDisposition(name);
      expect(decodeStar(h)).toBe(name);
      expect(h).toMatch(/^attachment; filename="[\x20-\x7e]+"; /);
    }
    expect(asciiFallback('Übersicht März.pdf')).toBe('Ubersicht Marz.pdf');
    expect(asciiFallback('日本語.txt')).toBe('___.txt');
  });
  it('quotes, backslashes, percent signs and controls cannot break out of the header', () => {
    const name = 'a"b\\c%41d\r\ne;f=g\'(h)*.txt';
    const h = contentDisposition(name);
    expect(decodeStar(h)).toBe(name);
    expect(h).not.toMatch(/[\r\n]/);
    const fallback = /filename="([^"]*)"/.exec(h)?.[1];
    expect(fallback).toBe('a_b_c_41d__e;f=g\'(h)*.txt');
    // filename* carries only RFC 8187 attr-chars and %XX.
    expect(encodeRfc8187(name)).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });
  it('a name with nothing ASCII-readable falls back to "download"', () => {
    expect(asciiFallback('日本')).toBe('download');
    expect(asciiFallback('"""')).toBe('download');
    expect(asciiFallback('')).toBe('download');
  });
});
