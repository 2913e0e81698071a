// The Settings view (renderer): config warnings (file:line), the editable user-level options,
// the way into Tor settings when it is allowed, the local server's settings (read only), and
// the effective configuration with where each value came from.
import { useTranslation } from 'react-i18next';
import { useActions, useApp } from '../../store/context';
import { Icon } from '../common/Icon';
import { UserSettingsForm } from './UserSettingsForm';
import { warningParts } from './setting-words';

export function SettingsView() {
  const { t } = useTranslation();
  const settings = useApp((s) => s.settings);
  const actions = useActions();
  if (!settings) return null;
  const server = settings.settings.filter((s) => s.key.startsWith('server.'));
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

      <section className={settings.warnings.length > 0 ? 'card card-warning' : 'card'} aria-labelledby="settings-warnings-title" id="settings-warnings">
        <h2 className="card-title" id="settings-warnings-title">
          {t('settings.warnings')}
        </h2>
        {settings.warnings.length === 0 ? (
          <p className="subtle">{t('settings.noWarnings')}</p>
        ) : (
          <ul className="config-warnings">
            {settings.warnings.map((w, i) => {
              const { where, text } = warningParts(t, w);
              return (
                <li key={i}>
                  <Icon name="alert" />
                  <span>{text}</span>
                  <span className="mono-inline">{where}</span>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <UserSettingsForm user={settings.user} guiFile={settings.guiFile} systemLanguage={settings.systemLanguage} />

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

      <section className="card" aria-labelledby="settings-network-title">
        <h2 className="card-title" id="settings-network-title">
          {t('prefs.network')}
        </h2>
        <p className="subtle">{t('prefs.networkIntro')}</p>
        <dl className="prefs-readonly">
          {server.map((s) => (
            <div key={s.key}>
              <dt className="mono-inline">{s.key}</dt>
              <dd>
                <span className="mono-inline">{s.value}</span> <span className="subtle">({s.origin})</span>
              </dd>
            </div>
          ))}
        </dl>
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
