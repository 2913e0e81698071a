// The Settings view (renderer): effective configuration with where each value came from,
// config warnings (file:line), and the way into Tor settings when it is allowed.
import { useTranslation } from 'react-i18next';
import { useActions, useApp } from '../../store/context';
import { Icon } from '../common/Icon';

export function SettingsView() {
  const { t } = useTranslation();
  const settings = useApp((s) => s.settings);
  const actions = useActions();
  if (!settings) return null;
  return (
    <section className="panel settings-view" aria-labelledby="settings-title">
      <div className="panel-header">
        <div className="panel-title">
          <Icon name="settings" className="panel-title-icon" />
          <h1 id="settings-title">{t('settings.title')}</h1>
        </div>
        <div className="panel-actions">
          <button type="button" className="button ghost" onClick={actions.showShares}>
            <Icon name="back" />
            <span>{t('nav.backToShares')}</span>
          </button>
        </div>
      </div>

      {settings.torSettingsVisible && (
        <section className="card settings-tor" aria-labelledby="settings-tor-title">
          <div>
            <h2 className="card-title" id="settings-tor-title">
              {t('settings.torTitle')}
            </h2>
            <p className="subtle">{t('settings.torIntro')}</p>
          </div>
          <button type="button" className="button secondary" onClick={actions.openTorSettings}>
            {t('nav.torSettings')}
          </button>
        </section>
      )}

      <section className="card" aria-labelledby="settings-warnings-title">
        <h2 className="card-title" id="settings-warnings-title">
          {t('settings.warnings')}
        </h2>
        {settings.warnings.length === 0 ? (
          <p className="subtle">{t('settings.noWarnings')}</p>
        ) : (
          <ul className="config-warnings">
            {settings.warnings.map((w, i) => (
              <li key={i}>
                <Icon name="alert" />
                <span>{w.message}</span>
                <span className="mono-inline">{w.line === null ? w.file : t('settings.warningAt', { file: w.file, line: w.line })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="settings-config-title">
        <h2 className="card-title" id="settings-config-title">
          {t('settings.configTitle')}
        </h2>
        <p className="subtle">{t('settings.intro')}</p>
        {settings.settings.length === 0 ? (
          <p className="subtle">{t('settings.none')}</p>
        ) : (
          <table className="config-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.key')}</th>
                <th scope="col">{t('settings.value')}</th>
                <th scope="col">{t('settings.origin')}</th>
              </tr>
            </thead>
            <tbody>
              {settings.settings.map((s) => (
                <tr key={s.key}>
                  <th scope="row">
                    <span className="mono-inline">{s.key}</span>
                    {s.doc !== '' && <span className="config-doc">{s.doc}</span>}
                  </th>
                  <td className="mono-inline config-value">{s.value}</td>
                  <td className="config-origin">
                    <span className="mono-inline">{s.origin}</span>
                    {s.overrides.map((o) => (
                      <span key={o} className="config-overridden">
                        <s className="mono-inline">{o}</s> <span className="tag">{t('settings.overridden')}</span>
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
