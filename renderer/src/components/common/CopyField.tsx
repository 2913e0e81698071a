// A long value (onion address, private key) in monospace with a Copy button (renderer).
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from './Icon';
import { useCopy } from './use-copy';

export function CopyField({
  label,
  value,
  copyLabel,
  icon,
  id,
}: {
  label: string;
  value: string;
  copyLabel: string;
  icon: IconName;
  id: string;
}) {
  const { t } = useTranslation();
  const valueRef = useRef<HTMLDivElement>(null);
  const [state, copy] = useCopy(value, valueRef);

  return (
    <div className="copy-field">
      <div className="copy-field-label" id={`${id}-label`}>
        <Icon name={icon} />
        {label}
      </div>
      <div className="copy-field-row">
        <div className="copy-field-value mono" dir="ltr" id={id} ref={valueRef} aria-labelledby={`${id}-label ${id}`} role="textbox" aria-readonly="true" tabIndex={0}>
          {value}
        </div>
        <button type="button" className="button secondary" onClick={() => void copy()} aria-label={copyLabel} aria-describedby={`${id}-copy-status`}>
          <Icon name={state === 'copied' ? 'check' : 'copy'} />
          <span>{state === 'copied' ? t('share.address.copied') : t('share.address.copy')}</span>
        </button>
      </div>
      <p className="copy-field-status" id={`${id}-copy-status`} aria-live="polite">
        {state === 'failed' ? t('share.address.copyFailed') : ''}
      </p>
    </div>
  );
}
