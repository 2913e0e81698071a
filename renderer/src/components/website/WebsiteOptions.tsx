// Website mode's options (renderer): Content Security Policy and directory listing.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareView } from '../../../../electron/contract';
import { useActions, useApp } from '../../store/context';
import { cspChoice, defaultWebsiteCsp, FALLBACK_WEBSITE_CSP, type CspChoice } from '../../store/website-csp';
import { DraftInput } from '../common/DraftInput';

export function WebsiteOptions({ share }: { share: ShareView }) {
  const { t } = useTranslation();
  const actions = useActions();
  const uid = useId();
  const csp = share.options.website.csp;
  const defaultCsp = useApp((s) => defaultWebsiteCsp(s.settings));
  // "Custom" stays chosen while its text still equals the default (the user is about to edit it),
  // and "None" while the default is none too.
  const [picked, setPicked] = useState<CspChoice | null>(null);
  const choice = picked === 'custom' && csp !== null ? 'custom' : picked === 'off' && csp === null ? 'off' : cspChoice(csp, defaultCsp);
  const setCsp = (value: string | null): void => void actions.setOptions(share.id, { website: { csp: value } });

  const choose = (next: CspChoice): void => {
    setPicked(next);
    if (next === 'default') setCsp(defaultCsp);
    else if (next === 'off') setCsp(null);
    else if (csp === null) setCsp(defaultCsp ?? FALLBACK_WEBSITE_CSP);
  };

  return (
    <section className="card" aria-labelledby={`${uid}-title`}>
      <h2 className="card-title" id={`${uid}-title`}>
        {t('options.website.title')}
      </h2>
      <fieldset className="field-group">
        <legend>{t('options.website.csp')}</legend>
        <label className="choice">
          <input type="radio" name={`${uid}-csp`} checked={choice === 'default'} onChange={() => choose('default')} />
          <span>
            <span className="choice-title">{t('options.website.cspDefault')}</span>
            <span className="choice-hint">
              {defaultCsp === null ? (
                t('options.website.cspDefaultNone')
              ) : (
                <>
                  {t('options.website.cspDefaultHint')} <code>{defaultCsp}</code>
                </>
              )}
            </span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={`${uid}-csp`} checked={choice === 'custom'} onChange={() => choose('custom')} />
          <span className="choice-title">{t('options.website.cspCustom')}</span>
        </label>
        {choice === 'custom' && (
          <div className="field indent">
            <label htmlFor={`${uid}-custom`} className="sr-only">
              {t('options.website.cspCustomLabel')}
            </label>
            <DraftInput
              id={`${uid}-custom`}
              type="text"
              className="mono"
              spellCheck={false}
              value={csp ?? ''}
              onCommit={(v) => setCsp(v.trim() === '' ? defaultCsp : v.trim())}
            />
          </div>
        )}
        <label className="choice">
          <input type="radio" name={`${uid}-csp`} checked={choice === 'off'} onChange={() => choose('off')} />
          <span>
            <span className="choice-title">{t('options.website.cspOff')}</span>
            <span className="choice-hint">{t('options.website.cspOffHint')}</span>
          </span>
        </label>
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={share.options.website.directoryListing}
          onChange={(e) => void actions.setOptions(share.id, { website: { directoryListing: e.target.checked } })}
        />
        <span>{t('options.website.listing')}</span>
      </label>
    </section>
  );
}
