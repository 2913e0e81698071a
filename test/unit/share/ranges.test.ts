// Range and If-Range decisions, as a table (plain Node).
import { describe, expect, it } from 'vitest';
import { contentRange, decideRange, ifRangeMatches, parseRange, type RangeDecision } from '../../../electron/core/share/ranges';

const partial = (start: number, end: number): RangeDecision => ({ kind: 'partial', range: { start, end } });
const full = (why: string): RangeDecision => ({ kind: 'full', why }) as RangeDecision;
const unsat = (why: 'out-of-range' | 'multiple'): RangeDecision => ({ kind: 'unsatisfiable', why });

describe('parseRange on a 1000-byte body', () => {
  const table: [string | undefined, RangeDecision][] = [
    [undefined, full('no-range')],
    ['bytes=0-99', partial(0, 99)],
    ['bytes=0-0', partial(0, 0)],
    ['bytes=500-', partial(500, 999)],
    ['bytes=999-', partial(999, 999)],
    ['bytes=-1', partial(999, 999)],
    ['bytes=-100', partial(900, 999)],
    ['bytes=-5000', partial(0, 999)],
    ['bytes=900-5000', partial(900, 999)],
    ['bytes=0-99999999999999999999', partial(0, 999)],
    ['Bytes=10-19', partial(10, 19)],
    ['bytes=10-19, ,', partial(10, 19)],
    ['  bytes=10-19  ', partial(10, 19)],
    ['bytes=1000-', unsat('out-of-range')],
    ['bytes=1000-2000', unsat('out-of-range')],
    ['bytes=99999999999999999999-', unsat('out-of-range')],
    ['bytes=-0', unsat('out-of-range')],
    ['bytes=0-1,5-6', unsat('multiple')],
    ['bytes=0-10,5-20', unsat('multiple')],
    ['bytes=0-1, 2000-3000', unsat('multiple')],
    ['bytes=5-1', full('malformed')],
    ['bytes=-', full('malformed')],
    ['bytes=', full('malformed')],
    ['bytes=a-b', full('malformed')],
    ['bytes=0 - 1', full('malformed')],
    ['bytes=+1-2', full('malformed')],
    ['bytes=0x10-', full('malformed')],
    ['bytes=1-2-3', full('malformed')],
    ['bytes=0-1,x', full('malformed')],
    ['bytes 0-1', full('malformed')],
    ['0-1', full('malformed')],
    ['items=0-1', full('other-unit')],
    ['', full('malformed')],
  ];
  for (const [header, expected] of table) {
    it(`${JSON.stringify(header)} -> ${JSON.stringify(expected)}`, () => {
      expect(parseRange(header, 1000)).toEqual(expected);
    });
  }
});

describe('parseRange edge sizes', () => {
  it('a zero-byte body satisfies no range', () => {
    expect(parseRange('bytes=0-', 0)).toEqual(unsat('out-of-range'));
    expect(parseRange('bytes=-1', 0)).toEqual(unsat('out-of-range'));
  });
  it('a one-byte body', () => {
    expect(parseRange('bytes=0-', 1)).toEqual(partial(0, 0));
    expect(parseRange('bytes=-9', 1)).toEqual(partial(0, 0));
    expect(parseRange('bytes=1-', 1)).toEqual(unsat('out-of-range'));
  });
  it('sizes beyond 4 GiB stay exact', () => {
    const size = 6 * 1024 ** 3 + 7;
    expect(parseRange('bytes=5000000000-', size)).toEqual(partial(5_000_000_000, size - 1));
    expect(contentRange({ start: 5_000_000_000, end: size - 1 }, size)).toBe(`bytes 5000000000-${size - 1}/${size}`);
  });
});

describe('If-Range', () => {
  const mtime = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
  const v = { etag: '"abc"', lastModifiedMs: mtime };
  it('matches the same strong ETag only', () => {
    expect(ifRangeMatches('"abc"', v)).toBe(true);
    expect(ifRangeMatches('"abd"', v)).toBe(false);
    expect(ifRangeMatches('W/"abc"', v)).toBe(false);
    expect(ifRangeMatches('abc', v)).toBe(false);
  });
  it('matches exactly the Last-Modified date (whole seconds)', () => {
    expect(ifRangeMatches('Tue, 02 Jan 2024 03:04:05 GMT', v)).toBe(true);
    expect(ifRangeMatches('Tue, 02 Jan 2024 03:04:06 GMT', v)).toBe(false);
    expect(ifRangeMatches('Tuesday, 02-Jan-24 03:04:05 GMT', v)).toBe(false);
    expect(ifRangeMatches('1', v)).toBe(false);
  });
  it('decideRange: a mismatched If-Range sends everything, a matching one the range', () => {
    const req = (ifRange: string | undefined) => ({ method: 'GET', range: 'bytes=10-', ifRange });
    expect(decideRange(req('"abc"'), 100, v)).toEqual(partial(10, 99));
    expect(decideRange(req('"old"'), 100, v)).toEqual(full('if-range-mismatch'));
    expect(decideRange(req('Mon, 01 Jan 2024 00:00:00 GMT'), 100, v)).toEqual(full('if-range-mismatch'));
    expect(decideRange(req(undefined), 100, v)).toEqual(partial(10, 99));
  });
  it('decideRange: Range on HEAD is ignored, If-Range without Range is ignored', () => {
    expect(decideRange({ method: 'HEAD', range: 'bytes=0-1', ifRange: undefined }, 100, v)).toEqual(full('not-get'));
    expect(decideRange({ method: 'GET', range: undefined, ifRange: '"x"' }, 100, v)).toEqual(full('no-range'));
  });
  it('Content-Range for a 416', () => {
    expect(contentRange(null, 1234)).toBe('bytes */1234');
  });
});
