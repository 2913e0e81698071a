// Unit tests: CRC-32 used for zip entries (plain Node).
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from '../../../electron/core/share/zip/crc32';
import { pseudoRandomBytes } from './fixtures';

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'), 0)).toBe(0xcbf43926);
    expect(crc32Table(Buffer.from('123456789'), 0)).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0), 0)).toBe(0);
  });

  it('table fallback equals the native one, also when fed in pieces', () => {
    const data = pseudoRandomBytes(100_003, 42);
    const whole = crc32(data, 0);
    expect(crc32Table(data, 0)).toBe(whole);
    let running = 0;
    for (let at = 0; at < data.length; at += 7919) running = crc32Table(data.subarray(at, at + 7919), running);
    expect(running).toBe(whole);
  });
});
