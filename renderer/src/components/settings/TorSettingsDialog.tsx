// The Tor settings dialog (renderer). Rendered only when settings.torSettingsVisible is true;
// on Whonix (or when config says hide) nothing leads here.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeChoice, TorCheckLine, TorSettings } from '../../../../electron/contract';
import { parseBridgeText } from '../../../../electron/core/tor/bridges/bridge-line';
import { problemText } from '../../../../i18n/problem-text';
import { useActions, useApp } from '../../store/context';
import { Icon } from '../common/Icon';
import { RichText } from '../common/RichText';
import { BridgeSettings } from './BridgeSettings';

export function TorSettingsDialog({ initial }: { initial: TorSettings }) {
  const { t } = useTranslation();
  const actions = useActions();
  const source = useApp((s) => s.tor.source);
  const check = useApp((s) => s.torCheck);
  const [draft, setDraft] = useState<TorSettings>(initial);
  const ref = useRef<HTMLDialogElement>(null);
  const uid = useId();
  const id = (name: string): string => `${uid}-${name}`;
  const set = (patch: Partial<TorSettings>): void => setDraft((d) => ({ ...d, ...patch }));
  // Bridges work only with our own tor: one choice implies the other.
  const setMode = (mode: TorSettings['mode']): void => set(mode === 'own' ? { mode } : { mode, bridges: 'none' });
  const setBridges = (bridges: BridgeChoice): void => set(bridges === 'none' ? { bridges } : { bridges, mode: 'own' });
  const parsed = useMemo(() => parseBridgeText(draft.bridgeLines), [draft.bridgeLines]);
  const [insist, setInsist] = useState(false);
  const linesRef = useRef<HTMLTextAreaElement>(null);
  /** Custom bridges with a bad line, or none: neither saved nor tested; the lines say why. */
  const linesBlock = (): boolean => {
    const bad = draft.mode === 'own' && draft.bridges === 'custom' && (parsed.errors.length > 0 || parsed.lines.length === 0);
    if (bad) {
      setInsist(true);
      linesRef.current?.focus();
    }
    return bad;
  };

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const found = source ? t(`tor.via.${source.kind}`, { label: source.label }) : null;

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={id('title')}
      onCancel={(e) => {
        e.preventDefault();
        actions.closeTorSettings();
      }}
    >
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          if (!linesBlock()) void actions.saveTorSettings(draft);
        }}
      >
        <div className="dialog-header">
          <h2 id={id('title')}>{t('torSettings.title')}</h2>
          <button type="button" className="button ghost icon-only" aria-label={t('torSettings.close')} onClick={actions.closeTorSettings}>
            <Icon name="close" />
          </button>
        </div>

        <fieldset className="field-group">
          <legend>{t('torSettings.mode')}</legend>
          <div className="choice-grid">
            <label className="choice card-choice">
              <input type="radio" name={id('mode')} checked={draft.mode === 'automatic'} onChange={() => setMode('automatic')} />
              <span>
                <span className="choice-title">{t('torSettings.automatic')}</span>
                <span className="choice-hint">{found ? t('torSettings.automaticFound', { found }) : t('torSettings.automaticNone')}</span>
              </span>
            </label>
            <label className="choice card-choice">
              <input type="radio" name={id('mode')} checked={draft.mode === 'own'} onChange={() => setMode('own')} />
              <span>
                <span className="choice-title">{t('torSettings.own')}</span>
                <span className="choice-hint">{t('torSettings.ownHint')}</span>
              </span>
            </label>
            <label className="choice card-choice">
              <input type="radio" name={id('mode')} checked={draft.mode === 'socket'} onChange={() => setMode('socket')} />
              <span>
                <span className="choice-title">{t('torSettings.socket')}</span>
                <span className="choice-hint">{t('torSettings.socketHint')}</span>
              </span>
            </label>
            <label className="choice card-choice">
              <input type="radio" name={id('mode')} checked={draft.mode === 'port'} onChange={() => setMode('port')} />
              <span>
                <span className="choice-title">{t('torSettings.port')}</span>
                <span className="choice-hint">{t('torSettings.portHint')}</span>
              </span>
            </label>
          </div>
          {draft.mode === 'automatic' && <p className="field-hint">{t('torSettings.automaticHint')}</p>}
          {draft.mode === 'socket' && (
            <div className="field">
              <label htmlFor={id('socket')}>{t('torSettings.socketPath')}</label>
              <input id={id('socket')} type="text" className="mono" spellCheck={false} value={draft.controlSocket} onChange={(e) => set({ controlSocket: e.target.value })} />
            </div>
          )}
          {draft.mode === 'port' && (
            <div className="field-row">
              <div className="field grow">
                <label htmlFor={id('host')}>{t('torSettings.host')}</label>
                <input id={id('host')} type="text" className="mono" spellCheck={false} value={draft.controlHost} onChange={(e) => set({ controlHost: e.target.value })} />
              </div>
              <div className="field port">
                <label htmlFor={id('port')}>{t('torSettings.portNumber')}</label>
                <input
                  id={id('port')}
                  type="number"
                  min={1}
                  max={65535}
                  className="mono"
                  value={draft.controlPort}
                  onChange={(e) => set({ controlPort: Number(e.target.value) })}
                />
              </div>
            </div>
          )}
        </fieldset>

        <BridgeSettings
          choice={draft.bridges}
          lines={draft.bridgeLines}
          parsed={parsed}
          insist={insist}
          textareaRef={linesRef}
          onChoice={setBridges}
          onLines={(bridgeLines) => set({ bridgeLines })}
        />

        <fieldset className="field-group" disabled={draft.mode === 'own'}>
          <legend>{t('torSettings.auth')}</legend>
          <div className="choice-row">
            <label className="choice">
              <input type="radio" name={id('auth')} checked={draft.auth === 'automatic'} onChange={() => set({ auth: 'automatic' })} />
              <span className="choice-title">{t('torSettings.authAutomatic')}</span>
            </label>
            <label className="choice">
              <input type="radio" name={id('auth')} checked={draft.auth === 'password'} onChange={() => set({ auth: 'password' })} />
              <span className="choice-title">{t('torSettings.authPassword')}</span>
            </label>
          </div>
          {draft.auth === 'password' && (
            <div className="field">
              <label htmlFor={id('password')}>{t('torSettings.password')}</label>
              <input id={id('password')} type="password" autoComplete="off" value={draft.password} onChange={(e) => set({ password: e.target.value })} />
            </div>
          )}
        </fieldset>

        {check.state === 'done' && <CheckLines lines={check.lines} />}

        <div className="dialog-footer">
          <button
            type="button"
            className="button secondary"
            disabled={check.state === 'running'}
            onClick={() => {
              if (!linesBlock()) void actions.testTor(draft);
            }}
          >
            {check.state === 'running' ? t('torSettings.testing') : t('torSettings.test')}
          </button>
          <span className="spacer" />
          <button type="button" className="button ghost" onClick={actions.closeTorSettings}>
            {t('torSettings.cancel')}
          </button>
          <button type="submit" className="button primary">
            {t('torSettings.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function CheckLines({ lines }: { lines: TorCheckLine[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="check-lines" aria-label={t('torSettings.results')} aria-live="polite">
      <h3 className="section-title">{t('torSettings.results')}</h3>
      <ul>
        {lines.map((line, i) => (
          <li key={i} className={`check-line check-${line.level}`}>
            <Icon name={line.level === 'ok' ? 'check' : line.level === 'warning' ? 'info' : 'alert'} className="check-icon" />
            <span className="sr-only">{t(`torSettings.level.${line.level}`)}: </span>
            <span className="check-text">
              <span className="check-label">{line.label}</span>
              <span className="check-detail">{line.detail}</span>
              {line.problem && (
                <span className="check-fix">
                  <RichText text={problemText(line.problem, t, i18n.language).fix} />
                </span>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
