// Checks a share-options change from the renderer field by field (plain Node):
// the renderer is untrusted input like any other, so a wrong type is refused
// with a clear error instead of reaching a session.
import type { ShareOptions, ShareOptionsPatch } from '../contract';
import { DEFAULT_CHAT_LIMITS } from './chat/limits';
import { checkName } from './chat/names';
import { LANGUAGE_CODES, isLanguageCode } from '../../i18n/languages';

export class OptionsPatchError extends Error {
  readonly kind = 'options-patch';
  constructor(readonly field: string, readonly expected: string) {
    super(`option '${field}' must be ${expected}`);
  }
}

type Check = (v: unknown) => boolean;
const bool: Check = (v) => typeof v === 'boolean';
// Control characters would end up in HTTP headers and HTML; refuse them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const str = (max: number): Check => (v) => typeof v === 'string' && v.length <= max && !CONTROL.test(v);
const bytes: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const nullable = (c: Check): Check => (v) => v === null || c(v);
const seconds: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v <= 365 * 24 * 3600;
const isoTime: Check = (v) => typeof v === 'string' && Number.isFinite(Date.parse(v));
const persistentName: Check = (v) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v);

// '' asks for a random name; anything else must be a name a visitor could take.
const chatName: Check = (v) => typeof v === 'string' && (v === '' || checkName(v, DEFAULT_CHAT_LIMITS.maxNameLength).ok);

const TOP: Record<Exclude<keyof ShareOptions, 'receive' | 'website' | 'chat'>, [Check, string]> = {
  public: [bool, 'true or false'],
  stopAfterFirstDownload: [bool, 'true or false'],
  autoStopSeconds: [nullable(seconds), 'a number of seconds (at most a year) or null'],
  startAt: [nullable(isoTime), 'an ISO 8601 time or null'],
  title: [str(200), 'text of at most 200 characters'],
  persistentName: [nullable(persistentName), 'letters, digits, dot, dash or underscore (or null)'],
  compress: [bool, 'true or false'],
  alsoReceive: [bool, 'true or false'],
  language: [isLanguageCode, `one of ${LANGUAGE_CODES.join(', ')}`],
};
const RECEIVE: Record<keyof ShareOptions['receive'], [Check, string]> = {
  folder: [(v) => typeof v === 'string' && v.startsWith('/') && !v.includes('\0'), 'an absolute folder path'],
  maxFileSize: [bytes, 'a number of bytes'],
  maxTotalSize: [bytes, 'a number of bytes'],
  disableText: [bool, 'true or false'],
  disableFiles: [bool, 'true or false'],
};
const WEBSITE: Record<keyof ShareOptions['website'], [Check, string]> = {
  csp: [nullable(str(2000)), 'a policy or null'],
  directoryListing: [bool, 'true or false'],
  serveDotfiles: [bool, 'true or false'],
};
const CHAT: Record<keyof ShareOptions['chat'], [Check, string]> = {
  name: [chatName, `a name of at most ${DEFAULT_CHAT_LIMITS.maxNameLength} characters with a letter or digit and no control, direction or invisible characters (or empty)`],
  history: [bool, 'true or false'],
};

function apply<T extends object>(base: T, patch: unknown, rules: Record<string, [Check, string]>, prefix: string): T {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new OptionsPatchError(prefix || 'options', 'an object');
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (prefix === '' && (key === 'receive' || key === 'website' || key === 'chat')) continue;
    const rule = rules[key];
    if (!rule) throw new OptionsPatchError(prefix + key, 'a known option');
    if (!rule[0](value)) throw new OptionsPatchError(prefix + key, rule[1]);
    out[key] = value;
  }
  return out as T;
}

export function validatePatch(current: ShareOptions, patch: ShareOptionsPatch): ShareOptions {
  const next = apply(current, patch, TOP, '');
  const p = patch as Record<string, unknown>;
  return {
    ...alsoReceiveRule(next, p),
    receive: p.receive === undefined ? current.receive : apply(current.receive, p.receive, RECEIVE, 'receive.'),
    website: p.website === undefined ? current.website : apply(current.website, p.website, WEBSITE, 'website.'),
    chat: p.chat === undefined ? current.chat : apply(current.chat, p.chat, CHAT, 'chat.'),
  };
}

/**
 * An address that also receives files does not stop after the first
 * download: that stop would close the uploads too, cutting off whoever is
 * sending. Turning alsoReceive on turns the stop off; asking for both at once
 * is refused.
 */
function alsoReceiveRule(next: ShareOptions, patch: Record<string, unknown>): ShareOptions {
  if (!next.alsoReceive || !next.stopAfterFirstDownload) return next;
  if (patch.stopAfterFirstDownload === true) throw new OptionsPatchError('stopAfterFirstDownload', 'false while the address also receives files');
  return { ...next, stopAfterFirstDownload: false };
}
