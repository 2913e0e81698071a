// Which settings the window's own file can still change (plain Node): a value set by a
// file read after 90_gui.conf, or by an ONIONDROP_* variable, wins over anything the
// window saves, so the window shows it as locked by that origin.
import { basename, dirname } from 'node:path';
import { GUI_FILE_NAME } from './folders';
import type { LoadedConfig } from './load';
import { compareBytes } from './names';
import type { Origin } from './origin';
import type { OptionKey } from './schema';

export type LockingOrigin = Exclude<Origin, { kind: 'default' }>;

/**
 * Where 90_gui.conf is (or would be) read: its own place in the reading order
 * when it exists, else before the first file of the user folder whose name
 * sorts after it (folders are read in byte order).
 */
function guiPosition(config: LoadedConfig, guiFile: string): number {
  const at = config.files.indexOf(guiFile);
  if (at >= 0) return at;
  const folder = dirname(guiFile);
  const after = config.files.findIndex((f) => dirname(f) === folder && compareBytes(basename(f), GUI_FILE_NAME) > 0);
  return after >= 0 ? after - 0.5 : config.files.length;
}

/** The origin that fixes `key` above the window's file, or null when a save there would apply. */
export function lockedBy(config: LoadedConfig, guiFile: string, key: OptionKey): LockingOrigin | null {
  const origin = config.origins[key];
  if (origin.kind === 'default') return null;
  if (origin.kind === 'env') return origin;
  if (origin.file === guiFile) return null;
  // The value stands from the last time its file was read (a file %included twice is read twice).
  return config.files.lastIndexOf(origin.file) > guiPosition(config, guiFile) ? origin : null;
}
