// The Tor settings dialog and the tor.* configuration, mapped both ways in one
// place (plain Node): the dialog is shown from it, "Test connection" tests
// what it proposes and "Save" writes it, so the three can never disagree.
import type { TorSettings } from '../contract';
import { defaultConfig, type Config } from './config';
import { normalizeBridgeText } from './tor/bridges/bridge-line';

/** The configuration keys the dialog decides; every other tor.* key is left as it is. */
export const DIALOG_KEYS = [
  'tor.connection',
  'tor.control_socket',
  'tor.control_host',
  'tor.control_port',
  'tor.control_password',
  'tor.bridges',
  'tor.bridge_lines',
] as const;
export type DialogKey = (typeof DIALOG_KEYS)[number];

/**
 * What saving the dialog does to each key it decides: a value for the user's
 * config file, or `undefined` to drop the user's line so the layers below
 * (system files, defaults) apply again.
 */
export type DialogChanges = { [K in DialogKey]?: Config[K] | undefined };

/** The dialog as the effective configuration fills it. The password is never sent to the window. */
export function torSettingsOf(values: Config): TorSettings {
  // Bridges always mean our own tor (see link-config), whatever else is set.
  const mode: TorSettings['mode'] =
    values['tor.bridges'] !== 'none'
      ? 'own'
      : values['tor.control_socket']
        ? 'socket'
        : values['tor.control_port']
          ? 'port'
          : values['tor.connection'] === 'own'
            ? 'own'
            : 'automatic';
  return {
    mode,
    controlSocket: values['tor.control_socket'] ?? '',
    controlHost: values['tor.control_host'] ?? '127.0.0.1',
    controlPort: values['tor.control_port'] ?? 9051,
    auth: values['tor.control_password'] ? 'password' : 'automatic',
    password: '',
    bridges: values['tor.bridges'],
    bridgeLines: values['tor.bridge_lines'],
  };
}

/**
 * What the dialog's choices change. A password left empty with "password"
 * chosen keeps the saved one (the window never sees it, so it cannot resend it).
 * Bridges count only with our own tor; custom lines are written only with
 * "custom" chosen (the text box shows only then), so other choices keep them.
 */
export function dialogChanges(s: TorSettings): DialogChanges {
  const bridges = s.mode === 'own' ? s.bridges : 'none';
  const changes: DialogChanges = {
    'tor.connection': s.mode === 'own' ? 'own' : undefined,
    'tor.bridges': bridges === 'none' ? undefined : bridges,
    'tor.control_socket': s.mode === 'socket' && s.controlSocket !== '' ? s.controlSocket : undefined,
    'tor.control_host': s.mode === 'port' && s.controlHost !== '' ? s.controlHost : undefined,
    'tor.control_port': s.mode === 'port' ? s.controlPort : undefined,
  };
  if (bridges === 'custom') {
    const text = normalizeBridgeText(s.bridgeLines);
    changes['tor.bridge_lines'] = text === '' ? undefined : text;
  }
  if (s.auth === 'automatic') changes['tor.control_password'] = undefined;
  else if (s.password !== '') changes['tor.control_password'] = s.password;
  return changes;
}

/**
 * The effective values with the dialog's changes applied, for "Test
 * connection". A dropped line is taken as the default: what the layers below
 * the user's file say cannot be told apart here, and on the systems where a
 * system file sets tor.* (Whonix) the dialog is hidden.
 */
export function valuesWithDialog(values: Config, s: TorSettings, home: string): Config {
  const defaults = defaultConfig({ home });
  const changes = dialogChanges(s);
  const pick = <K extends DialogKey>(key: K): Config[K] => (key in changes ? (changes[key] ?? defaults[key]) : values[key]);
  return {
    ...values,
    'tor.connection': pick('tor.connection'),
    'tor.control_socket': pick('tor.control_socket'),
    'tor.control_host': pick('tor.control_host'),
    'tor.control_port': pick('tor.control_port'),
    'tor.control_password': pick('tor.control_password'),
    'tor.bridges': pick('tor.bridges'),
    'tor.bridge_lines': pick('tor.bridge_lines'),
  };
}
