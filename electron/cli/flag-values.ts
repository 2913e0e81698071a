// The kinds of values CLI flags take: text to value, with the words that
// explain them (plain Node). Each kind only reads the text; whether the value
// is acceptable for a share (seconds up to a year, the persistent name's
// letters, no control characters) is checked once, in core/options-patch.ts,
// for the window and the CLI alike.
import { resolve } from 'node:path';
import { sizeType } from '../core/config/value-types';
import { LANGUAGE_CODES, type LanguageCode } from '../../i18n/languages';
import type { ValueKind } from './definition';

/** A whole number, signs included, so `-5` reaches the range check and gets its words. */
export const seconds: ValueKind<number> = {
  placeholder: 'cli.values.seconds',
  rule: 'cli.values.secondsRule',
  parse: (text) => (/^[+-]?\d{1,16}$/.test(text) ? Number(text) : undefined),
};

/** HH:MM (the next time the clock shows it) or an ISO 8601 date-time to come: an ISO string. */
export const startTime: ValueKind<string> = {
  placeholder: 'cli.values.time',
  rule: 'cli.values.timeRule',
  parse(text, env) {
    const hm = /^(\d{1,2}):(\d{2})$/.exec(text);
    if (hm) {
      const [hours, minutes] = [Number(hm[1]), Number(hm[2])];
      if (hours > 23 || minutes > 59) return undefined;
      const d = new Date(env.now);
      d.setHours(hours, minutes, 0, 0);
      if (d.getTime() <= env.now) d.setDate(d.getDate() + 1);
      return d.toISOString();
    }
    const t = Date.parse(text);
    // A time already past would start the share at once, which is not what was asked for.
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || !Number.isFinite(t) || t <= env.now) return undefined;
    return new Date(t).toISOString();
  },
};

/** The configuration files' size syntax: 500M, 2G, 1.5GiB, 0. */
export const size: ValueKind<number> = {
  placeholder: 'cli.values.size',
  rule: 'cli.values.sizeRule',
  parse(text, env) {
    const parsed = sizeType().parse(text.trim(), { home: env.home });
    return parsed.ok ? parsed.value : undefined;
  },
};

export const name: ValueKind<string> = {
  placeholder: 'cli.values.name',
  rule: 'cli.values.nameRule',
  parse: (text) => text,
};

export const text: ValueKind<string> = {
  placeholder: 'cli.values.text',
  rule: 'cli.values.textRule',
  parse: (value) => value,
};

/** Not empty: `--no-csp` is how to send none. */
export const policy: ValueKind<string> = {
  placeholder: 'cli.values.policy',
  rule: 'cli.values.policyRule',
  parse: (value) => (value.trim() === '' ? undefined : value.trim()),
};

/** An absolute path; a relative one starts from the current folder. */
export const folder: ValueKind<string> = {
  placeholder: 'cli.values.folder',
  rule: 'cli.values.folderRule',
  parse: (value, env) => (value === '' ? undefined : resolve(env.cwd, value)),
};

/** A language OnionDrop ships, any case: `de`, `fa`, `zh-CN`. */
export const language: ValueKind<LanguageCode> = {
  placeholder: 'cli.values.language',
  rule: 'cli.values.languageRule',
  ruleValues: { codes: LANGUAGE_CODES.join(', ') },
  parse: (value) => LANGUAGE_CODES.find((code) => code.toLowerCase() === value.trim().toLowerCase()),
};
