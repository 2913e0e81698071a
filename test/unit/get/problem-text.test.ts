// Every problem of the get client reads as plain words with a fix, from the one catalogue (plain Node).
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../electron/contract';
import { CLIENT_AUTH_PROFILE_LINE } from '../../../electron/core/get';
import { translatorFor } from '../../../i18n/messages';
import { problemText } from '../../../i18n/problem-text';

const i18n = translatorFor('en');

const PROBLEMS: Problem[] = [
  { kind: 'get-address', input: 'https://example.com' },
  ...(['malformed', 'other-onion'] as const).map((reason): Problem => ({ kind: 'get-client-key', reason })),
  { kind: 'get-client-auth-filtered', command: 'ONION_CLIENT_AUTH_ADD', profileLine: CLIENT_AUTH_PROFILE_LINE, whonix: true },
  { kind: 'get-client-auth-filtered', command: 'ONION_CLIENT_AUTH_ADD', profileLine: CLIENT_AUTH_PROFILE_LINE, whonix: false },
  ...(['offline', 'needs-key', 'wrong-key', 'unreachable'] as const).map((reason): Problem => ({ kind: 'get-onion', reason, detail: 'onion service introduction failed' })),
  ...(['unreachable', 'not-socks', 'refused'] as const).map((reason): Problem => ({ kind: 'get-socks', proxy: 'unix:/run/tor/socks', reason })),
  ...(['not-oniondrop', 'newer-version', 'invalid', 'unsafe-path', 'too-large'] as const).map(
    (reason): Problem => ({ kind: 'get-manifest', reason, where: 'files[3].path', path: '../x' }),
  ),
  ...(['ended', 'closing', 'busy', 'gone'] as const).map((reason): Problem => ({ kind: 'get-refused', reason, status: 410 })),
  { kind: 'get-share-changed', name: 'album/a.jpg', resuming: false },
  { kind: 'get-share-changed', name: null, resuming: false },
  { kind: 'get-share-changed', name: null, resuming: true },
  ...(['size', 'range', 'extra-bytes', 'status', 'no-ranges'] as const).map((reason): Problem => ({ kind: 'get-bad-response', name: 'a.bin', reason, detail: '418' })),
  ...(['stalled', 'cut-off', 'timeout', 'server-error', 'busy'] as const).map((last): Problem => ({ kind: 'get-gave-up', name: 'a.bin', attempts: 12, last })),
  { kind: 'get-gave-up', name: 'a.bin', attempts: 1, last: 'stalled' },
  ...(['sha256', 'crc32'] as const).map((method): Problem => ({ kind: 'get-verify', name: 'a.bin', method })),
  ...(['missing', 'not-folder', 'not-writable', 'busy', 'unsafe'] as const).map((reason): Problem => ({ kind: 'get-destination', path: '/home/u/Downloads', reason })),
  { kind: 'get-write', path: '/home/u/Downloads/a.bin.oniondrop-part', code: 'ENOSPC' },
  { kind: 'get-write', path: '/home/u/Downloads/a.bin.oniondrop-part', code: 'EIO' },
];

describe('problemText for get', () => {
  it.each(PROBLEMS.map((p) => [`${p.kind} ${JSON.stringify(p)}`, p] as const))('%s has a title, body and fix in words', (_name, problem) => {
    const text = problemText(problem, i18n.t, 'en');
    for (const part of [text.title, text.body, text.fix]) {
      expect(part.trim()).not.toBe('');
      expect(part).not.toMatch(/problems\.|\{\{|undefined/);
    }
  });

  it('a filtered key names the command and the profile line that allows it', () => {
    const text = problemText(PROBLEMS[3] as Problem, i18n.t, 'en');
    expect(text.title).toContain('ONION_CLIENT_AUTH_ADD');
    expect(text.fix).toContain(CLIENT_AUTH_PROFILE_LINE);
    expect(text.fix).toContain('40_oniondrop.yml');
  });

  it('says "1 time" and "12 times"', () => {
    const one = problemText({ kind: 'get-gave-up', name: 'a', attempts: 1, last: 'stalled' }, i18n.t, 'en');
    const many = problemText({ kind: 'get-gave-up', name: 'a', attempts: 12, last: 'cut-off' }, i18n.t, 'en');
    expect(one.body).toContain('1 time in a row');
    expect(many.body).toContain('12 times in a row');
    expect(many.body).toContain('the connection was cut');
  });
});
