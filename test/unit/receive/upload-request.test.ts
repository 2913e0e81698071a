// Decisions from an upload's head: cross-site posts and declared lengths (plain Node).
import { describe, expect, it } from 'vitest';
import { declaredLength, framingAllowance, isCrossSite } from '../../../electron/core/receive/upload-request';

describe('isCrossSite', () => {
  const host = '127.0.0.1:17600';
  it('lets our own form through (same-origin fetch metadata, Origin null under no-referrer)', () => {
    expect(isCrossSite({ host, 'sec-fetch-site': 'same-origin', origin: 'null' })).toBe(false);
    expect(isCrossSite({ host, origin: `http://${host}` })).toBe(false);
  });

  it('lets clients without browser headers through (curl)', () => {
    expect(isCrossSite({ host })).toBe(false);
  });

  it('refuses a post a page of another site made', () => {
    expect(isCrossSite({ host, 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(isCrossSite({ host, 'sec-fetch-site': 'same-site' })).toBe(true);
    expect(isCrossSite({ host, origin: 'http://evil.example' })).toBe(true);
    expect(isCrossSite({ host, origin: 'http://127.0.0.1:17601' })).toBe(true);
  });

  it('compares the onion host without regard to case', () => {
    const onion = `${'a'.repeat(56)}.onion`;
    expect(isCrossSite({ host: onion, origin: `http://${onion.toUpperCase()}` })).toBe(false);
  });
});

describe('declaredLength', () => {
  it('reads a plain Content-Length', () => {
    expect(declaredLength({ 'content-length': '1234' })).toBe(1234);
    expect(declaredLength({ 'content-length': '0' })).toBe(0);
  });
  it('is null for chunked bodies and junk', () => {
    expect(declaredLength({})).toBeNull();
    expect(declaredLength({ 'content-length': '-1' })).toBeNull();
    expect(declaredLength({ 'content-length': '1e9' })).toBeNull();
    expect(declaredLength({ 'content-length': '9'.repeat(20) })).toBeNull();
  });
  it('framing allowance grows with files and message length', () => {
    expect(framingAllowance(10, 100)).toBeLessThan(framingAllowance(1000, 100));
    expect(framingAllowance(10, 100)).toBeLessThan(framingAllowance(10, 100_000));
  });
});
