// The share's options while it can still change (renderer): access, timing, title, address, zip.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareOptionsPatch, ShareView } from '../../../../electron/contract';
import { LANGUAGES, isLanguageCode } from '../../../../i18n/languages';
import { isoToLocalInput, localInputToIso } from '../../../../i18n/format-time';
import { useActions } from '../../store/context';
import { DraftInput } from '../common/DraftInput';

const DEFAULT_AUTO_STOP_SECONDS = 60 * 60;

/** Default scheduled start: the next full hour from now. */
function nextHourIso(): string {
  const d = new Date();
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return d.toISOString();
}

export function OptionsForm({ share }: { share: ShareView }) {
  const { t } = useTranslation();
  const actions = useActions();
  const uid = useId();
  const o = share.options;
  const set = (patch: ShareOptionsPatch): void => void actions.setOptions(share.id, patch);
  const id = (name: string): string => `${uid}-${name}`;

  return (
    <form className="card options" aria-labelledby={id('title')} onSubmit={(e) => e.preventDefault()}>
      <h2 className="card-title" id={id('title')}>
        {t('options.title')}
      </h2>

      <fieldset className="field-group">
        <legend>{t('options.access')}</legend>
        <label className="choice">
          <input type="radio" name={id('access')} checked={!o.public} onChange={() => set({ public: false })} />
          <span>
            <span className="choice-title">{t('options.private')}</span>
            <span className="choice-hint">{t('options.privateHint')}</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={id('access')} checked={o.public} onChange={() => set({ public: true })} />
          <span>
            <span className="choice-title">{t('options.public')}</span>
            <span className="choice-hint">{t('options.publicHint')}</span>
          </span>
        </label>
      </fieldset>

      <fieldset className="field-group">
        <legend className="sr-only">{t('options.autoStop')}</legend>
        {share.mode === 'share' && (
          <label className="check">
            <input
              type="checkbox"
              checked={o.stopAfterFirstDownload}
              disabled={o.alsoReceive}
              onChange={(e) => set({ stopAfterFirstDownload: e.target.checked })}
            />
            <span>{t('options.stopAfterFirst')}</span>
          </label>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={o.autoStopSeconds !== null}
            onChange={(e) => set({ autoStopSeconds: e.target.checked ? DEFAULT_AUTO_STOP_SECONDS : null })}
          />
          <span>{t('options.autoStop')}</span>
        </label>
        {o.autoStopSeconds !== null && (
          <div className="field indent">
            <label htmlFor={id('autostop')}>{t('options.autoStopAfter')}</label>
            <div className="input-with-unit">
              <DraftInput
                id={id('autostop')}
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                value={String(Math.round(o.autoStopSeconds / 60))}
                onCommit={(v) => {
                  const minutes = Number(v);
                  if (Number.isFinite(minutes) && minutes > 0) set({ autoStopSeconds: Math.round(minutes * 60) });
                }}
              />
              <span className="unit">{t('options.minutes')}</span>
            </div>
          </div>
        )}
        <label className="check">
          <input type="checkbox" checked={o.startAt !== null} onChange={(e) => set({ startAt: e.target.checked ? nextHourIso() : null })} />
          <span>{t('options.scheduled')}</span>
        </label>
        {o.startAt !== null && (
          <div className="field indent">
            <label htmlFor={id('startat')}>{t('options.startAt')}</label>
            <DraftInput
              id={id('startat')}
              type="datetime-local"
              value={isoToLocalInput(o.startAt)}
              onCommit={(v) => {
                const iso = localInputToIso(v);
                if (iso !== null) set({ startAt: iso });
              }}
            />
          </div>
        )}
      </fieldset>

      <div className="field">
        <label htmlFor={id('pagetitle')}>{t('options.titleLabel')}</label>
        <DraftInput
          id={id('pagetitle')}
          type="text"
          value={o.title}
          placeholder={t('options.titlePlaceholder')}
          onCommit={(v) => set({ title: v })}
        />
      </div>

      <div className="field">
        <label htmlFor={id('language')}>{t('options.language')}</label>
        <select
          id={id('language')}
          value={o.language}
          aria-describedby={id('language-hint')}
          onChange={(e) => {
            if (isLanguageCode(e.target.value)) set({ language: e.target.value });
          }}
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </select>
        <p className="field-hint" id={id('language-hint')}>
          {t('options.languageHint')}
        </p>
      </div>

      <div className="field">
        <label htmlFor={id('persistent')}>{t('options.persistent')}</label>
        <DraftInput
          id={id('persistent')}
          type="text"
          value={o.persistentName ?? ''}
          placeholder={t('options.persistentPlaceholder')}
          aria-describedby={id('persistent-hint')}
          spellCheck={false}
          onCommit={(v) => set({ persistentName: v.trim() === '' ? null : v.trim() })}
        />
        <p className="field-hint" id={id('persistent-hint')}>
          {t('options.persistentHint')}
        </p>
      </div>

      {share.mode === 'share' && (
        <label className="check">
          <input
            type="checkbox"
            checked={o.alsoReceive}
            aria-describedby={id('receive-hint')}
            onChange={(e) => set({ alsoReceive: e.target.checked })}
          />
          <span>
            {t('options.alsoReceive')}
            <span className="choice-hint" id={id('receive-hint')}>
              {t('options.alsoReceiveHint')}
            </span>
          </span>
        </label>
      )}

      {share.mode === 'share' && (
        <label className="check">
          <input
            type="checkbox"
            checked={o.compress}
            aria-describedby={id('compress-hint')}
            onChange={(e) => set({ compress: e.target.checked })}
          />
          <span>
            {t('options.compress')}
            <span className="choice-hint" id={id('compress-hint')}>
              {t('options.compressHint')}
            </span>
          </span>
        </label>
      )}
    </form>
  );
}
