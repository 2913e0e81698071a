// The Tor settings dialog's two actions: test what it proposes, save it (plain Node).
import type { Problem, TorCheckLine, TorSettings } from '../contract';
import type { AppContext } from '../core/app-context';
import { saveUserSettings, type SaveLocation, type SettingChange } from '../core/config';
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

/**
 * Writes the dialog's choices to the user's config file (never /etc). Throws
 * ConfigSaveError, before writing anything when a value is bad (a pasted
 * bridge line), so a refused save leaves the file as it was.
 */
export function saveTorSettings(where: SaveLocation, settings: TorSettings): void {
  const changes = dialogChanges(settings);
  // One write for every key: all or nothing.
  saveUserSettings(
    where,
    DIALOG_KEYS.filter((key) => key in changes).map((key) => changeOf(changes, key)),
    'tor-dialog',
  );
}

function changeOf<K extends DialogKey>(changes: DialogChanges, key: K): SettingChange {
  const value = changes[key];
  // TypeScript cannot narrow the union by a generic K; the pair is Config[K] for K by DialogChanges.
  return (value === undefined || value === null ? { key, value: undefined } : { key, value }) as SettingChange;
}
