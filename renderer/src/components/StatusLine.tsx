// The always-visible Tor status line at the bottom of the window (renderer).
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PlatformInfo, TorStatus } from '../../../electron/contract';
import { problemText } from '../../../i18n/problem-text';
import { useActions, useApp } from '../store/context';
import { Icon } from './common/Icon';

export function torStatusText(t: TFunction, lng: string, tor: TorStatus): string {
  switch (tor.state) {
    case 'idle':
      return t('tor.status.idle');
    case 'connecting':
      return t('tor.status.connecting');
    case 'reconnecting':
      // Why the last try failed, once there was one: "Reconnecting to Tor… (OnionDrop cannot reach Tor)".
      return tor.problem
        ? t('tor.status.reconnectingBecause', { reason: problemText(tor.problem, t, lng).title })
        : t('tor.status.reconnecting');
    case 'starting-own':
      return tor.bootstrap
        ? t('tor.status.startingOwn', { progress: tor.bootstrap.progress, summary: tor.bootstrap.summary })
        : t('tor.status.startingOwnNoProgress');
    case 'connected':
      return tor.source ? t(`tor.via.${tor.source.kind}`, { label: tor.source.label }) : t('tor.status.connected');
    case 'unavailable':
      return tor.problem ? problemText(tor.problem, t, lng).title : t('tor.status.unavailable');
  }
}

/** Tor answers but is not on the Tor network yet: nothing can be published until it is. */
export function torOffline(tor: TorStatus): { progress: number; summary: string; warning: string | null } | null {
  return tor.state === 'connected' && tor.bootstrap !== null && tor.bootstrap.progress < 100 ? tor.bootstrap : null;
}

function platformText(platform: PlatformInfo | null): string | null {
  return platform && platform.label !== '' ? platform.label : null;
}

export function StatusLine() {
  const { t, i18n } = useTranslation();
  const tor = useApp((s) => s.tor);
  const platform = useApp((s) => s.platform);
  const appVersion = useApp((s) => s.appVersion);
  const torSettingsVisible = useApp((s) => s.settings?.torSettingsVisible === true);
  const actions = useActions();
  const parts = [torStatusText(t, i18n.language, tor)];
  const where = platformText(platform);
  if (where) parts.push(where);
  if (tor.state === 'connected' && tor.version) parts.push(t('tor.version', { version: tor.version }));
  const offline = torOffline(tor);
  if (offline) parts.push(t(offline.warning ? 'tor.status.offlineTrouble' : 'tor.status.offline', offline));
  const tone =
    tor.state === 'connected' && !offline ? 'ok' : tor.state === 'unavailable' ? 'bad' : tor.state === 'idle' ? 'idle' : 'busy';
  return (
    <footer className="status-line">
      <div className="status-line-tor" role="status" aria-label={t('tor.statusLabel')}>
        <span className={`status-dot status-${tone}`} aria-hidden="true" />
        <span className="status-line-text">{parts.join(' · ')}</span>
        {tor.state === 'starting-own' && tor.bootstrap && (
          <progress className="status-bootstrap" max={100} value={tor.bootstrap.progress} aria-label={t('tor.status.startingOwnNoProgress')} />
        )}
        {offline && <progress className="status-bootstrap" max={100} value={offline.progress} aria-label={t('tor.status.offlineLabel')} />}
      </div>
      {torSettingsVisible && (
        <button type="button" className="button ghost small" onClick={actions.openTorSettings}>
          <Icon name="settings" />
          <span>{t('nav.torSettings')}</span>
        </button>
      )}
      {appVersion !== '' && (
        <span className="status-line-version">
          {t('app.name')} {appVersion}
        </span>
      )}
    </footer>
  );
}
