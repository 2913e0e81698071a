// What the catalogue check and the translators' to-do list share (build script, plain Node):
// reading the catalogues, comparing a language with English (keys, placeholders,
// plural forms per Intl.PluralRules, backticked spans), finding the keys the
// code uses, and finding English words the code shows outside the catalogue.
// Sources are read with TypeScript's parser, not with patterns, so a string is
// a string and a comment is a comment.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const PLURAL_SUFFIXES = ['zero', 'one', 'two', 'few', 'many', 'other'];
const PLURAL_RE = new RegExp(`_(${PLURAL_SUFFIXES.join('|')})$`);

/** A catalogue file as a flat map: "a.b.c" -> text (a non-string leaf is kept as is, and reported). */
export function flatten(tree, prefix = '', out = new Map()) {
  for (const [name, value] of Object.entries(tree)) {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value, key, out);
    else out.set(key, value);
  }
  return out;
}

export function readCatalogue(file) {
  return flatten(JSON.parse(readFileSync(file, 'utf8')));
}

/** The key without its plural suffix, and the suffix (null for a key that is not a plural form). */
export function pluralParts(key) {
  const m = PLURAL_RE.exec(key);
  return m === null ? { base: key, category: null } : { base: key.slice(0, -m[0].length), category: m[1] };
}

/** Keys grouped into messages: a plain key, or a plural key with its forms. */
export function messagesOf(flat) {
  const messages = new Map();
  for (const [key, value] of flat) {
    const { base, category } = pluralParts(key);
    const m = messages.get(base) ?? { forms: new Map(), plain: undefined };
    if (category === null) m.plain = value;
    else m.forms.set(category, value);
    messages.set(base, m);
  }
  return messages;
}

/** What must survive translation: {{placeholders}} (format part ignored) and $t(nested) references. */
export function placeholdersOf(text) {
  const names = new Set();
  for (const m of String(text).matchAll(/\{\{\s*([^},\s]+)\s*(?:,[^}]*)?\}\}/g)) names.add(`{{${m[1]}}}`);
  for (const m of String(text).matchAll(/\$t\(\s*([^,)\s]+)/g)) names.add(`$t(${m[1]})`);
  return names;
}

/** `backticked` spans are commands and paths the window shows as code (RichText): their number must not change. */
export function backtickSpans(text) {
  return Math.floor((String(text).match(/`/g) ?? []).length / 2);
}

export function pluralCategories(lang) {
  return new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
}

const show = (set) => [...set].sort().join(' ') || 'none';
const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

/**
 * How `lang`'s catalogue differs from English: every finding is a thing a
 * translator has to do. Kinds: missing, extra, type, plural, placeholder, backticks.
 */
export function compareCatalogue(english, translated, lang) {
  const findings = [];
  const en = messagesOf(english);
  const tr = messagesOf(translated);
  const categories = pluralCategories(lang);
  for (const [base, m] of en) {
    const t = tr.get(base);
    const isPlural = m.forms.size > 0;
    if (t === undefined || (isPlural ? t.forms.size === 0 : t.plain === undefined)) {
      findings.push({ kind: 'missing', key: base, detail: isPlural ? `plural: ${categories.join(', ')}` : '', english: isPlural ? m.forms.get('other') : m.plain });
      continue;
    }
    const texts = isPlural ? [...t.forms.values()] : [t.plain];
    if (texts.some((x) => typeof x !== 'string')) {
      findings.push({ kind: 'type', key: base, detail: 'every value must be text' });
      continue;
    }
    const enTexts = isPlural ? [...m.forms.values()] : [m.plain];
    const wanted = new Set();
    for (const x of enTexts) for (const p of placeholdersOf(x)) wanted.add(p);
    if (isPlural) {
      const have = new Set(t.forms.keys());
      const need = new Set(categories);
      if (!same(have, need)) {
        findings.push({ kind: 'plural', key: base, detail: `${lang} needs the forms ${show(need)}, has ${show(have)}`, english: m.forms.get('other') });
      }
      // A form may leave out {{count}} ("one file"), as English's own "one" form may; nothing else may be lost or invented.
      const union = new Set();
      for (const [category, x] of t.forms) {
        const got = placeholdersOf(x);
        for (const p of got) union.add(p);
        const invented = [...got].filter((p) => !wanted.has(p));
        if (invented.length > 0) findings.push({ kind: 'placeholder', key: `${base}_${category}`, detail: `not in English: ${invented.join(' ')}` });
      }
      const lost = [...wanted].filter((p) => p !== '{{count}}' && !union.has(p));
      if (lost.length > 0) findings.push({ kind: 'placeholder', key: base, detail: `lost: ${lost.join(' ')}`, english: m.forms.get('other') });
      if (t.plain !== undefined) findings.push({ kind: 'extra', key: base, detail: 'a plural message has no form without a suffix' });
    } else {
      const got = placeholdersOf(t.plain);
      if (!same(got, wanted)) {
        findings.push({ kind: 'placeholder', key: base, detail: `English has ${show(wanted)}, this has ${show(got)}`, english: m.plain });
      }
      if (backtickSpans(t.plain) !== backtickSpans(m.plain)) {
        findings.push({ kind: 'backticks', key: base, detail: `English has ${backtickSpans(m.plain)} \`code\` span(s), this has ${backtickSpans(t.plain)}`, english: m.plain });
      }
      if (t.forms.size > 0) findings.push({ kind: 'extra', key: base, detail: 'English has no plural forms here' });
    }
  }
  for (const base of tr.keys()) if (!en.has(base)) findings.push({ kind: 'extra', key: base, detail: 'English has no such key (removed or renamed?)' });
  return findings;
}

// ---------------------------------------------------------------- sources

/** Every .ts/.tsx/.mjs file under `dirs` (relative to `root`), without tests' fixtures or build output. */
export function sourceFiles(root, dirs) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(root, path));
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out.sort();
}

function parse(root, file) {
  const text = readFileSync(join(root, file), 'utf8');
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function visit(node, fn) {
  fn(node);
  ts.forEachChild(node, (child) => visit(child, fn));
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What keys the code can name: every string literal, and every template
 * literal as a pattern whose `${...}` parts match any text. A pattern is only
 * trusted when it starts with a literal section name ("pages.", `problems.${kind}`),
 * so `${a}.${b}` cannot make every key look used.
 */
export function keyReferences(root, files) {
  const literals = new Set();
  const patterns = [];
  for (const file of files) {
    visit(parse(root, file), (node) => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
      else if (ts.isTemplateExpression(node) || ts.isTemplateLiteralTypeNode(node)) {
        const head = node.head.text;
        if (!/^[A-Za-z]\w*\./.test(head)) return;
        const parts = [escapeRe(head)];
        for (const span of node.templateSpans) parts.push('.+', escapeRe(span.literal.text));
        patterns.push({ file, source: node.getText(), re: new RegExp(`^${parts.join('')}$`) });
      }
    });
  }
  return { literals, patterns };
}

/**
 * Keys of English that nothing names: neither a literal (the key, or its
 * plural base), nor a template pattern, nor an allow-list entry (a key or a
 * "section.*" prefix, each with a reason).
 */
export function unusedKeys(english, refs, allow) {
  const allowed = (key) => allow.some((a) => (a.key.endsWith('.*') ? key.startsWith(a.key.slice(0, -1)) : key === a.key));
  const unused = [];
  for (const base of messagesOf(english).keys()) {
    if (refs.literals.has(base) || allowed(base)) continue;
    if (refs.patterns.some((p) => p.re.test(base))) continue;
    unused.push(base);
  }
  return unused;
}

/** Attributes a person reads or hears. */
const SPOKEN_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-placeholder', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);

/** Text that has a word of two letters or more left once the allowed words (protocol and product names) are taken out. */
export function englishIn(text, words) {
  let rest = ` ${text} `;
  // Longest first, so "oniondrop share" goes before "oniondrop" can leave "share" behind.
  for (const w of [...words].sort((a, b) => b.length - a.length)) rest = rest.split(w).join(' ');
  return /[A-Za-z]{2,}/.test(rest);
}

/**
 * Words a person reads, written in code instead of the catalogue: JSX text
 * and spoken attributes (renderer), the text of the visitor pages' html``
 * templates, and in CLI files any literal of two words or more that is not a
 * module path. Each finding is { file, line, text }.
 */
export function strayEnglish(root, files, { words, literals: allowedLiterals }) {
  const findings = [];
  const allowedHere = (file, text) => allowedLiterals.some((a) => a.file === file && a.text === text);
  for (const file of files) {
    const source = parse(root, file);
    const report = (node, text) => {
      const clean = text.replace(/\s+/g, ' ').trim();
      if (clean === '' || !englishIn(clean, words) || allowedHere(file, clean)) return;
      findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: clean });
    };
    const cli = file.startsWith('electron/cli/');
    visit(source, (node) => {
      if (ts.isJsxText(node)) report(node, node.text);
      else if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer)) {
        report(node, node.initializer.text);
      } else if (ts.isJsxExpression(node) && node.expression && (ts.isStringLiteral(node.expression) || ts.isNoSubstitutionTemplateLiteral(node.expression))) {
        report(node, node.expression.text);
      } else if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'html') {
        const t = node.template;
        const chunks = ts.isNoSubstitutionTemplateLiteral(t) ? [t.text] : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)];
        // The whole template with a mark where each ${...} was, so a tag split by one is still a tag:
        // between the tags are words; attributes (href, class, type) are markup.
        const between = chunks
          .join('\uE000')
          .replace(/<[^>]*>/g, '\uE000')
          .replace(/[\w-]+="[^"\uE000]*"?/g, '\uE000')
          .replace(/&[a-z]+;/g, ' ');
        for (const text of between.split('\uE000')) report(node, text);
      } else if (cli && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))) {
        const parent = ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) ? node.parent?.parent : node.parent;
        if (parent && (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isLiteralTypeNode(parent))) return;
        // A program error for developers (a bug, never a user's mistake) is not translated.
        if (parent && ts.isNewExpression(parent) && parent.expression.getText() === 'Error') return;
        if (/[A-Za-z]{2,}[,;:'’]? +[A-Za-z]{2,}/.test(node.text)) report(node, node.text);
      }
    });
  }
  return findings;
}
