// The Settings view and the Tor dialog's contents, from the loaded configuration (plain Node).
import type { SettingsView } from '../contract';
import type { AppContext } from '../core/app-context';
import { formatOrigin, formatValue, formatWarning, guiConfigFile, optionKeys, specOf } from '../core/config';
import { torSettingsOf } from '../core/tor-settings';
import { appLanguage } from '../../i18n/messages';
import { userSettingsOf } from './settings';

/** The dialog is offered unless the config hides it, and by default never on Whonix (the Gateway provides Tor). */
export function torSettingsVisible(app: AppContext): boolean {
  const setting = app.config.values['ui.tor_settings'];
  return setting === 'show' || (setting === 'auto' && app.platform.whonix === null);
}

export function settingsViewOf(app: AppContext): SettingsView {
  const { values, origins, overridden, warnings } = app.config;
  return {
    torSettingsVisible: torSettingsVisible(app),
    tor: torSettingsOf(values),
    settings: optionKeys.map((key) => ({
      key,
      value: formatValue(key, values[key]),
      origin: formatOrigin(origins[key]),
      overrides: overridden[key].map(formatOrigin),
      doc: specOf(key).doc,
    })),
    warnings: warnings.map((w) => ({
      file: w.source.kind === 'file' ? w.source.file : w.source.name,
      line: w.source.kind === 'file' ? w.source.line : null,
      message: formatWarning(w),
    })),
    user: userSettingsOf(app),
    guiFile: guiConfigFile(app.input),
    language: app.language,
    systemLanguage: appLanguage('auto', app.input.env),
  };
}
