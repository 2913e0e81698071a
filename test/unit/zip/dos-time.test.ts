// Unit tests: DOS date/time and Unix seconds written into zip headers (plain Node).
import { afterEach, describe, expect, it } from 'vitest';
import { dosDateTime, unixSeconds } from '../../../electron/core/share/zip/dos-time';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('dosDateTime', () => {
  it('encodes the UTC fields, seconds rounded down to even', () => {
    // 13:45:58 -> 13<<11 | 45<<5 | 29 ; 2024-02-29 -> 44<<9 | 2<<5 | 29
    expect(dosDateTime(Date.UTC(2024, 1, 29, 13, 45, 58))).toEqual({ time: 28093, date: 22621 });
    expect(dosDateTime(Date.UTC(2024, 1, 29, 13, 45, 59, 999))).toEqual({ time: 28093, date: 22621 });
    expect(dosDateTime(Date.UTC(1980, 0, 1))).toEqual({ time: 0, date: 33 });
  });

  it('gives the same bytes in every time zone', () => {
    const ms = Date.UTC(2023, 6, 1, 23, 30, 0);
    process.env.TZ = 'Asia/Tokyo';
    const tokyo = dosDateTime(ms);
    process.env.TZ = 'America/Los_Angeles';
    const la = dosDateTime(ms);
    expect(tokyo).toEqual(la);
    expect(tokyo).toEqual({ time: (23 << 11) | (30 << 5), date: (43 << 9) | (7 << 5) | 1 });
  });

  it('clamps to the range DOS dates can hold', () => {
    expect(dosDateTime(0)).toEqual({ time: 0, date: 33 });
    expect(dosDateTime(Date.UTC(2200, 0, 1))).toEqual({ time: 49021, date: 65439 });
  });
});

describe('unixSeconds', () => {
  it('floors to seconds and stays within what signed and unsigned readers agree on', () => {
    expect(unixSeconds(1_700_000_000_999)).toBe(1_700_000_000);
    expect(unixSeconds(-5000)).toBe(0);
    expect(unixSeconds(Date.UTC(2100, 0, 1))).toBe(0x7fffffff);
  });
});
