// One message catalogue for every place a person reads words: the window, the
// CLI, the main process and the pages visitors see (neutral: Node, renderer, tests).
//
// A Translator is an i18next instance of its own for one language, so the CLI,
// the main process and each share's visitor pages can each speak their own
// language in one process without touching a global.
import { createInstance, type TFunction } from 'i18next';
import { LANGUAGE_CODES, LANGUAGES, SOURCE_LANGUAGE, isLanguageCode, languageOf, type LanguageCode, type Messages } from './languages';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export interface Translator {
  /** The language actually used (one we ship). */
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly t: TFunction;
}

const translators = new Map<string, Translator>();

/** The translator of a language we ship; an unknown code gets English. */
export function translatorFor(code: string): Translator {
  const lang = languageOf(code).code;
  let found = translators.get(lang);
  if (found === undefined) {
    const instance = createInstance();
    void instance.init({
      lng: lang,
      fallbackLng: SOURCE_LANGUAGE,
      resources: Object.fromEntries(LANGUAGES.map((l) => [l.code, { translation: l.messages }])),
      // Catalogues are bundled, so initialisation is synchronous.
      initAsync: false,
      // Every caller escapes for its own medium: React and the page templates escape, a terminal needs none.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    found = { lang, dir: languageOf(lang).dir, t: instance.t.bind(instance) as TFunction };
    translators.set(lang, found);
  }
  return found;
}

/**
 * Tags that name Simplified Chinese without saying zh-CN: a bare `zh` means
 * Simplified in glibc's and CLDR's defaults, as do the Hans script and the
 * regions that write it.
 */
const SIMPLIFIED_CHINESE = /^zh(-hans(-.*)?|-sg|-my)?$/i;

/** The first of the user's languages we ship (exact tag, then its base language); else English. */
export function pickLanguage(preferred: readonly string[], available: readonly string[] = LANGUAGE_CODES): string {
  const find = (tag: string): string | undefined => available.find((code) => code.toLowerCase() === tag.toLowerCase());
  for (const tag of preferred) {
    const found = find(tag) ?? (SIMPLIFIED_CHINESE.test(tag) ? find('zh-CN') : undefined) ?? find(tag.split('-')[0] ?? tag);
    if (found !== undefined) return found;
  }
  return SOURCE_LANGUAGE;
}

/**
 * The language OnionDrop speaks: the setting `app.language` unless it is
 * `auto`, else the first language of the locale variables that we ship, else
 * English. The window, the CLI, the main process and a new share's pages all
 * ask this one function, so they agree.
 */
export function appLanguage(setting: string, env: Readonly<Record<string, string | undefined>>): LanguageCode {
  if (isLanguageCode(setting)) return setting;
  const picked = pickLanguage(languagesFromEnv(env));
  return isLanguageCode(picked) ? picked : SOURCE_LANGUAGE;
}

/**
 * The user's languages from the POSIX locale variables, as BCP 47 tags, in
 * gettext's order: LANGUAGE (a colon list) unless the locale is C/POSIX, then
 * LC_ALL, LC_MESSAGES, LANG. "de_DE.UTF-8@euro" becomes "de-DE".
 */
export function languagesFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const locale = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((v) => v !== undefined && v !== '');
  const toTag = (value: string): string | null => {
    const bare = value.split('.')[0]?.split('@')[0] ?? '';
    if (bare === '' || bare === 'C' || bare === 'POSIX') return null;
    return bare.replace('_', '-');
  };
  const tags: string[] = [];
  if (locale === undefined || toTag(locale) !== null) {
    for (const part of (env['LANGUAGE'] ?? '').split(':')) {
      const tag = toTag(part);
      if (tag !== null) tags.push(tag);
    }
  }
  if (locale !== undefined) {
    const tag = toTag(locale);
    if (tag !== null) tags.push(tag);
  }
  return tags;
}
