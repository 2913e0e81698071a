// Saves settings chosen in the window to the user folder's 90_gui.conf, atomically (plain Node).
// Never anywhere else: the system folders belong to the administrator. Each setting
// written gets a comment line saying which part of the window saved it.
import { mkdirSync, readFileSync } from 'node:fs';
import { writePrivateFileAtomically } from '../atomic-file';
import { join } from 'node:path';
import { describeFsError, errorCode } from './file-reader';
import { GUI_FILE_NAME, userConfigFolder, type FolderOptions } from './folders';
import { parseLine, quoteValue } from './line-parser';
import { specOf, type Config, type OptionKey } from './schema';

export type SaveLocation = Pick<FolderOptions, 'env' | 'home'>;

export class ConfigSaveError extends Error {
  readonly kind = 'config-save';
  constructor(
    readonly code: 'invalid-value' | 'io',
    readonly key: OptionKey,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot save '${key}' to ${path}: ${reason}`);
    this.name = 'ConfigSaveError';
  }
}

/** The part of the window a setting was saved from, named in the comment above its line. */
export type SavedBy = 'settings' | 'tor-dialog' | 'text-size' | 'window';

const MARK = '# Saved by the OnionDrop window: ';
const SAVED_BY: Readonly<Record<SavedBy, string>> = {
  settings: `${MARK}Settings view`,
  'tor-dialog': `${MARK}Tor settings dialog`,
  'text-size': `${MARK}text size keys (Ctrl+, Ctrl-, Ctrl+0)`,
  window: `${MARK}window`,
};

const HEADER = [
  '# Settings chosen in the OnionDrop window; the comment above each says where.',
  '# OnionDrop rewrites only the lines of the settings it saves; other lines and',
  '# comments are kept. A file that sorts after this one in this folder, or an',
  '# ONIONDROP_* environment variable, wins over these: the window then shows',
  '# that setting as locked, with the file and line that fixes it.',
];

/** Where GUI settings go: `<user config folder>/90_gui.conf`. */
export function guiConfigFile(where: SaveLocation): string {
  return join(userConfigFolder(where).path, GUI_FILE_NAME);
}

/** One setting to write (`value`) or to remove (`value` undefined, so the lower layers apply again). */
export type SettingChange =
  | { [K in OptionKey]: { readonly key: K; readonly value: Config[K] } }[OptionKey]
  | { readonly key: OptionKey; readonly value: undefined };

function readExisting(file: string, key: OptionKey): string[] {
  try {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [...HEADER];
    throw new ConfigSaveError('io', key, file, describeFsError(error));
  }
}

/** The config line for a change, or null to remove it. Throws ConfigSaveError('invalid-value'). */
function lineOf<K extends OptionKey>(where: SaveLocation, file: string, key: K, value: Config[K] | undefined): string | null {
  if (value === undefined) return null;
  const spec = specOf(key);
  const text = spec.type.format(value);
  // Refuse what the loader would refuse, so a save never turns into a warning.
  const parsed = spec.type.parse(text, { home: where.home });
  if (!parsed.ok) throw new ConfigSaveError('invalid-value', key, file, parsed.reason ?? `expected ${spec.type.expected}`);
  return `${key} = ${quoteValue(text)}`;
}

/**
 * Applies the changes to 90_gui.conf in one atomic write. For each key the
 * first line setting it is replaced (with our comment above it), later ones
 * and our old comment dropped; everything else is kept. Returns the file
 * written. Throws ConfigSaveError; on error nothing is written.
 */
export function saveUserSettings(where: SaveLocation, changes: readonly SettingChange[], by: SavedBy): string {
  const folder = userConfigFolder(where).path;
  const file = join(folder, GUI_FILE_NAME);
  if (changes.length === 0) return file;
  const newLines = new Map<OptionKey, string | null>();
  for (const change of changes) newLines.set(change.key, lineOf(where, file, change.key, change.value));
  const firstKey = changes[0]!.key;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ConfigSaveError('io', firstKey, folder, describeFsError(error));
  }
  const kept: string[] = [];
  const placed = new Set<OptionKey>();
  for (const line of readExisting(file, firstKey)) {
    const parsed = parseLine(line);
    const key = parsed.kind === 'setting' ? (parsed.key as OptionKey) : null;
    if (key === null || !newLines.has(key)) {
      kept.push(line);
      continue;
    }
    // The old "saved by" comment goes with the old line.
    if (kept.length > 0 && kept[kept.length - 1]!.startsWith(MARK)) kept.pop();
    const next = newLines.get(key) ?? null;
    if (!placed.has(key) && next !== null) kept.push(SAVED_BY[by], next);
    placed.add(key);
  }
  for (const [key, next] of newLines) {
    if (!placed.has(key) && next !== null) kept.push(SAVED_BY[by], next);
  }
  try {
    writePrivateFileAtomically(file, `${kept.join('\n')}\n`);
  } catch (error) {
    throw new ConfigSaveError('io', firstKey, file, describeFsError(error));
  }
  return file;
}

export function saveUserSetting<K extends OptionKey>(where: SaveLocation, key: K, value: Config[K], by: SavedBy = 'window'): string {
  // TypeScript cannot narrow the union by a generic K; the pair is Config[K] for K by the signature.
  return saveUserSettings(where, [{ key, value } as SettingChange], by);
}

export function removeUserSetting(where: SaveLocation, key: OptionKey): string {
  return saveUserSettings(where, [{ key, value: undefined }], 'window');
}
