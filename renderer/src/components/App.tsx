// The window (renderer): header with tabs, banners, the open panel, the Tor status line.
import { useTranslation } from 'react-i18next';
import { useDocumentLanguage } from '../i18n';
import { selectActiveGet, selectActiveShare } from '../store/selectors';
import { useApp } from '../store/context';
import { Banners } from './Banners';
import { CloseShareDialog } from './CloseShareDialog';
import { ConfigWarnings } from './ConfigWarnings';
import { GetPanel } from './get/GetPanel';
import { Header } from './Header';
import { SettingsView } from './settings/SettingsView';
import { TorSettingsDialog } from './settings/TorSettingsDialog';
import { SharePanel } from './share/SharePanel';
import { StatusLine } from './StatusLine';
import { TextSizeNote, useTextSize } from './TextSize';
import { Welcome } from './Welcome';

export function App() {
  const { t } = useTranslation();
  const loading = useApp((s) => s.loading);
  const view = useApp((s) => s.view);
  const active = useApp(selectActiveShare);
  const activeGet = useApp(selectActiveGet);
  const settings = useApp((s) => s.settings);
  const dialogOpen = useApp((s) => s.torDialogOpen);
  const closing = useApp((s) => (s.closing === null ? null : (s.shares.find((x) => x.id === s.closing) ?? null)));
  useTextSize();
  useDocumentLanguage(settings?.language ?? null);

  if (loading.state !== 'ready') {
    return (
      <main className="app-loading" aria-busy={loading.state === 'loading'}>
        <p role={loading.state === 'failed' ? 'alert' : 'status'}>
          {loading.state === 'failed' ? t('app.loadFailed', { message: loading.message }) : t('app.loading')}
        </p>
      </main>
    );
  }

  return (
    <div className="app">
      <Header />
      <main className="app-main">
        <Banners />
        <ConfigWarnings />
        {view === 'settings' ? (
          <SettingsView />
        ) : active ? (
          <SharePanel key={active.id} share={active} />
        ) : activeGet ? (
          <GetPanel key={activeGet.id} get={activeGet} />
        ) : (
          <Welcome />
        )}
      </main>
      <StatusLine />
      {settings?.torSettingsVisible === true && dialogOpen && <TorSettingsDialog initial={settings.tor} />}
      {closing && <CloseShareDialog key={closing.id} share={closing} />}
      <TextSizeNote />
    </div>
  );
}
