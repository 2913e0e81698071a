// The CLI's user-facing words: the one catalogue of i18n/, in the language of
// the setting `app.language`, or, while that is `auto`, of the locale
// variables (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) the CLI runs with, so a
// Problem reads the same in the terminal and in the window, except for the
// fixes that point at the window's controls (plain Node).
import type { Problem } from '../contract';
import type { LoadedConfig } from '../core/config';
import { formatWarning, loadConfig } from '../core/config';
import { formatBytes, formatRate } from '../../i18n/format-bytes';
import { appLanguage, translatorFor, type Translator } from '../../i18n/messages';
import { problemText } from '../../i18n/problem-text';
import type { CliContext } from './context';
import type { MessageKey } from './definition';

const runs = new WeakMap<object, Translator>();

/**
 * The translator for a CLI run: `app.language` from the configuration (an
 * ONIONDROP_APP_LANGUAGE variable included) unless it is `auto`, else the
 * locale variables. The same choice as the window's, so one setting changes
 * both; the configuration is read once per run.
 */
export function wordsOf(ctx: CliWhere): Translator {
  let tr = runs.get(ctx);
  if (tr === undefined) {
    const config = loadConfig({ root: ctx.root, env: ctx.env, home: ctx.home });
    tr = translatorFor(appLanguage(config.values['app.language'], ctx.env), { isolate: false });
    runs.set(ctx, tr);
  }
  return tr;
}

/** What the CLI's words depend on: where the configuration is, and the environment. */
export type CliWhere = Pick<CliContext, 'env' | 'root' | 'home'>;

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
