// What a translator still has to do for one language (build script, plain Node):
// each missing key with its English text, each plural form Intl.PluralRules
// asks for, each placeholder or `code` span lost, each key English no longer has.
//
// Usage: node build/i18n-missing.mjs LANG [FILE]
//   LANG: a BCP 47 code (de, fa, zh-CN); FILE: the catalogue, default i18n/locales/LANG.json
//   (a missing file counts as empty: the list is then the whole catalogue).
import { existsSync } from 'node:fs';
import { compareCatalogue, pluralCategories, readCatalogue } from './i18n-catalogue.mjs';

const [lang, file = `i18n/locales/${lang}.json`] = process.argv.slice(2);
if (lang === undefined || lang.startsWith('-')) {
  process.stderr.write('usage: node build/i18n-missing.mjs LANG [FILE]\n');
  process.exit(2);
}
const english = readCatalogue('i18n/locales/en.json');
const translated = existsSync(file) ? readCatalogue(file) : new Map();
const findings = compareCatalogue(english, translated, lang);

const order = ['missing', 'plural', 'placeholder', 'backticks', 'type', 'extra'];
const heading = {
  missing: 'To translate',
  plural: `Plural forms (${lang} uses: ${pluralCategories(lang).join(', ')})`,
  placeholder: 'Placeholders to keep exactly as in English',
  backticks: '`code` spans to keep (commands, paths)',
  type: 'Values that are not text',
  extra: 'Keys English no longer has (remove them)',
};
for (const kind of order) {
  const some = findings.filter((f) => f.kind === kind);
  if (some.length === 0) continue;
  process.stdout.write(`\n## ${heading[kind]}: ${some.length}\n`);
  for (const f of some) {
    process.stdout.write(`${f.key}${f.detail ? `  [${f.detail}]` : ''}\n`);
    if (f.english !== undefined) process.stdout.write(`    en: ${JSON.stringify(f.english)}\n`);
  }
}
process.stdout.write(`\n${file}: ${findings.length === 0 ? 'nothing left to do' : `${findings.length} thing(s) left to do`}\n`);
process.exit(findings.length === 0 ? 0 : 1);
