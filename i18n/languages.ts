// The languages OnionDrop ships, one catalogue file each (neutral: plain
// TypeScript that runs in Node, in the renderer and in tests; no React, no Electron).
// Adding a language: add locales/<code>.json and one line below (docs/translating.md).
import type { ResourceLanguage } from 'i18next';
import en from './locales/en.json';
import de from './locales/de.json';
import es from './locales/es.json';
import ru from './locales/ru.json';
import zhCN from './locales/zh-CN.json';
import fa from './locales/fa.json';

/** English is the source catalogue: every other file has exactly its keys. */
export type Messages = typeof en;

export interface Language {
  /** BCP 47 tag, also the catalogue's file name. */
  readonly code: string;
  /** The language's name in itself, for the language menus. */
  readonly name: string;
  readonly dir: 'ltr' | 'rtl';
  readonly messages: ResourceLanguage;
}

export const SOURCE_LANGUAGE = 'en';

export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr', messages: en },
  { code: 'de', name: 'Deutsch', dir: 'ltr', messages: de },
  { code: 'es', name: 'Español', dir: 'ltr', messages: es },
  { code: 'ru', name: 'Русский', dir: 'ltr', messages: ru },
  { code: 'zh-CN', name: '简体中文', dir: 'ltr', messages: zhCN },
  { code: 'fa', name: 'فارسی', dir: 'rtl', messages: fa },
] as const satisfies readonly Language[];

/** A language we ship. */
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

/** The setting `app.language` and a share's page language: a language we ship, or `auto` (the system's). */
export type LanguageSetting = 'auto' | LanguageCode;

export const LANGUAGE_CODES: readonly LanguageCode[] = LANGUAGES.map((l) => l.code);

export function isLanguageCode(code: unknown): code is LanguageCode {
  return typeof code === 'string' && (LANGUAGE_CODES as readonly string[]).includes(code);
}

export function languageOf(code: string): Language {
  return LANGUAGES.find((l) => l.code === code) ?? LANGUAGES[0];
}
