// Test helper (plain Node): the two onion-grater profiles OnionDrop must pass
// (Whonix's stock 40_onionshare.yml, copied into test/fixtures/whonix, and the project's
// own), read with the `yaml` package, matched the way onion-grater matches:
// Python's re.match(pattern + "$") on the whole argument string.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { pythonFullMatch, pythonGroups } from '../../fixtures/onion-grater/python-regex';
import { pythonFormat } from '../../fixtures/onion-grater/python-format';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export { STOCK_ONIONSHARE_PROFILE as STOCK_PROFILE } from '../../fixtures/whonix/stock-profile';
export const OWN_PROFILE = resolve(repoRoot, 'assets/onion-grater/40_oniondrop.yml');

interface Rewrite {
  pattern: string;
  replacement: string;
}
interface Rule {
  pattern: string;
  replacement?: string;
  response?: Rewrite[];
}
type RawRule = string | Rule;
interface Filter {
  commands?: Record<string, RawRule[] | null>;
  events?: Record<string, { suppress?: boolean; response?: Rewrite[] } | null>;
}

export interface Profile {
  name: string;
  filter: Filter;
}

export function loadProfile(path: string): Profile {
  const doc = parse(readFileSync(path, 'utf8')) as Filter[];
  if (!Array.isArray(doc) || doc.length !== 1 || !doc[0]) throw new Error(`${path}: expected one filter`);
  return { name: path, filter: doc[0] };
}

function rules(profile: Profile, command: string): Rule[] {
  const raw = profile.filter.commands?.[command] ?? [];
  return (raw ?? []).map((r) => (typeof r === 'string' ? { pattern: r } : r));
}

/** The first rule of `command` whose pattern fully matches `args` (what onion-grater picks), or undefined (510). */
export function matchingRule(profile: Profile, line: string): Rule | undefined {
  const m = /^(\S+)\s*(.*)$/.exec(line);
  const command = (m?.[1] ?? '').toUpperCase();
  const args = m?.[2] ?? '';
  return rules(profile, command).find((r) => pythonFullMatch(r.pattern).test(args));
}

/** What onion-grater forwards to tor for an allowed line, with `{client-address}` filled in. */
export function rewriteCommand(profile: Profile, line: string, clientAddress: string): string | undefined {
  const rule = matchingRule(profile, line);
  if (!rule) return undefined;
  if (rule.replacement === undefined) return line;
  const m = /^(\S+)(\s*)(.*)$/.exec(line);
  const prefix = `${m?.[1] ?? ''}${m?.[2] ?? ''}`;
  const match = pythonFullMatch(rule.pattern).exec(m?.[3] ?? '');
  if (!match) return undefined;
  return prefix + pythonFormat(rule.replacement, pythonGroups(match), { 'client-address': clientAddress });
}

/** An event line as the client receives it: rewritten by the first matching response rule; '' = dropped. */
export function rewriteEvent(profile: Profile, event: string, line: string): string {
  const rewrites = profile.filter.events?.[event]?.response ?? [];
  for (const r of rewrites) {
    const match = pythonFullMatch(r.pattern).exec(line);
    if (match) return pythonFormat(r.replacement, pythonGroups(match), {});
  }
  return line;
}

export function allowsEvent(profile: Profile, event: string): boolean {
  return Object.keys(profile.filter.events ?? {}).some((e) => e.toUpperCase() === event);
}
