// The CLI's user-facing words: the one catalogue of i18n/, in the language of
// the user's locale variables (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), so a
// Problem reads the same in the terminal and in the window (plain Node).
import type { Problem } from '../contract';
import { formatBytes, formatRate } from '../../i18n/format-bytes';
import { languagesFromEnv, pickLanguage, translatorFor, type Translator } from '../../i18n/messages';
import { problemText } from '../../i18n/problem-text';

/** The CLI's translator, from the process's locale variables. */
export const words: Translator = translatorFor(pickLanguage(languagesFromEnv(process.env)));

/** "Title: body Fix" on one line, code spans without backquotes. */
export function problemLine(problem: Problem, tr: Translator = words): string {
  const p = problemText(problem, tr.t, tr.lang);
  const sentence = (s: string): string => (/[.!?:]$/.test(s) ? s : `${s}.`);
  return [p.title, p.body, p.fix].filter(Boolean).map(sentence).join(' ').replace(/`/g, '');
}

export const bytes = (n: number): string => formatBytes(words.t, words.lang, n);
export const rate = (n: number): string => formatRate(words.t, words.lang, n);
