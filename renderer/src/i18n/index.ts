// The i18n layer (renderer): i18next with every locales/*.json file as a language.
// Adding a language = adding locales/<code>.json; nothing else changes.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';

type Messages = typeof en;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

const files = import.meta.glob<{ default: Messages }>('./locales/*.json', { eager: true });

/** Language code -> messages, from the file names (`./locales/de.json` -> `de`). */
export const languages: Record<string, Messages> = Object.fromEntries(
  Object.entries(files).map(([path, mod]) => [path.replace(/^.*\/([^/]+)\.json$/, '$1'), mod.default]),
);

/** The first of the user's languages we have a file for (exact tag, then its base language). */
export function pickLanguage(preferred: readonly string[], available: readonly string[]): string {
  for (const tag of preferred) {
    if (available.includes(tag)) return tag;
    const base = tag.split('-')[0] ?? tag;
    if (available.includes(base)) return base;
  }
  return 'en';
}

/** Initialises the shared i18next instance; needs no DOM (tests run it under plain Node). */
export function initI18n(preferred: readonly string[]): i18n {
  const lng = pickLanguage(preferred, Object.keys(languages));
  void i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: Object.fromEntries(Object.entries(languages).map(([code, messages]) => [code, { translation: messages }])),
    // Resources are bundled, so initialisation is synchronous: the first render is already translated.
    initAsync: false,
    // React escapes text itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
