// The CLI's user-facing words: the one catalogue of i18n/, in the language of
// the locale variables (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) the CLI runs
// with, so a Problem reads the same in the terminal and in the window, except
// for the fixes that point at the window's controls (plain Node).
import type { Problem } from '../contract';
import type { LoadedConfig } from '../core/config';
import { formatWarning } from '../core/config';
import { formatBytes, formatRate } from '../../i18n/format-bytes';
import { languagesFromEnv, pickLanguage, translatorFor, type Translator } from '../../i18n/messages';
import { problemText } from '../../i18n/problem-text';
import type { CliContext } from './context';
import type { MessageKey } from './definition';

/** The translator for a CLI run, from its environment's locale variables. */
export function wordsOf(ctx: Pick<CliContext, 'env'>): Translator {
  return translatorFor(pickLanguage(languagesFromEnv(ctx.env)));
}

/**
 * The terminal's own fix where the window's one names a button or dialog
 * ("Tor settings", "Check", "the receive options") that the CLI does not
 * have; null keeps the shared fix.
 */
export function cliFixOf(problem: Problem): MessageKey | null {
  switch (problem.kind) {
    case 'tor-unreachable':
      return problem.whonix ? null : 'cli.problemFix.tor-unreachable';
    case 'tor-auth':
      if (problem.reason === 'wrong-password') return 'cli.problemFix.wrong-password';
      if (problem.reason === 'password-needed') return 'cli.problemFix.password-needed';
      return null;
    case 'own-tor-refused':
      return problem.reason === 'disabled' ? 'cli.problemFix.own-tor-disabled' : null;
    case 'listen':
      return 'cli.problemFix.listen';
    case 'file-changed':
      return 'cli.problemFix.file-changed';
    case 'nothing-to-share':
      return 'cli.problemFix.nothing-to-share';
    case 'limit':
      return `cli.problemFix.${problem.which}`;
    default:
      return null;
  }
}

/** "Title. Body. Fix." on one line, code spans without backquotes. */
export function problemLine(problem: Problem, tr: Translator): string {
  const p = problemText(problem, tr.t, tr.lang);
  const cliFix = cliFixOf(problem);
  const fix = cliFix === null ? p.fix : tr.t(cliFix);
  const sentence = (s: string): string => (/[.!?:]$/.test(s) ? s : `${s}.`);
  return [p.title, p.body, fix].filter(Boolean).map(sentence).join(' ').replace(/`/g, '');
}

/** "oniondrop share: ...": how a command's own lines to stderr begin. */
export function commandLine(tr: Translator, command: string, message: string): string {
  return tr.t('cli.line', { command, message });
}

/** The configuration's problems, one line each, as `oniondrop config` prints them. */
export function configWarningLines(tr: Translator, config: Pick<LoadedConfig, 'warnings'>): string[] {
  return config.warnings.map((w) => tr.t('cli.warning', { message: formatWarning(w) }));
}

export const bytes = (tr: Translator, n: number): string => formatBytes(tr.t, tr.lang, n);
export const rate = (tr: Translator, n: number): string => formatRate(tr.t, tr.lang, n);

/** "a and b", in the translator's language. */
export function listOf(tr: Translator, items: readonly string[]): string {
  return new Intl.ListFormat(tr.lang, { style: 'long', type: 'conjunction' }).format(items);
}
