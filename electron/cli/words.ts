// The CLI's user-facing words: the renderer's English texts, through the same
// i18n layer, so a Problem reads the same in the terminal and in the window (plain Node).
import { createInstance, type TFunction } from 'i18next';
import type { Problem } from '../contract';
import en from '../../renderer/src/i18n/locales/en.json';
import { problemText } from '../../renderer/src/i18n/problem-text';
import { formatBytes, formatRate } from '../../renderer/src/format/bytes';

const i18n = createInstance();
void i18n.init({ lng: 'en', resources: { en: { translation: en } }, initAsync: false, interpolation: { escapeValue: false } });
const t = i18n.t.bind(i18n) as TFunction;

/** "Title: body Fix" on one line, code spans without backquotes. */
export function problemLine(problem: Problem): string {
  const p = problemText(problem, t, 'en');
  const sentence = (s: string): string => (/[.!?:]$/.test(s) ? s : `${s}.`);
  return [p.title, p.body, p.fix].filter(Boolean).map(sentence).join(' ').replace(/`/g, '');
}

export const bytes = (n: number): string => formatBytes(t, 'en', n);
export const rate = (n: number): string => formatRate(t, 'en', n);
