// The catalogue check CI runs (build script, plain Node; `npm run lint` and
// test/unit/i18n/catalogue.test.ts run it): every shipped language has every
// English key with the same placeholders, backticked spans and the plural
// forms Intl.PluralRules gives it; no English key is unused; no English words
// a person reads are written in the renderer, the CLI or the visitor pages'
// templates outside the catalogue. Exit status 1 with one line per finding.
//
// Usage: node build/i18n-check.mjs [ROOT]    (ROOT: the repository, default: the current folder)
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareCatalogue, keyReferences, readCatalogue, sourceFiles, strayEnglish, unusedKeys } from './i18n-catalogue.mjs';

/** Where keys are named: everything that can call t(). */
export const KEY_SOURCES = ['renderer/src', 'electron', 'i18n'];
/** Where a person's words are written: the window, the CLI, and the visitor pages (their html`` templates live in electron/core). */
export const TEXT_SOURCES = ['renderer/src', 'electron/cli', 'electron/core'];

/** Every finding of the check under `root`, as lines a person can act on. */
export function checkCatalogue(root) {
  const allow = JSON.parse(readFileSync(join(root, 'build/i18n-allow.json'), 'utf8'));
  const localeDir = join(root, 'i18n/locales');
  const english = readCatalogue(join(localeDir, 'en.json'));
  const lines = [];
  const allowed = { words: allow.words.list, literals: allow.literals };

  const shipped = readdirSync(localeDir)
    .filter((f) => f.endsWith('.json') && f !== 'en.json')
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
  const registered = readFileSync(join(root, 'i18n/languages.ts'), 'utf8');
  for (const lang of shipped) {
    if (!registered.includes(`'./locales/${lang}.json'`)) lines.push(`i18n/locales/${lang}.json: not registered in i18n/languages.ts`);
    for (const f of compareCatalogue(english, readCatalogue(join(localeDir, `${lang}.json`)), lang)) {
      lines.push(`i18n/locales/${lang}.json: ${f.kind} ${f.key}${f.detail ? `: ${f.detail}` : ''}`);
    }
  }

  const refs = keyReferences(root, sourceFiles(root, KEY_SOURCES));
  for (const key of unusedKeys(english, refs, allow.computedKeys)) {
    lines.push(`i18n/locales/en.json: unused ${key} (no code names it; a key built at run time needs a pattern the check reads, or an entry in build/i18n-allow.json)`);
  }

  for (const f of strayEnglish(root, sourceFiles(root, TEXT_SOURCES), allowed)) {
    lines.push(`${f.file}:${f.line}: English outside the catalogue: ${JSON.stringify(f.text)}`);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lines = checkCatalogue(resolve(process.argv[2] ?? '.'));
  for (const line of lines) process.stdout.write(`${line}\n`);
  if (lines.length > 0) {
    process.stdout.write(`i18n check: ${lines.length} problem(s); see docs/translating.md\n`);
    process.exit(1);
  }
  process.stdout.write('i18n check: every language complete, every key used, no English outside the catalogue\n');
}
