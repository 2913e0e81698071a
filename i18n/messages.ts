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

/**
 * Interpolation that sets each value apart as a run of its own direction in a
 * right-to-left language (FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE,
 * Unicode's way to put a path, an address or a name into text): otherwise a
 * path's leading slash jumps to the far end of a Persian sentence. Escaping
 * for HTML is the caller's: React and the page templates escape, a terminal needs none.
 */
export function isolateValues(direction: () => 'ltr' | 'rtl'): { escapeValue: true; escape: (value: unknown) => string } {
  return { escapeValue: true, escape: (value) => (direction() === 'rtl' ? `\u2068${String(value)}\u2069` : String(value)) };
}

/**
 * The translator of a language we ship; an unknown code gets English.
 * `isolate: false` is for a terminal: there an isolate mark would be copied
 * with the address a user selects, and break it.
 */
export function translatorFor(code: string, { isolate = true }: { isolate?: boolean } = {}): Translator {
  const lang = languageOf(code).code;
  const cacheKey = isolate ? lang : `${lang}/plain`;
  let found = translators.get(cacheKey);
  if (found === undefined) {
    const instance = createInstance();
    void instance.init({
      lng: lang,
      fallbackLng: SOURCE_LANGUAGE,
      resources: Object.fromEntries(LANGUAGES.map((l) => [l.code, { translation: l.messages }])),
      // Catalogues are bundled, so initialisation is synchronous.
      initAsync: false,
      interpolation: isolateValues(() => (isolate ? languageOf(lang).dir : 'ltr')),
      returnNull: false,
    });
    found = { lang, dir: languageOf(lang).dir, t: instance.t.bind(instance) as TFunction };
    translators.set(cacheKey, found);
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
