// The renderer's i18n (renderer): react-i18next over the one catalogue in i18n/,
// and the document's language and direction, which follow the app's language.
import i18next, { type i18n } from 'i18next';
import { useLayoutEffect } from 'react';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, languageOf, SOURCE_LANGUAGE } from '../../../i18n/languages';
import { isolateValues, pickLanguage } from '../../../i18n/messages';

export { pickLanguage };

/** Initialises the window's i18next instance; needs no DOM (tests run it under plain Node). */
export function initI18n(preferred: readonly string[]): i18n {
  const lng = pickLanguage(preferred);
  void i18next.use(initReactI18next).init({
    lng,
    fallbackLng: SOURCE_LANGUAGE,
    resources: Object.fromEntries(LANGUAGES.map((l) => [l.code, { translation: l.messages }])),
    // Resources are bundled, so initialisation is synchronous: the first render is already translated.
    initAsync: false,
    // React escapes text itself; right to left, each value is its own direction's run.
    interpolation: isolateValues(() => directionOf(i18next.language)),
    returnNull: false,
  });
  return i18next;
}

/** The writing direction of a language, for <html dir>. */
export function directionOf(lang: string): 'ltr' | 'rtl' {
  return languageOf(lang).dir;
}

/**
 * Speaks `lang` from now on: the words (react-i18next re-renders what uses
 * them), and <html lang dir> and the title, so screen readers pronounce the
 * words right and the layout runs right to left for Persian.
 */
export function applyLanguage(instance: i18n, lang: string): void {
  if (instance.language !== lang) void instance.changeLanguage(lang);
  const root = document.documentElement;
  root.lang = instance.language;
  root.dir = directionOf(instance.language);
  document.title = instance.t('app.name');
}

/** Follows the app's language (null until the main process has said which), before the next paint. */
export function useDocumentLanguage(lang: string | null): void {
  useLayoutEffect(() => {
    if (lang !== null) applyLanguage(i18next, lang);
  }, [lang]);
}
