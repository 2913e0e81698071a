// Host header allow-list against DNS rebinding, and exactly one Host header (plain Node).
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { hostProblem, isAllowedHost } from '../../../electron/core/http/host-check';

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

describe('hostProblem', () => {
  // What Node hands the door: the raw list keeps every header; `headers.host` only the first.
  const request = (...hosts: string[]): IncomingMessage =>
    ({ rawHeaders: hosts.flatMap((h, i) => [i % 2 ? 'HOST' : 'Host', h]), headers: hosts.length ? { host: hosts[0] } : {} }) as unknown as IncomingMessage;
  it('one allowed Host: fine', () => {
    expect(hostProblem(request('127.0.0.1:17600'), true)).toBeNull();
  });
  it('two Host headers, even the same, in any case: duplicate, with or without the name check', () => {
    expect(hostProblem(request('127.0.0.1', '127.0.0.1'), true)).toBe('duplicate');
    expect(hostProblem(request('127.0.0.1', 'evil.example'), true)).toBe('duplicate');
    expect(hostProblem(request('127.0.0.1', '127.0.0.1'), false)).toBe('duplicate');
  });
  it('none, or a foreign name: refused when names are checked', () => {
    expect(hostProblem(request(), true)).toBe('missing');
    expect(hostProblem(request('evil.example'), true)).toBe('foreign');
    expect(hostProblem(request('evil.example'), false)).toBeNull();
  });
});
