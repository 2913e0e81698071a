// The window's header: app name, one tab per share, "+" for a new one, Settings (renderer).
import { useTranslation } from 'react-i18next';
import { useActions, useApp } from '../store/context';
import { Icon, Logo } from './common/Icon';
import { NewShareMenu } from './NewShareMenu';
import { TabStrip } from './TabStrip';

export function Header() {
  const { t } = useTranslation();
  const view = useApp((s) => s.view);
  const actions = useActions();
  const inSettings = view === 'settings';
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <div className="tabs-area">
        <TabStrip />
        <NewShareMenu />
      </div>
      <button
        type="button"
        className={inSettings ? 'button ghost header-settings is-active' : 'button ghost header-settings'}
        aria-pressed={inSettings}
        onClick={inSettings ? actions.showShares : actions.showSettings}
      >
        <Icon name="settings" />
        <span>{t('nav.settings')}</span>
      </button>
    </header>
  );
}
