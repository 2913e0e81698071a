// The Settings view's editable options (plain Node): their typed values with origin and
// lock, and the save, which checks every change from the (untrusted) renderer against the
// editable list and the schema before one atomic write to the user's 90_gui.conf.
import type {
  ExpectedValue,
  SettingError,
  SettingOrigin,
  UserSettingKey,
  UserSettings,
  UserSettingsView,
  UserSettingState,
} from '../contract';
import { LANGUAGE_CODES } from '../../i18n/languages';
import type { AppContext } from '../core/app-context';
import {
  ConfigSaveError,
  guiConfigFile,
  lockedBy,
  saveUserSettings,
  specOf,
  type Config,
  type Origin,
  type SavedBy,
  type SaveLocation,
  type SettingChange,
} from '../core/config';

/**
 * Every option the window may write, with what a valid value looks like. The
 * schema has the last word (each value is round-tripped through its type);
 * this table gives the window the words for a refusal, and a unit test keeps
 * its bounds equal to the schema's.
 */
export const EDITABLE: { readonly [K in UserSettingKey]: ExpectedValue } = {
  'share.default_mode': { type: 'choice', values: ['share', 'receive', 'website'] },
  'share.public': { type: 'bool' },
  'share.stop_after_first_download': { type: 'bool' },
  'share.compress': { type: 'bool' },
  'share.title': { type: 'text', max: 200, empty: true },
  'share.auto_stop': { type: 'integer', min: 0, max: 31_536_000 },
  'receive.folder': { type: 'path' },
  'receive.max_file_size': { type: 'size' },
  'receive.max_total_size': { type: 'size' },
  'receive.min_free_space': { type: 'size' },
  'receive.max_message_length': { type: 'integer', min: 1, max: 1_000_000 },
  'receive.disable_text': { type: 'bool' },
  'receive.disable_files': { type: 'bool' },
  'website.csp': { type: 'text', max: 2000, empty: true },
  'website.directory_listing': { type: 'bool' },
  'ui.zoom': { type: 'integer', min: 50, max: 300 },
  'app.language': { type: 'choice', values: ['auto', ...LANGUAGE_CODES] },
};

export const EDITABLE_KEYS = Object.keys(EDITABLE) as UserSettingKey[];

function isEditable(key: string): key is UserSettingKey {
  return Object.hasOwn(EDITABLE, key);
}

function originView(origin: Origin): SettingOrigin {
  return origin.kind === 'file' ? { kind: 'file', file: origin.file, line: origin.line } : { ...origin };
}

/** The window's type of a config value ('' for an unset title). */
function shownValue<K extends UserSettingKey>(key: K, value: Config[K]): UserSettings[K] {
  return (key === 'share.title' ? (value ?? '') : value) as UserSettings[K];
}

function stateOf<K extends UserSettingKey>(app: AppContext, guiFile: string, key: K): UserSettingState<K> {
  const origin = app.config.origins[key];
  return {
    value: shownValue(key, app.config.values[key]),
    origin: originView(origin),
    lockedBy: lockedBy(app.config, guiFile, key),
    savedHere: origin.kind === 'file' && origin.file === guiFile,
  };
}

export function userSettingsOf(app: AppContext): UserSettingsView {
  const guiFile = guiConfigFile(app.input);
  const view: Partial<Record<UserSettingKey, unknown>> = {};
  for (const key of EDITABLE_KEYS) view[key] = stateOf(app, guiFile, key);
  return view as UserSettingsView;
}

// eslint-disable-next-line no-control-regex -- control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The config value for a renderer value; not ok when it is not one (type, range, form). */
function configValue<K extends UserSettingKey>(where: SaveLocation, key: K, raw: unknown): { ok: true; value: Config[K] } | { ok: false } {
  const expected = EDITABLE[key];
  let text: string;
  switch (expected.type) {
    case 'bool':
      if (typeof raw !== 'boolean') return { ok: false };
      text = String(raw);
      break;
    case 'integer':
    case 'size':
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) return { ok: false };
      text = String(raw);
      break;
    case 'text':
      if (raw === null) raw = '';
      if (typeof raw !== 'string' || raw.length > expected.max || CONTROL.test(raw)) return { ok: false };
      text = raw;
      break;
    case 'choice':
    case 'path':
      if (typeof raw !== 'string' || raw === '') return { ok: false };
      text = raw;
      break;
  }
  // The schema decides: the same parse the loader will do on the saved line.
  // (An empty policy or title parses to null, a value like any other.)
  return specOf(key).type.parse(text, { home: where.home });
}

export type SaveOutcome = { ok: true; file: string } | { ok: false; errors: SettingError[] };

const asRecord = (x: unknown): Record<string, unknown> | null =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;

/**
 * Checks every change, then writes them all in one go, or nothing: a key that
 * is not editable, is locked, or has a value the schema refuses comes back as
 * a typed error for the field it belongs to.
 */
export function saveSettings(app: AppContext, changes: unknown): SaveOutcome {
  const where: SaveLocation = app.input;
  const guiFile = guiConfigFile(where);
  const errors: SettingError[] = [];
  const writes: SettingChange[] = [];
  const body = asRecord(changes);
  const set = body?.['set'] === undefined ? {} : asRecord(body['set']);
  const reset = body?.['reset'] === undefined ? [] : body['reset'];
  const from = body?.['from'] ?? 'settings';
  if (body === null || set === null || !Array.isArray(reset) || (from !== 'settings' && from !== 'text-size')) {
    return { ok: false, errors: [{ key: 'changes', problem: 'not-editable' }] };
  }
  const by: SavedBy = from;
  for (const [key, raw] of Object.entries(set)) {
    if (!isEditable(key)) {
      errors.push({ key, problem: 'not-editable' });
      continue;
    }
    const locked = lockedBy(app.config, guiFile, key);
    if (locked) {
      errors.push({ key, problem: 'locked', lockedBy: locked });
      continue;
    }
    const value = configValue(where, key, raw);
    if (!value.ok) errors.push({ key, problem: 'invalid', expected: EDITABLE[key] });
    else writes.push({ key, value: value.value } as SettingChange);
  }
  for (const key of reset) {
    if (typeof key !== 'string' || !isEditable(key)) errors.push({ key: String(key), problem: 'not-editable' });
    else if (!Object.hasOwn(set, key)) writes.push({ key, value: undefined });
  }
  if (errors.length > 0) return { ok: false, errors };
  try {
    return { ok: true, file: saveUserSettings(where, writes, by) };
  } catch (error) {
    if (!(error instanceof ConfigSaveError)) throw error;
    const key = isEditable(error.key) ? error.key : null;
    // The values were checked above, so this is the disk: a folder that cannot be made, a full disk.
    return { ok: false, errors: [{ key, problem: 'io', file: error.path, reason: error.reason }] };
  }
}
