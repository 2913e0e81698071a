// Host header allow-list against DNS rebinding (plain Node).
import { describe, expect, it } from 'vitest';
import { isAllowedHost } from '../../../electron/core/http/host-check';

const onion = 'a'.repeat(52) + '2345';

describe('isAllowedHost', () => {
  it('answers onion addresses, IP literals and localhost', () => {
    for (const host of [`${onion}.onion`, `${onion}.onion:80`, `www.${onion}.onion`, `${onion.toUpperCase()}.ONION`, '127.0.0.1:17600', '10.152.152.11', '[::1]:17600', '[::1]', 'localhost:17600', 'localhost.']) {
      expect(isAllowedHost(host), host).toBe(true);
    }
  });
  it('refuses every other name, and garbage', () => {
    for (const host of [undefined, '', 'evil.example', 'evil.example:17600', '127.0.0.1.nip.io', 'short.onion', `${onion}.onion.evil.example`, '[::1', '[::1]x', '[evil]', '127.0.0.1:port', 'a b']) {
      expect(isAllowedHost(host), String(host)).toBe(false);
    }
  });
});
