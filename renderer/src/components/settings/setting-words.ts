// A setting's origin, lock and refusal in words (renderer), from the typed values the service sends.
import type { TFunction } from 'i18next';
import type { ConfigWarningView, SettingError, SettingOrigin, UserSettingState, UserSettingKey } from '../../../../electron/contract';

export function originText(t: TFunction, state: UserSettingState<UserSettingKey>): string {
  if (state.savedHere) return t('prefs.origin.here');
  return originWords(t, state.origin);
}

function originWords(t: TFunction, origin: SettingOrigin): string {
  switch (origin.kind) {
    case 'default':
      return t('prefs.origin.default');
    case 'file':
      return t('prefs.origin.file', { file: origin.file, line: origin.line });
    case 'env':
      return t('prefs.origin.env', { name: origin.name });
  }
}

export function lockText(t: TFunction, lockedBy: NonNullable<UserSettingState<UserSettingKey>['lockedBy']>): string {
  return lockedBy.kind === 'env'
    ? t('prefs.locked.env', { name: lockedBy.name })
    : t('prefs.locked.file', { file: lockedBy.file, line: lockedBy.line });
}

export function errorText(t: TFunction, error: SettingError): string {
  switch (error.problem) {
    case 'not-editable':
      return t('prefs.error.not-editable');
    case 'locked':
      return lockText(t, error.lockedBy);
    case 'io':
      return t('prefs.error.io', { file: error.file, reason: error.reason });
    case 'invalid': {
      const e = error.expected;
      switch (e.type) {
        case 'integer':
          return t('prefs.error.integer', { min: e.min, max: e.max });
        case 'choice':
          return t('prefs.error.choice', { values: e.values.join(', ') });
        case 'text':
          return t('prefs.error.text', { max: e.max });
        default:
          return t(`prefs.error.${e.type}`);
      }
    }
  }
}

/** A config warning as where (file:line, or the variable) and what, without saying where twice. */
export function warningParts(t: TFunction, w: ConfigWarningView): { where: string; text: string } {
  const where = w.line === null ? w.file : t('settings.warningAt', { file: w.file, line: w.line });
  // The service's message is the CLI's line, which starts with its location.
  for (const prefix of [`${where}: `, `environment ${w.file}: `]) {
    if (w.message.startsWith(prefix)) return { where, text: w.message.slice(prefix.length) };
  }
  return { where, text: w.message };
}
