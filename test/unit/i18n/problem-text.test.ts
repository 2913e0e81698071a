// Every Problem the main process can report reads as plain words with a fix (plain Node).
// Runs the real catalogue of i18n/ (English); no browser needed.
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../electron/contract';
import { LANGUAGES } from '../../../i18n/languages';
import { languagesFromEnv, pickLanguage, translatorFor } from '../../../i18n/messages';
import { problemText } from '../../../i18n/problem-text';

const i18n = translatorFor('en');

/** One of each Problem shape (and each variant of the enumerated fields). */
const PROBLEMS: Problem[] = [
  { kind: 'filtered', command: 'ADD_ONION', whonix: true, required: true },
  { kind: 'filtered', command: 'SETEVENTS HS_DESC', whonix: true, required: false },
  { kind: 'filtered', command: 'ADD_ONION', whonix: false, required: true },
  { kind: 'filtered', command: 'GETINFO version', whonix: false, required: false },
  { kind: 'tor-unreachable', tried: ['/run/tor/control', '127.0.0.1:9051'], whonix: false },
  { kind: 'tor-unreachable', tried: [], whonix: true },
  ...(['cookie-unreadable', 'wrong-password', 'password-needed', 'no-method', 'server-hash'] as const).map(
    (reason): Problem => ({ kind: 'tor-auth', reason, detail: 'METHODS=HASHEDPASSWORD', file: '/run/tor/control.authcookie' }),
  ),
  { kind: 'tor-error', command: 'ADD_ONION', code: 552, message: 'Unrecognized option' },
  { kind: 'tor-bootstrap', progress: 45, summary: 'Loading relay descriptors', warning: null, whonix: false },
  { kind: 'tor-bootstrap', progress: 5, summary: 'Connecting to a relay', warning: 'Connection refused', whonix: true },
  ...(['whonix', 'disabled', 'not-installed'] as const).map((reason): Problem => ({ kind: 'own-tor-refused', reason })),
  { kind: 'port-range', first: 17600, last: 17659, host: '127.0.0.1' },
  { kind: 'listen', host: '0.0.0.0', detail: 'EACCES' },
  { kind: 'file-changed', name: 'report.pdf' },
  { kind: 'path-rejected', path: '/etc/shadow', reason: 'not readable' },
  { kind: 'nothing-to-share' },
  ...(['file-size', 'total-size', 'free-space', 'message-length', 'files-disabled', 'text-disabled'] as const).map(
    (which): Problem => ({ kind: 'limit', which, limit: 500_000_000 }),
  ),
  { kind: 'publish-unknown', reason: 'hidden', whonix: false },
  { kind: 'publish-unknown', reason: 'hidden', whonix: true },
  { kind: 'publish-unknown', reason: 'not-reported', seconds: 60, whonix: false },
  { kind: 'publish-unknown', reason: 'not-reported', seconds: 60, whonix: true },
  { kind: 'internal', message: 'boom' },
];

describe('problemText', () => {
  it.each(PROBLEMS.map((p) => [`${p.kind} ${JSON.stringify(p)}`, p] as const))('%s has a title, body and fix in words', (_name, problem) => {
    const text = problemText(problem, i18n.t, 'en');
    for (const part of [text.title, text.body, text.fix]) {
      expect(part.trim()).not.toBe('');
      // A missing key comes back as the key itself; a missing value leaves the braces.
      expect(part).not.toMatch(/problems\.|\{\{|undefined/);
    }
  });

  it('on Whonix, a filtered command names the command, the Gateway profile, the firewall ports and the docs', () => {
    const text = problemText({ kind: 'filtered', command: 'ADD_ONION', whonix: true, required: true }, i18n.t, 'en');
    expect(text.title).toContain('ADD_ONION');
    expect(text.fix).toContain('/usr/local/etc/onion-grater-merger.d/');
    expect(text.fix).toContain('sudo systemctl restart onion-grater');
    expect(text.fix).toContain('$(seq 17600 17659)');
    expect(text.fix).toContain('/usr/local/etc/whonix_firewall.d/50_user.conf');
    expect(text.fix).toContain('docs/whonix.md');
  });

  it('outside Whonix, a filtered command says which command the filter refused and does not mention the Gateway', () => {
    const text = problemText({ kind: 'filtered', command: 'ADD_ONION', whonix: false, required: true }, i18n.t, 'en');
    expect(`${text.title} ${text.body}`).toContain('ADD_ONION');
    expect(`${text.title} ${text.body} ${text.fix}`).not.toContain('Gateway');
  });

  it('limits are shown in units people read', () => {
    const text = problemText({ kind: 'limit', which: 'file-size', limit: 500_000_000 }, i18n.t, 'en');
    expect(text.body).toContain('500 MB');
  });
});

describe('languages', () => {
  it('English is found from the locales folder, and a user language falls back to its base, then to English', () => {
    expect(LANGUAGES.map((l) => l.code)).toContain('en');
    expect(pickLanguage(['en-GB'], ['en', 'de'])).toBe('en');
    expect(pickLanguage(['de-AT', 'en'], ['en', 'de'])).toBe('de');
    expect(pickLanguage(['fr'], ['en', 'de'])).toBe('en');
  });
});

describe('the locale variables', () => {
  it('follow gettext: LANGUAGE first unless the locale is C, then LC_ALL, LC_MESSAGES, LANG', () => {
    expect(languagesFromEnv({ LANG: 'de_DE.UTF-8' })).toEqual(['de-DE']);
    expect(languagesFromEnv({ LANG: 'de_DE.UTF-8', LC_ALL: 'fa_IR.UTF-8' })).toEqual(['fa-IR']);
    expect(languagesFromEnv({ LANGUAGE: 'es:de', LANG: 'ru_RU.UTF-8' })).toEqual(['es', 'de', 'ru-RU']);
    expect(languagesFromEnv({ LANGUAGE: 'es', LC_ALL: 'C' })).toEqual([]);
    expect(languagesFromEnv({ LANG: 'sr_RS@latin' })).toEqual(['sr-RS']);
    expect(languagesFromEnv({})).toEqual([]);
  });

  it('a language we do not ship gets English words, not keys', () => {
    const tr = translatorFor(pickLanguage(['xx-YY']));
    expect(tr.lang).toBe('en');
    expect(tr.t('tabs.add')).toBe('New share');
  });
});
