// Saves settings chosen in the window to the user folder's 90_gui.conf, atomically (plain Node).
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

const HEADER = [
  '# Settings chosen in the OnionDrop window. OnionDrop rewrites only the lines',
  '# of the settings it saves; other lines and comments are kept.',
];

/** Where GUI settings go: `<user config folder>/90_gui.conf`. */
export function guiConfigFile(where: SaveLocation): string {
  return join(userConfigFolder(where).path, GUI_FILE_NAME);
}

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

/** The value's config text; refuses what the loader would refuse, so a save never turns into a warning. */
function checkedText<K extends OptionKey>(where: SaveLocation, key: K, value: Config[K]): string {
  const spec = specOf(key);
  const text = spec.type.format(value);
  const parsed = spec.type.parse(text, { home: where.home });
  if (!parsed.ok) throw new ConfigSaveError('invalid-value', key, guiConfigFile(where), parsed.reason ?? `expected ${spec.type.expected}`);
  return text;
}

/**
 * Throws the ConfigSaveError saveUserSetting would, without writing: for
 * callers that save several settings and must write all or none.
 */
export function checkUserSetting<K extends OptionKey>(where: SaveLocation, key: K, value: Config[K]): void {
  checkedText(where, key, value);
}

/**
 * Sets `key` in 90_gui.conf (or removes it when `value` is undefined, so the
 * lower layers apply again). The first line setting the key is replaced, later
 * ones dropped, everything else kept. Returns the file written.
 * Throws ConfigSaveError.
 */
function rewrite<K extends OptionKey>(where: SaveLocation, key: K, value: Config[K] | undefined): string {
  const folder = userConfigFolder(where).path;
  const file = join(folder, GUI_FILE_NAME);
  const newLine = value === undefined ? null : `${key} = ${quoteValue(checkedText(where, key, value))}`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ConfigSaveError('io', key, folder, describeFsError(error));
  }
  const kept: string[] = [];
  let placed = false;
  for (const line of readExisting(file, key)) {
    const parsed = parseLine(line);
    if (parsed.kind !== 'setting' || parsed.key !== key) {
      kept.push(line);
    } else if (!placed && newLine !== null) {
      kept.push(newLine);
      placed = true;
    }
  }
  if (!placed && newLine !== null) kept.push(newLine);
  try {
    writePrivateFileAtomically(file, `${kept.join('\n')}\n`);
  } catch (error) {
    throw new ConfigSaveError('io', key, file, describeFsError(error));
  }
  return file;
}

export function saveUserSetting<K extends OptionKey>(where: SaveLocation, key: K, value: Config[K]): string {
  return rewrite(where, key, value);
}

export function removeUserSetting(where: SaveLocation, key: OptionKey): string {
  return rewrite(where, key, undefined);
}
