// `man oniondrop` and `oniondrop COMMAND --help` say the same thing: the man
// page's SYNOPSIS and COMMANDS are what the command definitions render, and
// the rendered page carries every flag exactly as --help explains it (plain Node).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractManPart } from '../../../electron/core/config';
import { COMMANDS } from '../../../electron/cli/commands';
import type { CliContext } from '../../../electron/cli/context';
import { renderManCommands, renderManSynopsis } from '../../../electron/cli/man-page';
import { runCli } from '../../../electron/cli/run';
import { translatorFor } from '../../../i18n/messages';

const PAGE = fileURLToPath(new URL('../../../assets/oniondrop.1', import.meta.url));
const page = readFileSync(PAGE, 'utf8');
const english = translatorFor('en');
const REGENERATE = 'regenerate with npm run docs:gen';

/** The page as `man` shows it, one paragraph per line, no hyphenation, plain ASCII. */
function renderedPage(): string {
  const r = spawnSync('groff', ['-man', '-Tascii', '-rLL=2000n', '-rHY=0', '-P-cbou', PAGE], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout.replace(/[ \t]+/g, ' ');
}

async function helpOf(name: string): Promise<string> {
  const out: string[] = [];
  const ctx: CliContext = { root: '/nonexistent', env: {}, home: '/nonexistent', out: (l) => out.push(l), err: () => undefined, isTTY: false };
  expect(await runCli([name, '--help'], ctx)).toBe(0);
  return out.join('\n');
}

describe('assets/oniondrop.1 and the CLI definitions', () => {
  it(`SYNOPSIS is what the definitions render (${REGENERATE})`, () => {
    expect(extractManPart(page, 'SYNOPSIS')).toBe(renderManSynopsis(english, COMMANDS));
  });

  it(`COMMANDS is what the definitions render (${REGENERATE})`, () => {
    expect(extractManPart(page, 'COMMANDS')).toBe(renderManCommands(english, COMMANDS));
  });

  it.each(COMMANDS.map((c) => [c.name]))('man oniondrop explains every flag of %s as its --help does', async (name) => {
    const man = renderedPage();
    const section = man.slice(man.indexOf(`\n ${name}\n oniondrop ${name}`));
    expect(section.length, `a section for ${name}`).toBeLessThan(man.length);
    // --help's flag entries, each joined onto one line: "--auto-stop SECONDS  Stop taking ..."
    const entries = (await helpOf(name))
      .replace(/\n {3,}/g, ' ')
      .split('\n')
      .filter((l) => /^ {2}--/.test(l));
    const definition = COMMANDS.find((c) => c.name === name)!;
    const flagCount = Object.values(definition.flags).reduce((n, d) => n + (d.negation ? 2 : 1), 0);
    expect(entries).toHaveLength(flagCount);
    for (const entry of entries) {
      const [, term, text] = /^ {2}(\S+(?: [A-Z]+)?) {2,}(.*)$/.exec(entry) ?? [];
      expect(term, entry).toBeDefined();
      // A tag narrower than the indent (--json) shares its line with the text.
      const onItsLine = section.includes(`\n ${term}\n ${text}`);
      expect(onItsLine || section.includes(`\n ${term} ${text}`), `${term}: ${text}`).toBe(true);
    }
  });
});
