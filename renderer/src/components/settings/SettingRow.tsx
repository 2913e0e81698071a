// One editable setting in the Settings view (renderer): its control, where its value comes
// from, why it is locked (file and line, or the environment), the service's refusal next
// to it, and "Reset" when the window's own file holds it.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingError, UserSettingKey, UserSettingState } from '../../../../electron/contract';
import { Icon } from '../common/Icon';
import { errorText, lockText, originText } from './setting-words';

/** What a control needs to be labelled, described and disabled consistently. */
export interface ControlProps {
  id: string;
  disabled: boolean;
  'aria-describedby': string;
  'aria-invalid': boolean;
}

interface RowProps {
  k: UserSettingKey;
  label: string;
  state: UserSettingState<UserSettingKey>;
  error: SettingError | undefined;
  /** Shown under the control (what the setting does). */
  hint?: string;
  /** A checkbox is labelled beside itself; other controls get their label above. */
  kind?: 'field' | 'check';
  /** Takes a whole row of the grid (paths, policies). */
  wide?: boolean;
  onReset(key: UserSettingKey): void;
  children(props: ControlProps): ReactNode;
}

export const controlId = (key: UserSettingKey): string => `pref-${key.replace(/\./g, '-')}`;

export function SettingRow({ k, label, state, error, hint, kind = 'field', wide = false, onReset, children }: RowProps) {
  const { t } = useTranslation();
  const id = controlId(k);
  const locked = state.lockedBy !== null;
  const props: ControlProps = {
    id,
    disabled: locked,
    'aria-describedby': [hint ? `${id}-hint` : '', `${id}-origin`, error ? `${id}-error` : ''].filter(Boolean).join(' '),
    'aria-invalid': error !== undefined,
  };
  return (
    <div className={['setting-row', wide ? 'is-wide' : '', locked ? 'is-locked' : '', error ? 'is-invalid' : ''].join(' ').trim()} data-setting={k}>
      {kind === 'check' ? (
        <label className="check">
          {children(props)}
          <span>{label}</span>
        </label>
      ) : (
        <>
          <label htmlFor={id} className="setting-label">
            {label}
          </label>
          {children(props)}
        </>
      )}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <p className="setting-origin" id={`${id}-origin`}>
        {state.lockedBy ? (
          <span className="setting-lock">
            <Icon name="key" className="setting-lock-icon" />
            <span>{lockText(t, state.lockedBy)}</span>
          </span>
        ) : (
          <span>{originText(t, state)}</span>
        )}
        {state.savedHere && !locked && (
          <button type="button" className="button ghost small" aria-label={t('prefs.resetLabel', { name: label })} onClick={() => onReset(k)}>
            {t('prefs.reset')}
          </button>
        )}
      </p>
      {error && (
        <p className="setting-error" id={`${id}-error`}>
          <Icon name="alert" />
          <span>{errorText(t, error)}</span>
        </p>
      )}
    </div>
  );
}
