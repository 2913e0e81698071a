// Every Problem the main process can report reads as plain words with a fix (plain Node).
// Runs the real catalogue of i18n/ (English); no browser needed.
import { describe, expect, it } from 'vitest';
import type { OptionalTorFeature, PathReason, Problem } from '../../../electron/contract';
import { LANGUAGES } from '../../../i18n/languages';
import { appLanguage, languagesFromEnv, pickLanguage, translatorFor } from '../../../i18n/messages';
import { problemText } from '../../../i18n/problem-text';

const i18n = translatorFor('en');

const OPTIONAL_FEATURES: OptionalTorFeature[] = ['version', 'bootstrap', 'publication', 'unsubscribe', 'onion-list', 'removal', 'self-check'];
const PATH_REASONS: PathReason[] = [
  'not-found',
  'unreadable',
  'special-file',
  'symlink-loop',
  'not-absolute',
  'not-a-path',
  'not-a-folder',
  'not-writable',
  'read-only',
  'no-space',
  'other',
];

/** One of each Problem shape (and each variant of the enumerated fields). */
const PROBLEMS: Problem[] = [
  ...(['connect', 'start', 'restore'] as const).flatMap((step): Problem[] => [
    { kind: 'filtered', command: 'ADD_ONION', whonix: true, stockProfileAllows: true, required: true, step },
    { kind: 'filtered', command: 'ADD_ONION', whonix: true, stockProfileAllows: false, required: true, step },
    { kind: 'filtered', command: 'ADD_ONION', whonix: false, stockProfileAllows: false, required: true, step },
    { kind: 'tor-error', command: 'ADD_ONION', code: 552, message: 'Unrecognized option', required: true, step },
  ]),
  ...OPTIONAL_FEATURES.flatMap((without): Problem[] => [
    { kind: 'filtered', command: 'SETEVENTS HS_DESC', whonix: true, stockProfileAllows: true, required: false, without },
    { kind: 'filtered', command: 'GETINFO version', whonix: false, stockProfileAllows: true, required: false, without },
    { kind: 'tor-error', command: 'GETINFO version', code: null, message: 'unreadable answer', required: false, without },
  ]),
  { kind: 'tor-unreachable', tried: ['/run/tor/control', '127.0.0.1:9051'], whonix: false },
  { kind: 'tor-unreachable', tried: [], whonix: true },
  ...(['cookie-unreadable', 'wrong-password', 'password-needed', 'no-method', 'server-hash'] as const).map(
    (reason): Problem => ({ kind: 'tor-auth', reason, detail: 'METHODS=HASHEDPASSWORD', file: '/run/tor/control.authcookie' }),
  ),
  ...(['closed', 'timeout', 'garbled'] as const).flatMap((how): Problem[] => [
    { kind: 'tor-lost', endpoint: 'unix:/run/tor/control', how, detail: 'a bad line', whonix: false },
    { kind: 'tor-lost', endpoint: 'unix:/run/tor/control', how, detail: null, whonix: true },
  ]),
  { kind: 'tor-bootstrap', progress: 45, summary: 'Loading relay descriptors', warning: null, whonix: false },
  { kind: 'tor-bootstrap', progress: 5, summary: 'Connecting to a relay', warning: 'Connection refused', whonix: true },
  ...(['whonix', 'disabled', 'not-installed'] as const).map((reason): Problem => ({ kind: 'own-tor-refused', reason })),
  ...(['exited', 'timeout', 'folder', 'socket-path-too-long', 'bad-option'] as const).map(
    (how): Problem => ({ kind: 'own-tor-failed', how, log: ['[warn] Could not bind to 127.0.0.1:9050'] }),
  ),
  ...(['key-withheld', 'key-withheld-lost', 'address-mismatch', 'still-listed', 'closed'] as const).flatMap((problem): Problem[] => [
    { kind: 'onion', problem, address: 'abc.onion', whonix: true },
    { kind: 'onion', problem, address: null, whonix: false },
  ]),
  { kind: 'port-range', first: 17600, last: 17659, host: '127.0.0.1' },
  { kind: 'listen', host: '0.0.0.0', detail: 'permission denied' },
  { kind: 'file-changed', name: 'report.pdf' },
  ...PATH_REASONS.flatMap((reason): Problem[] =>
    (['share', 'receive-folder'] as const).map(
      (use): Problem =>
        reason === 'other'
          ? { kind: 'path-rejected', path: '/srv/x', use, reason, systemMessage: 'input/output error' }
          : { kind: 'path-rejected', path: '/srv/x', use, reason },
    ),
  ),
  ...(['bad-name', 'damaged', 'disk'] as const).map((reason): Problem => ({ kind: 'saved-address', name: 'weekly', reason })),
  { kind: 'nothing-to-share' },
  ...(['file-size', 'total-size', 'free-space', 'message-length', 'files-disabled', 'text-disabled'] as const).map(
    (which): Problem => ({ kind: 'limit', which, limit: 500_000_000 }),
  ),
  { kind: 'publish-unknown', reason: 'hidden', whonix: false },
  { kind: 'publish-unknown', reason: 'hidden', whonix: true },
  { kind: 'publish-unknown', reason: 'not-reported', seconds: 60, whonix: false },
  { kind: 'publish-unknown', reason: 'not-reported', seconds: 60, whonix: true },
  { kind: 'leftover-parts', folder: '/home/u/OnionDrop/Received', files: 1, submissions: ['2026-11-27_14-03-05_ab12'] },
  { kind: 'leftover-parts', folder: '/home/u/OnionDrop/Received', files: 3, submissions: ['2026-11-27_14-03-05_ab12', '2026-11-28_09-00-00_cd34'] },
  { kind: 'low-disk-space', folder: '/home/u/OnionDrop/Received', free: 200_000_000, floor: 1024 ** 3 },
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

  it('on Whonix, a filtered command the stock profile allows leads with onion-grater-add 40_onionshare, then the own profile, the firewall and the installed docs', () => {
    const problem: Problem = { kind: 'filtered', command: 'ADD_ONION', whonix: true, stockProfileAllows: true, required: true, step: 'start' };
    const text = problemText(problem, i18n.t, 'en');
    expect(text.title).toContain('ADD_ONION');
    const steps = text.fix.split('\n');
    expect(steps[0]).toContain('sysmaint session');
    expect(steps[0]).toContain('`$ sudo onion-grater-add 40_onionshare`');
    expect(steps[1]).toContain('/usr/share/doc/oniondrop/onion-grater/40_oniondrop.yml');
    expect(steps[1]).toContain('/usr/local/etc/onion-grater-merger.d/');
    expect(steps[1]).toContain('`$ sudo systemctl restart onion-grater`');
    expect(steps[2]).toContain('$(seq 17600 17659)');
    expect(steps[2]).toContain('/usr/local/etc/whonix_firewall.d/50_user.conf');
    expect(steps[3]).toContain('/usr/share/doc/oniondrop/whonix.md');
  });

  it('on Whonix, a command the stock profile refuses leads with OnionDrop\'s own profile, never with onion-grater-add', () => {
    const problem: Problem = { kind: 'filtered', command: 'ADD_ONION', whonix: true, stockProfileAllows: false, required: true, step: 'restore' };
    const text = problemText(problem, i18n.t, 'en');
    expect(text.fix.split('\n')[0]).toContain('/usr/share/doc/oniondrop/onion-grater/40_oniondrop.yml');
    expect(text.fix).not.toContain('onion-grater-add');
    // What happened to the share: it was online and could not come back.
    expect(text.body).toContain('Tor restarted');
  });

  it('an optional command refused says the share works without it and what is lost, never that the share cannot go online', () => {
    for (const without of OPTIONAL_FEATURES) {
      for (const whonix of [true, false]) {
        const problem: Problem = { kind: 'filtered', command: 'GETINFO onions/current', whonix, stockProfileAllows: true, required: false, without };
        const text = problemText(problem, i18n.t, 'en');
        expect(text.title).toContain('optional');
        expect(text.body).toContain('OnionDrop works without it');
        expect(`${text.body} ${text.fix}`).not.toMatch(/cannot go online|did not start|needs this command/);
      }
    }
  });

  it('no path problem shows an internal code', () => {
    for (const p of PROBLEMS.filter((x) => x.kind === 'path-rejected')) {
      const text = problemText(p, i18n.t, 'en');
      expect(`${text.title} ${text.body} ${text.fix}`).not.toMatch(/\b(E[A-Z]{3,}|not-found|special-file|not-a-path|not-a-folder|null)\b/);
    }
  });

  it('outside Whonix, a filtered command says which command the filter refused and does not mention the Gateway', () => {
    const text = problemText(
      { kind: 'filtered', command: 'ADD_ONION', whonix: false, stockProfileAllows: true, required: true, step: 'start' },
      i18n.t,
      'en',
    );
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

  it('Simplified Chinese is found from the tags that mean it, any case; Traditional is not', () => {
    const available = ['en', 'zh-CN'];
    expect(pickLanguage(['zh-CN'], available)).toBe('zh-CN');
    expect(pickLanguage(['zh-cn'], available)).toBe('zh-CN');
    expect(pickLanguage(['zh'], available)).toBe('zh-CN');
    expect(pickLanguage(['zh-Hans-CN'], available)).toBe('zh-CN');
    expect(pickLanguage(['zh-SG'], available)).toBe('zh-CN');
    expect(pickLanguage(['zh-TW'], available)).toBe('en');
  });
});

describe('right to left', () => {
  it("sets every interpolated value apart as its own direction's run in Persian, so a path keeps its slashes in place; not in German", () => {
    expect(translatorFor('fa').dir).toBe('rtl');
    expect(translatorFor('fa').t('prefs.intro', { file: '/home/u/x.conf' })).toContain('\u2068/home/u/x.conf\u2069');
    expect(translatorFor('de').t('prefs.intro', { file: '/home/u/x.conf' })).toContain(' /home/u/x.conf');
    expect(translatorFor('de').t('prefs.intro', { file: '/home/u/x.conf' })).not.toContain('\u2068');
  });
});

describe("the app's language", () => {
  it('is app.language when it names a language we ship, whatever the locale says', () => {
    for (const { code } of LANGUAGES) expect(appLanguage(code, { LANG: 'xx_YY.UTF-8' })).toBe(code);
  });

  it('follows the locale variables while app.language is auto, in gettext order; English for what we do not ship', () => {
    expect(appLanguage('auto', {})).toBe('en');
    expect(appLanguage('auto', { LANG: 'C.UTF-8', LANGUAGE: 'de' })).toBe('en');
    expect(appLanguage('auto', { LANG: 'xx_YY.UTF-8' })).toBe('en');
    for (const { code } of LANGUAGES) {
      const posix = code.replace('-', '_');
      expect(appLanguage('auto', { LANG: `${posix}.UTF-8` })).toBe(code);
      expect(appLanguage('auto', { LANG: 'xx_YY.UTF-8', LC_ALL: `${posix}.UTF-8` })).toBe(code);
      expect(appLanguage('auto', { LANGUAGE: `xx:${posix}`, LANG: 'en_US.UTF-8' })).toBe(code);
    }
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
