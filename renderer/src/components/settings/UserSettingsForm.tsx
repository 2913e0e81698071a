// The editable part of the Settings view (renderer): what new tabs start with, receiving and
// website defaults. Changes collect in a draft and are saved together; the service checks
// each one and a refusal is shown next to its field. Locked settings cannot be edited.
import { useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageCode, LanguageSetting, SettingError, ShareMode, UserSettingKey, UserSettings, UserSettingsView } from '../../../../electron/contract';
import { LANGUAGES, languageOf } from '../../../../i18n/languages';
import { useActions, useApp } from '../../store/context';
import { ZOOM_STEPS } from '../../store/zoom';
import { Icon } from '../common/Icon';
import { controlId, SettingRow, type ControlProps } from './SettingRow';
import { errorText } from './setting-words';

type Draft = Partial<UserSettings>;
type Errors = Partial<Record<UserSettingKey, SettingError>>;
type Status = { kind: 'saved'; file: string } | { kind: 'refused'; count: number; general: SettingError[] } | null;

const MODES: ShareMode[] = ['share', 'receive', 'website'];
const MB = 1_000_000;
const GB = 1_000_000_000;

export function UserSettingsForm({ user, guiFile, systemLanguage }: { user: UserSettingsView; guiFile: string; systemLanguage: LanguageCode }) {
  const { t } = useTranslation();
  const actions = useActions();
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const zoom = useApp((s) => s.zoom);

  const value = <K extends UserSettingKey>(k: K): UserSettings[K] => (Object.hasOwn(draft, k) ? (draft[k] as UserSettings[K]) : user[k].value);
  const set = <K extends UserSettingKey>(k: K, v: UserSettings[K]): void => {
    setDraft((d) => {
      const { [k]: _old, ...rest } = d;
      // Back to the saved value: no longer a change.
      return Object.is(v, user[k].value) ? rest : { ...rest, [k]: v };
    });
    setErrors(({ [k]: _gone, ...rest }) => rest);
    setStatus(null);
  };
  const changed = Object.keys(draft).length;

  const save = async (): Promise<void> => {
    setBusy(true);
    const result = await actions.saveSettings({ set: draft });
    setBusy(false);
    if (!result) return;
    if (result.ok) {
      setDraft({});
      setErrors({});
      setStatus({ kind: 'saved', file: result.file });
      return;
    }
    const byKey: Errors = {};
    const general: SettingError[] = [];
    for (const e of result.errors) {
      if (e.key !== null && Object.hasOwn(user, e.key)) byKey[e.key as UserSettingKey] = e;
      else general.push(e);
    }
    setErrors(byKey);
    setStatus({ kind: 'refused', count: result.errors.length, general });
    // Take the user to the first field on the page that needs attention.
    const fields = Object.keys(byKey)
      .map((k) => document.getElementById(controlId(k as UserSettingKey)))
      .filter((el): el is HTMLElement => el !== null)
      .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    fields[0]?.focus();
  };

  const reset = async (k: UserSettingKey): Promise<void> => {
    const result = await actions.saveSettings({ reset: [k] });
    if (result?.ok) {
      setDraft(({ [k]: _gone, ...rest }) => rest);
      setErrors(({ [k]: _gone, ...rest }) => rest);
    }
  };

  const rowOf = (k: UserSettingKey) => ({ k, state: user[k], error: errors[k], onReset: (key: UserSettingKey) => void reset(key) });

  return (
    <form
      className="prefs"
      aria-label={t('settings.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p className="subtle prefs-intro">{t('prefs.intro', { file: guiFile })}</p>

      <section className="card prefs-card" aria-labelledby="prefs-language">
        <h2 className="card-title" id="prefs-language">
          {t('prefs.language')}
        </h2>
        <div className="prefs-grid">
          <SettingRow {...rowOf('app.language')} wide label={t('prefs.languageLabel')} hint={t('prefs.languageHint')}>
            {(p) => (
              // Applies at once, like the text size: someone who cannot read the window's words must not have to find Save.
              <select
                {...p}
                className="language-select"
                value={user['app.language'].value}
                onChange={(e) => void actions.saveSettings({ set: { 'app.language': e.target.value as LanguageSetting } })}
              >
                <option value="auto">{t('prefs.languageAuto', { language: languageOf(systemLanguage).name })}</option>
                {LANGUAGES.map((l) => (
                  <option key={l.code} value={l.code} lang={l.code}>
                    {l.name}
                  </option>
                ))}
              </select>
            )}
          </SettingRow>
        </div>
      </section>

      <section className="card prefs-card" aria-labelledby="prefs-new-tabs">
        <h2 className="card-title" id="prefs-new-tabs">
          {t('prefs.newTabs')}
        </h2>
        <p className="subtle">{t('prefs.newTabsIntro')}</p>
        <div className="prefs-grid">
          <SettingRow {...rowOf('share.default_mode')} label={t('prefs.defaultMode')}>
            {(p) => (
              <select {...p} value={value('share.default_mode')} onChange={(e) => set('share.default_mode', e.target.value as ShareMode)}>
                {MODES.map((m) => (
                  <option key={m} value={m}>
                    {t(`modes.${m}`)}
                  </option>
                ))}
              </select>
            )}
          </SettingRow>
          <SettingRow {...rowOf('share.public')} label={t('prefs.access')} hint={value('share.public') ? t('options.publicHint') : t('options.privateHint')}>
            {(p) => (
              <select {...p} value={value('share.public') ? 'public' : 'private'} onChange={(e) => set('share.public', e.target.value === 'public')}>
                <option value="private">{t('options.private')}</option>
                <option value="public">{t('options.public')}</option>
              </select>
            )}
          </SettingRow>
          <SettingRow {...rowOf('share.title')} label={t('options.titleLabel')}>
            {(p) => <input {...p} type="text" value={value('share.title')} placeholder={t('prefs.titlePlaceholder')} onChange={(e) => set('share.title', e.target.value)} />}
          </SettingRow>
          <SettingRow {...rowOf('share.auto_stop')} label={t('prefs.autoStopMinutes')}>
            {(p) => (
              <div className="input-with-unit">
                <NumberInput {...p} value={value('share.auto_stop')} scale={60} onValue={(n) => set('share.auto_stop', n)} />
                <span className="unit">{t('options.minutes')}</span>
              </div>
            )}
          </SettingRow>
          <SettingRow {...rowOf('share.stop_after_first_download')} label={t('options.stopAfterFirst')} kind="check">
            {(p) => <input {...p} type="checkbox" checked={value('share.stop_after_first_download')} onChange={(e) => set('share.stop_after_first_download', e.target.checked)} />}
          </SettingRow>
          <SettingRow {...rowOf('share.compress')} label={t('options.compress')} hint={t('options.compressHint')} kind="check">
            {(p) => <input {...p} type="checkbox" checked={value('share.compress')} onChange={(e) => set('share.compress', e.target.checked)} />}
          </SettingRow>
        </div>
      </section>

      <section className="card prefs-card" aria-labelledby="prefs-receiving">
        <h2 className="card-title" id="prefs-receiving">
          {t('prefs.receiving')}
        </h2>
        <p className="subtle">{t('prefs.receivingIntro')}</p>
        <div className="prefs-grid">
          <SettingRow {...rowOf('receive.folder')} label={t('prefs.folder')} wide>
            {(p) => (
              <div className="folder-input">
                <input {...p} type="text" className="mono" spellCheck={false} value={value('receive.folder')} onChange={(e) => set('receive.folder', e.target.value)} />
                <button
                  type="button"
                  className="button secondary"
                  disabled={p.disabled}
                  onClick={() =>
                    void actions.chooseFolder().then((folder) => {
                      if (folder !== null) set('receive.folder', folder);
                    })
                  }
                >
                  <Icon name="folder" />
                  <span>{t('prefs.choose')}</span>
                </button>
              </div>
            )}
          </SettingRow>
          <SettingRow {...rowOf('receive.max_file_size')} label={t('prefs.maxFile')}>
            {(p) => <SizeInput {...p} name={t('prefs.maxFile')} value={value('receive.max_file_size')} onValue={(n) => set('receive.max_file_size', n)} />}
          </SettingRow>
          <SettingRow {...rowOf('receive.max_total_size')} label={t('prefs.maxTotal')}>
            {(p) => <SizeInput {...p} name={t('prefs.maxTotal')} value={value('receive.max_total_size')} onValue={(n) => set('receive.max_total_size', n)} />}
          </SettingRow>
          <SettingRow {...rowOf('receive.min_free_space')} label={t('prefs.minFree')}>
            {(p) => <SizeInput {...p} name={t('prefs.minFree')} value={value('receive.min_free_space')} onValue={(n) => set('receive.min_free_space', n)} />}
          </SettingRow>
          <SettingRow {...rowOf('receive.max_message_length')} label={t('prefs.maxMessage')}>
            {(p) => (
              <div className="input-with-unit">
                <NumberInput {...p} value={value('receive.max_message_length')} onValue={(n) => set('receive.max_message_length', n)} />
                <span className="unit">{t('prefs.characters')}</span>
              </div>
            )}
          </SettingRow>
          <SettingRow {...rowOf('receive.disable_text')} label={t('options.receive.disableText')} kind="check">
            {(p) => <input {...p} type="checkbox" checked={value('receive.disable_text')} onChange={(e) => set('receive.disable_text', e.target.checked)} />}
          </SettingRow>
          <SettingRow {...rowOf('receive.disable_files')} label={t('options.receive.disableFiles')} kind="check">
            {(p) => <input {...p} type="checkbox" checked={value('receive.disable_files')} onChange={(e) => set('receive.disable_files', e.target.checked)} />}
          </SettingRow>
        </div>
      </section>

      <section className="card prefs-card" aria-labelledby="prefs-websites">
        <h2 className="card-title" id="prefs-websites">
          {t('prefs.websites')}
        </h2>
        <div className="prefs-grid">
          <SettingRow {...rowOf('website.csp')} label={t('prefs.csp')} hint={t('prefs.cspHint')} wide>
            {(p) => (
              <input
                {...p}
                type="text"
                className="mono"
                spellCheck={false}
                value={value('website.csp') ?? ''}
                onChange={(e) => set('website.csp', e.target.value.trim() === '' ? null : e.target.value)}
              />
            )}
          </SettingRow>
          <SettingRow {...rowOf('website.directory_listing')} label={t('options.website.listing')} kind="check">
            {(p) => <input {...p} type="checkbox" checked={value('website.directory_listing')} onChange={(e) => set('website.directory_listing', e.target.checked)} />}
          </SettingRow>
        </div>
      </section>

      <section className="card prefs-card" aria-labelledby="prefs-text-size">
        <h2 className="card-title" id="prefs-text-size">
          {t('zoom.title')}
        </h2>
        <div className="prefs-grid">
          <SettingRow {...rowOf('ui.zoom')} label={t('zoom.label')} hint={t('zoom.hint')}>
            {(p) => (
              // Applies at once, like the keys: no Save needed.
              <select {...p} value={zoom} onChange={(e) => actions.zoom(Number(e.target.value))}>
                {[...new Set([...ZOOM_STEPS, zoom])]
                  .sort((a, b) => a - b)
                  .map((z) => (
                    <option key={z} value={z}>
                      {t('zoom.option', { percent: z })}
                    </option>
                  ))}
              </select>
            )}
          </SettingRow>
        </div>
      </section>

      <div className="prefs-bar">
        <p className="prefs-status" role="status">
          {status?.kind === 'saved' && (
            <span className="prefs-saved">
              <Icon name="check" /> {t('prefs.saved', { file: status.file })}
            </span>
          )}
          {status?.kind === 'refused' && (
            <span className="prefs-refused">
              <Icon name="alert" /> {t('prefs.refused', { count: status.count })}{' '}
              {status.general.map((e) => errorText(t, e)).join(' ')}
            </span>
          )}
          {status === null && changed > 0 && <span>{t('prefs.unsaved', { count: changed })}</span>}
        </p>
        <button
          type="button"
          className="button ghost"
          disabled={changed === 0 || busy}
          onClick={() => {
            setDraft({});
            setErrors({});
            setStatus(null);
          }}
        >
          {t('prefs.revert')}
        </button>
        <button type="submit" className="button primary" disabled={changed === 0 || busy}>
          {t('prefs.save')}
        </button>
      </div>
    </form>
  );
}

type NumberProps = ControlProps & { value: number; scale?: number; onValue(n: number): void } & Pick<InputHTMLAttributes<HTMLInputElement>, 'aria-label'>;

/**
 * A number typed in units of `scale` (minutes, megabytes), kept as typed while
 * it is edited. What is not a number goes to the service as NaN, which refuses
 * it next to the field.
 */
function NumberInput({ value, scale = 1, onValue, ...control }: NumberProps) {
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (Number.isFinite(value) ? String(Math.round((value / scale) * 100) / 100) : '');
  return (
    <input
      {...control}
      type="number"
      min={0}
      step="any"
      inputMode="decimal"
      value={shown}
      onChange={(e) => {
        setText(e.target.value);
        const n = e.target.value.trim() === '' ? Number.NaN : Number(e.target.value);
        onValue(Number.isFinite(n) ? Math.round(n * scale) : Number.NaN);
      }}
      onBlur={() => {
        if (Number.isFinite(value)) setText(null);
      }}
    />
  );
}

/** Bytes as MB or GB (decimal, like the sizes shown elsewhere in the window). */
function SizeInput({ name, value, onValue, ...control }: ControlProps & { name: string; value: number; onValue(n: number): void }) {
  const { t } = useTranslation();
  const [unit, setUnit] = useState(value >= GB ? GB : MB);
  return (
    <div className="input-with-unit">
      <NumberInput {...control} key={unit} value={value} scale={unit} onValue={onValue} />
      <select
        className="unit-select"
        aria-label={t('prefs.unitLabel', { name })}
        disabled={control.disabled}
        value={unit}
        onChange={(e) => setUnit(Number(e.target.value))}
      >
        <option value={MB}>{t('prefs.unitMB')}</option>
        <option value={GB}>{t('prefs.unitGB')}</option>
      </select>
    </div>
  );
}
