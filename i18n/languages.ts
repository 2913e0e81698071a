// The languages OnionDrop ships, one catalogue file each (neutral: plain
// TypeScript that runs in Node, in the renderer and in tests; no React, no Electron).
// Adding a language: add locales/<code>.json and one line below.
import type { ResourceLanguage } from 'i18next';
import en from './locales/en.json';

/** English is the source catalogue: every other file has exactly its keys. */
export type Messages = typeof en;

export interface Language {
  /** BCP 47 tag, also the catalogue's file name. */
  code: string;
  /** The language's name in itself, for the language menu. */
  name: string;
  dir: 'ltr' | 'rtl';
  messages: ResourceLanguage;
}

export const SOURCE_LANGUAGE = 'en';

export const LANGUAGES: readonly Language[] = [{ code: 'en', name: 'English', dir: 'ltr', messages: en }];

export function languageOf(code: string): Language {
  return LANGUAGES.find((l) => l.code === code) ?? (LANGUAGES[0] as Language);
}
