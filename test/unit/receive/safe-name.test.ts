// File names from visitors made safe to save, and numbering of duplicates (plain Node).
import { describe, expect, it } from 'vitest';
import {
  MAX_NAME_BYTES,
  numberedName,
  partFileName,
  safeFileName,
  splitExtension,
  truncateUtf8,
  utf8Length,
} from '../../../electron/core/receive/safe-name';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

describe('safeFileName: path parts', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['/etc/shadow', 'shadow'],
    ['..\\..\\Windows\\System32\\cmd.exe', 'cmd.exe'],
    ['C:\\Users\\me\\report.pdf', 'report.pdf'],
    ['a/b\\c/d.txt', 'd.txt'],
    ['photos/', 'unnamed'],
    ['..', 'unnamed'],
    ['.', 'unnamed'],
    ['../', 'unnamed'],
    ['', 'unnamed'],
  ])('%j -> %j', (raw, safe) => {
    expect(safeFileName(raw)).toBe(safe);
  });
});

describe('safeFileName: control and direction characters', () => {
  it('removes NUL and every C0 control', () => {
    let raw = 'a';
    for (let c = 0; c < 0x20; c++) raw += String.fromCharCode(c);
    expect(safeFileName(`${raw}b.txt`)).toBe('ab.txt');
  });

  it('removes DEL and C1 controls', () => {
    expect(safeFileName('x\u007fy\u0080z\u009f.txt')).toBe('xyz.txt');
  });

  it('a NUL cannot cut the name short or hide an extension', () => {
    expect(safeFileName('evil.txt\u0000.exe')).toBe('evil.txt.exe');
  });

  it('undoes the right-to-left override trick, so the real extension shows', () => {
    // Displays as "invoiceexe.pdf" in a file manager; it is an .exe.
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
  });

  it.each(['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\uFEFF'])(
    'removes U+%s',
    (ch) => {
      expect(safeFileName(`a${ch}b.txt`)).toBe('ab.txt');
    },
  );

  it('keeps ordinary right-to-left text', () => {
    expect(safeFileName('מסמך.pdf')).toBe('מסמך.pdf');
    expect(safeFileName('تقرير.txt')).toBe('تقرير.txt');
  });

  it('a name of nothing but controls becomes "unnamed"', () => {
    expect(safeFileName('\u0000\u0001\u202E\n')).toBe('unnamed');
  });
});

describe('safeFileName: leading and trailing characters', () => {
  it.each([
    ['.bashrc', 'bashrc'],
    ['...hidden', 'hidden'],
    ['-rf', 'rf'],
    ['--help.txt', 'help.txt'],
    ['.-.-x', 'x'],
    ['  spaced.txt', 'spaced.txt'],
    ['name.txt.', 'name.txt'],
    ['name.txt . . ', 'name.txt'],
    ['trailing   ', 'trailing'],
    ['a-b.c-d', 'a-b.c-d'],
    ['in.the.middle', 'in.the.middle'],
  ])('%j -> %j', (raw, safe) => {
    expect(safeFileName(raw)).toBe(safe);
  });
});

describe('safeFileName: Windows', () => {
  it.each([
    ['CON', '_CON'],
    ['con', '_con'],
    ['PRN.txt', '_PRN.txt'],
    ['AUX.tar.gz', '_AUX.tar.gz'],
    ['NUL.txt', '_NUL.txt'],
    ['nul', '_nul'],
    ['COM1', '_COM1'],
    ['com9.log', '_com9.log'],
    ['LPT1.doc', '_LPT1.doc'],
    ['LPT9', '_LPT9'],
    ['COM¹', '_COM¹'],
    ['CONIN$', '_CONIN$'],
    ['CON .txt', '_CON .txt'],
  ])('reserved %j -> %j', (raw, safe) => {
    expect(safeFileName(raw)).toBe(safe);
  });

  it.each([['CONSOLE.txt'], ['COM10'], ['NULL'], ['icon.png'], ['LPT'], ['auxiliary']])('%j is not reserved', (raw) => {
    expect(safeFileName(raw)).toBe(raw);
  });

  it('replaces the characters Windows refuses', () => {
    expect(safeFileName('a<b>c:d"e|f?g*h.txt')).toBe('a_b_c_d_e_f_g_h.txt');
  });
});

describe('safeFileName: Unicode and length', () => {
  it('composes to NFC (macOS sends decomposed names)', () => {
    const decomposed = 'Cafe\u0301.txt';
    const result = safeFileName(decomposed);
    expect(result).toBe('Café.txt');
    expect(result).toBe(result.normalize('NFC'));
  });

  it('replaces a lone surrogate', () => {
    expect(safeFileName('a\uD800b.txt')).toBe('a\uFFFDb.txt');
  });

  it('cuts a 1000-byte name to 255 bytes and keeps the extension', () => {
    const name = `${'a'.repeat(996)}.pdf`;
    const safe = safeFileName(name);
    expect(bytes(safe)).toBe(MAX_NAME_BYTES);
    expect(safe.endsWith('.pdf')).toBe(true);
  });

  it('cuts multi-byte names on a character boundary', () => {
    for (const ch of ['é', '€', '😀', '漢']) {
      const safe = safeFileName(`${ch.repeat(400)}.txt`);
      expect(bytes(safe)).toBeLessThanOrEqual(MAX_NAME_BYTES);
      expect(safe.endsWith('.txt')).toBe(true);
      expect(safe).not.toContain('\uFFFD');
      // Only whole characters before the extension.
      expect([...safe.slice(0, -4)].every((c) => c === ch)).toBe(true);
      expect(Buffer.from(safe, 'utf8').toString('utf8')).toBe(safe);
    }
  });

  it('a long "extension" is not kept at the cost of the whole stem', () => {
    const safe = safeFileName(`stem.${'x'.repeat(600)}`);
    expect(bytes(safe)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(safe.startsWith('stem.')).toBe(true);
  });

  it('a name of exactly 255 bytes is kept as is', () => {
    const name = `${'b'.repeat(251)}.txt`;
    expect(safeFileName(name)).toBe(name);
  });

  it('is idempotent', () => {
    for (const raw of ['../../etc/passwd', 'CON', 'invoice\u202Efdp.exe', `${'😀'.repeat(200)}.png`, ' .-x. ', 'a:b']) {
      const once = safeFileName(raw);
      expect(safeFileName(once)).toBe(once);
    }
  });
});

describe('numberedName', () => {
  it('puts the number before the extension', () => {
    expect(numberedName('report.pdf', 1)).toBe('report (1).pdf');
    expect(numberedName('report.pdf', 2)).toBe('report (2).pdf');
    expect(numberedName('archive.tar.gz', 3)).toBe('archive.tar (3).gz');
    expect(numberedName('README', 1)).toBe('README (1)');
  });

  it('stays within 255 bytes for a name that already fills them', () => {
    const full = safeFileName(`${'z'.repeat(600)}.txt`);
    const n = numberedName(full, 12);
    expect(bytes(n)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(n.endsWith(' (12).txt')).toBe(true);
  });
});

describe('partFileName', () => {
  it('appends .part', () => {
    expect(partFileName('photo.jpg')).toBe('photo.jpg.part');
  });

  it('a visitor cannot name a finished file like an unfinished one: ".part" becomes "_part"', () => {
    expect(safeFileName('movie.part')).toBe('movie_part');
    expect(safeFileName('MOVIE.PART')).toBe('MOVIE_part');
    expect(safeFileName('a.part.zip')).toBe('a.part.zip');
    expect(safeFileName(`${'q'.repeat(600)}.part`).endsWith('_part')).toBe(true);
  });

  it('stays within 255 bytes and keeps the extension before .part', () => {
    const full = safeFileName(`${'q'.repeat(600)}.jpg`);
    const part = partFileName(full);
    expect(bytes(part)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(part.endsWith('.jpg.part')).toBe(true);
  });
});

describe('helpers', () => {
  it('splitExtension', () => {
    expect(splitExtension('a.txt')).toEqual(['a', '.txt']);
    expect(splitExtension('a')).toEqual(['a', '']);
    expect(splitExtension('a.')).toEqual(['a.', '']);
    expect(splitExtension('.x')).toEqual(['.x', '']);
  });

  it('truncateUtf8 never splits a character', () => {
    expect(truncateUtf8('😀😀', 5)).toBe('😀');
    expect(truncateUtf8('abc', 10)).toBe('abc');
    expect(utf8Length('é')).toBe(2);
  });
});
