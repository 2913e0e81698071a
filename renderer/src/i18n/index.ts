// The renderer's i18n (renderer): react-i18next over the one catalogue in i18n/.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, languageOf, SOURCE_LANGUAGE } from '../../../i18n/languages';
import { pickLanguage } from '../../../i18n/messages';

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
    // React escapes text itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}

/** The writing direction of the window's language, for <html dir>. */
export function directionOf(lang: string): 'ltr' | 'rtl' {
  return languageOf(lang).dir;
}
