// The config files' problems where the user sees them (renderer): a warning above every view
// but Settings (which lists them all), each with its file and line, until dismissed. The same
// problems as `oniondrop config` prints; new or different ones show again.
import { useTranslation } from 'react-i18next';
import { warningsKey } from '../store/settings-slice';
import { useActions, useApp } from '../store/context';
import { Icon } from './common/Icon';
import { warningParts } from './settings/setting-words';

/** Shown here; the rest are counted and listed in Settings. */
const SHOWN = 3;

export function ConfigWarnings() {
  const { t } = useTranslation();
  const actions = useActions();
  const warnings = useApp((s) => s.settings?.warnings ?? []);
  const dismissed = useApp((s) => s.dismissedWarnings === warningsKey(s.settings));
  const view = useApp((s) => s.view);
  if (warnings.length === 0 || dismissed || view === 'settings') return null;
  return (
    <section className="problem problem-warning config-warning-banner" aria-labelledby="config-warnings-title" data-testid="config-warnings">
      <Icon name="alert" className="problem-icon" />
      <div className="problem-text">
        <h2 className="problem-title" id="config-warnings-title">
          {t('prefs.warnings.title', { count: warnings.length })}
        </h2>
        <p className="problem-body">{t('prefs.warnings.body')}</p>
        <ul className="config-warning-lines">
          {warnings.slice(0, SHOWN).map((w, i) => {
            const { where, text } = warningParts(t, w);
            return (
              <li key={i}>
                <span className="mono-inline">{where}</span> <span>{text}</span>
              </li>
            );
          })}
        </ul>
        {warnings.length > SHOWN && <p className="problem-body">{t('prefs.warnings.more', { count: warnings.length - SHOWN })}</p>}
      </div>
      <div className="config-warning-actions">
        <button type="button" className="button secondary small" onClick={actions.showSettings}>
          {t('prefs.warnings.open')}
        </button>
        <button type="button" className="button ghost small" onClick={actions.dismissConfigWarnings}>
          {t('prefs.warnings.dismiss')}
        </button>
      </div>
    </section>
  );
}
