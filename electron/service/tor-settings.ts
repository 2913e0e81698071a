// The Tor settings dialog's two actions: test what it proposes, save it (plain Node).
import type { Problem, TorCheckLine, TorSettings } from '../contract';
import type { AppContext } from '../core/app-context';
import { removeUserSetting, saveUserSetting, type SaveLocation } from '../core/config';
import { torCheckFor } from '../core/link-factory';
import { DIALOG_KEYS, dialogChanges, type DialogChanges, type DialogKey } from '../core/tor-settings';

/** The same checks as `oniondrop tor-check`, over the dialog's settings (or the current ones). */
export async function testTorSettings(app: AppContext, settings: TorSettings | null, problemOf: (e: unknown) => Problem): Promise<TorCheckLine[]> {
  const lines = await torCheckFor(app, settings);
  return lines.map((l) => ({
    level: l.level,
    label: l.label,
    detail: l.fix ? `${l.detail} ${l.fix}` : l.detail,
    problem: l.error ? problemOf(l.error) : null,
  }));
}

/** Writes the dialog's choices to the user's config file (never /etc). Throws ConfigSaveError. */
export function saveTorSettings(where: SaveLocation, settings: TorSettings): void {
  const changes = dialogChanges(settings);
  for (const key of DIALOG_KEYS) write(where, changes, key);
}

function write<K extends DialogKey>(where: SaveLocation, changes: DialogChanges, key: K): void {
  if (!(key in changes)) return;
  const value = changes[key];
  if (value === undefined || value === null) removeUserSetting(where, key);
  else saveUserSetting(where, key, value, 'tor-dialog');
}
