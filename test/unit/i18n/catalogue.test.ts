// The catalogue check CI runs (build/i18n-check.mjs), on the real tree and on a
// small tree broken in each way it must catch (plain Node).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain-Node build script without type declarations
import { checkCatalogue } from '../../../build/i18n-check.mjs';

const check = checkCatalogue as (root: string) => string[];

describe('the i18n check on this tree', () => {
  it('finds every shipped language complete, every key used, and no English outside the catalogue', () => {
    expect(check(process.cwd())).toEqual([]);
  });
});

/** A tree that passes: English and German, one component, one CLI line, one visitor page. */
function goodTree(): Record<string, string> {
  return {
    'i18n/locales/en.json': JSON.stringify({
      app: { hello: 'Hello {{name}}', files_one: 'one file', files_other: '{{count}} files', run: 'Run `oniondrop share`' },
      pages: { door: { title: 'Not found' } },
    }),
    'i18n/locales/de.json': JSON.stringify({
      app: { hello: 'Hallo {{name}}', files_one: 'eine Datei', files_other: '{{count}} Dateien', run: 'Starten Sie `oniondrop share`' },
      pages: { door: { title: 'Nicht gefunden' } },
    }),
    'i18n/languages.ts': "import de from './locales/de.json';\n",
    'build/i18n-allow.json': JSON.stringify({ words: { list: ['OnionDrop'] }, literals: [], computedKeys: [] }),
    'renderer/src/Hello.tsx': "export const Hello = ({ t }) => <p title={t('app.hello')}>{t('app.files', { count: 2 })} OnionDrop {t('app.run')}</p>;\n",
    'electron/cli/say.ts': "export const say = (t, out) => out(t('app.hello', { name: 'x' }));\n",
    'electron/core/http/pages.ts': "const key = 'door';\nexport const page = (t) => html`<h1 class=\"big\">${t(`pages.${key}.title`)}</h1>`;\n",
  };
}

let root = '';
function tree(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'i18n-check-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterEach(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
  root = '';
});

function withGerman(change: (de: Record<string, Record<string, unknown>>) => void): Record<string, string> {
  const files = goodTree();
  const de = JSON.parse(files['i18n/locales/de.json'] ?? '{}') as Record<string, Record<string, unknown>>;
  change(de);
  return { ...files, 'i18n/locales/de.json': JSON.stringify(de) };
}

describe('the i18n check fails', () => {
  it('on nothing in a good tree (so each failure below is the one change)', () => {
    expect(check(tree(goodTree()))).toEqual([]);
  });

  it('on a key missing in a shipped language', () => {
    const lines = check(tree(withGerman((de) => delete de.app?.hello)));
    expect(lines).toEqual(['i18n/locales/de.json: missing app.hello']);
  });

  it('on a key English does not have', () => {
    expect(check(tree(withGerman((de) => ((de.app ?? {}).old = 'Alt'))))).toEqual([
      'i18n/locales/de.json: extra app.old: English has no such key (removed or renamed?)',
    ]);
  });

  it('on a placeholder lost, renamed or translated', () => {
    expect(check(tree(withGerman((de) => ((de.app ?? {}).hello = 'Hallo {{Name}}'))))).toEqual([
      'i18n/locales/de.json: placeholder app.hello: English has {{name}}, this has {{Name}}',
    ]);
  });

  it('on a `code` span lost', () => {
    expect(check(tree(withGerman((de) => ((de.app ?? {}).run = 'Starten Sie oniondrop share'))))).toHaveLength(1);
  });

  it("on plural forms that are not the language's (Intl.PluralRules): Russian needs one, few, many, other", () => {
    const files = goodTree();
    const ru = { app: { hello: 'Привет {{name}}', files_one: '{{count}} файл', files_other: '{{count}} файлов', run: 'Запустите `oniondrop share`' }, pages: { door: { title: 'Не найдено' } } };
    files['i18n/locales/ru.json'] = JSON.stringify(ru);
    files['i18n/languages.ts'] += "import ru from './locales/ru.json';\n";
    expect(check(tree(files))).toEqual(['i18n/locales/ru.json: plural app.files: ru needs the forms few many one other, has one other']);
    files['i18n/locales/ru.json'] = JSON.stringify({ ...ru, app: { ...ru.app, files_few: '{{count}} файла', files_many: '{{count}} файлов' } });
    expect(check(tree(files))).toEqual([]);
  });

  it('on a catalogue file that i18n/languages.ts does not register', () => {
    const files = goodTree();
    files['i18n/languages.ts'] = '';
    expect(check(tree(files))).toEqual(['i18n/locales/de.json: not registered in i18n/languages.ts']);
  });

  it('on a key nothing uses, unless a pattern or the allow-list names it', () => {
    const files = goodTree();
    files['electron/cli/say.ts'] = 'export const say = () => 0;\n';
    files['renderer/src/Hello.tsx'] = "export const Hello = ({ t }) => <p>{t('app.files', { count: 2 })} {t('app.run')}</p>;\n";
    expect(check(tree(files))).toEqual([
      'i18n/locales/en.json: unused app.hello (no code names it; a key built at run time needs a pattern the check reads, or an entry in build/i18n-allow.json)',
    ]);
    files['build/i18n-allow.json'] = JSON.stringify({ words: { list: [] }, literals: [], computedKeys: [{ key: 'app.*', why: 'test' }] });
    expect(check(tree(files))).toEqual([]);
  });

  it('on English written in the window, in the CLI or in a visitor page template', () => {
    const files = goodTree();
    files['renderer/src/Hello.tsx'] = "export const Hello = ({ t }) => <p aria-label=\"Say hello\">{t('app.files', { count: 2 })} Welcome back {t('app.run')}</p>;\n";
    files['electron/cli/say.ts'] = "export const say = (t, out) => { out(t('app.hello', { name: 'x' })); out('Share is ready'); throw new Error('a bug for developers'); };\n";
    files['electron/core/http/pages.ts'] = "const key = 'door';\nexport const page = (t) => html`<h1 class=\"big\">${t(`pages.${key}.title`)}</h1><p>Go back</p>`;\n";
    expect(check(tree(files))).toEqual([
      'electron/cli/say.ts:1: English outside the catalogue: "Share is ready"',
      'electron/core/http/pages.ts:2: English outside the catalogue: "Go back"',
      'renderer/src/Hello.tsx:1: English outside the catalogue: "Say hello"',
      'renderer/src/Hello.tsx:1: English outside the catalogue: "Welcome back"',
    ]);
  });
});
