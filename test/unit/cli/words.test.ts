// The CLI's words come from the catalogue, speak of flags and settings rather
// than the window's buttons, and the packaged app still tells CLI from window (plain Node).
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../electron/contract';
import { COMMANDS } from '../../../electron/cli/commands';
import type { FlagDefinition, MessageKey } from '../../../electron/cli/definition';
import { isCliInvocation } from '../../../electron/cli/dispatch';
import { startTime } from '../../../electron/cli/flag-values';
import { cliFixOf, problemLine } from '../../../electron/cli/words';
import { translatorFor } from '../../../i18n/messages';

const en = translatorFor('en');

function keysOf(flag: FlagDefinition): MessageKey[] {
  return [
    flag.help,
    ...(flag.value ? [flag.value.placeholder, flag.value.rule] : []),
    ...(flag.negation ? [flag.negation.help] : []),
    ...('words' in flag.default ? [flag.default.words] : []),
  ];
}

describe('the command definitions', () => {
  it('use only keys the catalogue has', () => {
    for (const c of COMMANDS) {
      const keys: MessageKey[] = [
        c.summary,
        c.description,
        ...c.args.flatMap((a) => [a.placeholder, a.help, a.missing]),
        ...Object.values(c.flags).flatMap(keysOf),
      ];
      for (const key of keys) {
        const text = en.t(key);
        expect(text, `${c.name}: ${key}`).not.toBe(key);
        expect(text.trim(), `${c.name}: ${key}`).not.toBe('');
      }
    }
  });

  it('have one-word placeholders in capitals (the parser reads `--flag <WORD>`) and flag names in lower case', () => {
    for (const c of COMMANDS) {
      expect(c.name).toMatch(/^[a-z][a-z-]*$/);
      for (const a of c.args) expect(en.t(a.placeholder)).toMatch(/^[A-Z]+$/);
      for (const [name, flag] of Object.entries(c.flags)) {
        expect(name).toMatch(/^[a-z][a-z-]*$/);
        if (flag.value) expect(en.t(flag.value.placeholder), name).toMatch(/^[A-Z]+$/);
      }
    }
  });
});

describe('problems as the CLI prints them', () => {
  const PROBLEMS: Problem[] = [
    { kind: 'tor-unreachable', tried: ['/run/tor/control'], whonix: false },
    { kind: 'tor-unreachable', tried: [], whonix: true },
    ...(['cookie-unreadable', 'wrong-password', 'password-needed', 'no-method', 'server-hash'] as const).map(
      (reason): Problem => ({ kind: 'tor-auth', reason, detail: 'x', file: '/run/tor/control.authcookie' }),
    ),
    ...(['whonix', 'disabled', 'not-installed'] as const).map((reason): Problem => ({ kind: 'own-tor-refused', reason })),
    { kind: 'listen', host: '0.0.0.0', detail: 'EACCES' },
    { kind: 'file-changed', name: 'a.pdf' },
    { kind: 'nothing-to-share' },
    ...(['file-size', 'total-size', 'free-space', 'message-length', 'files-disabled', 'text-disabled'] as const).map(
      (which): Problem => ({ kind: 'limit', which, limit: 1000 }),
    ),
    { kind: 'publish-unknown', reason: 'hidden', whonix: false },
    { kind: 'publish-unknown', reason: 'not-reported', seconds: 60, whonix: true },
  ];

  it.each(PROBLEMS.map((p) => [JSON.stringify(p), p] as const))('%s speaks of flags and settings, not of the window', (_name, problem) => {
    const line = problemLine(problem, en);
    expect(line).not.toMatch(/Tor settings|“Check”|in the settings|receive options|\bbutton\b|cli\.problemFix/);
    expect(line).not.toContain('`');
  });

  it('gives the flag to change when an upload is over a limit', () => {
    expect(problemLine({ kind: 'limit', which: 'file-size', limit: 1000 }, en)).toContain('--max-file-size');
    expect(problemLine({ kind: 'limit', which: 'total-size', limit: 1000 }, en)).toContain('--max-total-size');
    expect(cliFixOf({ kind: 'filtered', command: 'ADD_ONION', whonix: true, stockProfileAllows: true, required: true, step: 'start' })).toBeNull();
  });
});

describe('--start-at TIME', () => {
  const now = new Date(2030, 5, 1, 18, 30).getTime();
  const env = { now, cwd: '/', home: '/home/u' };

  it('HH:MM is the next time the clock shows it', () => {
    expect(startTime.parse('19:00', env)).toBe(new Date(2030, 5, 1, 19, 0).toISOString());
    expect(startTime.parse('08:15', env)).toBe(new Date(2030, 5, 2, 8, 15).toISOString());
    expect(startTime.parse('18:30', env)).toBe(new Date(2030, 5, 2, 18, 30).toISOString());
  });

  it('an ISO date and time must be to come; nonsense is refused', () => {
    expect(startTime.parse('2030-06-02T09:00', env)).toBe(new Date(2030, 5, 2, 9, 0).toISOString());
    for (const bad of ['2030-06-01T18:00', '24:00', '9:60', 'noon', '', '2030-13-01T00:00']) {
      expect(startTime.parse(bad, env), bad).toBeUndefined();
    }
  });
});

describe('isCliInvocation (the packaged app: CLI or window)', () => {
  it('a command, help, a typo of a command and the global --help/--version run the CLI', () => {
    for (const args of [['share', 'f'], ['tor-check'], ['help'], ['shrae'], ['--help'], ['-h'], ['--version'], ['-V']]) {
      expect(isCliInvocation(args), args.join(' ')).toBe(true);
    }
  });

  it('no arguments or only Chromium switches open the window', () => {
    for (const args of [[], ['--no-sandbox'], ['--enable-logging', 'share']]) {
      expect(isCliInvocation(args), args.join(' ')).toBe(false);
    }
  });
});
