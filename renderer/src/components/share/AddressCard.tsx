// The published address and private key with Copy buttons, a QR code and the reachability check (renderer).
import { useTranslation } from 'react-i18next';
import type { OnionInfo, ShareView } from '../../../../electron/contract';
import { addressModes, modeUrl } from '../../../../electron/core/modes/address-modes';
import { formatClock } from '../../../../i18n/format-time';
import { useActions } from '../../store/context';
import { CopyField } from '../common/CopyField';
import { Icon } from '../common/Icon';
import { QrCode } from '../common/QrCode';

export function AddressCard({ share, onion }: { share: ShareView; onion: OnionInfo }) {
  const { t, i18n } = useTranslation();
  const actions = useActions();
  const isPrivate = onion.privateKey !== null;
  const titleId = `${share.id}-address-title`;
  return (
    <section className="card address-card" aria-labelledby={titleId}>
      <div className="address-main">
        <h2 className="card-title" id={titleId}>
          {isPrivate ? t('share.address.titlePrivate') : t('share.address.titlePublic')}
        </h2>
        <CopyField id={`${share.id}-url`} icon="link" label={t('share.address.url')} value={onion.url} copyLabel={t('share.address.copyUrl')} />
        {onion.privateKey !== null && (
          <CopyField
            id={`${share.id}-key`}
            icon="key"
            label={t('share.address.key')}
            value={onion.privateKey}
            copyLabel={t('share.address.copyKey')}
          />
        )}
        <ModePages share={share} url={onion.url} />
        <p className="address-note">{isPrivate ? t('share.address.privateNote') : t('share.address.publicNote')}</p>
        <div className="reach-row">
          <span className={`reach reach-${share.reachable}`} role="status">
            <span className="status-dot" aria-hidden="true" />
            {t(`share.reachable.${share.reachable}`)}
          </span>
          <button
            type="button"
            className="button secondary small"
            disabled={share.reachable === 'checking'}
            onClick={() => void actions.checkReachable(share.id)}
          >
            <Icon name="refresh" />
            <span>{t('share.reachable.check')}</span>
          </button>
          {share.stopsAt !== null && (
            <span className="address-note stops-at">
              <Icon name="clock" />
              {t(share.mode === 'receive' ? 'share.address.stopsAtReceive' : 'share.address.stopsAt', {
                time: formatClock(i18n.language, share.stopsAt),
              })}
            </span>
          )}
        </div>
        {onion.published === 'unknown' && <p className="address-note">{t('share.address.publishedUnknown')}</p>}
      </div>
      <QrCode text={onion.url} label={t('share.address.qr')} />
    </section>
  );
}

/** On an address that carries several modes, each page's own address (and where uploads go). */
function ModePages({ share, url }: { share: ShareView; url: string }) {
  const { t } = useTranslation();
  const modes = addressModes(share.mode, share.options);
  if (modes.length < 2) return null;
  return (
    <div className="mode-pages" role="group" aria-label={t('share.address.pagesTitle')}>
      {modes.includes('share') && (
        <CopyField
          id={`${share.id}-share-page`}
          icon="share"
          label={t('share.address.sharePage')}
          value={modeUrl(url, 'share')}
          copyLabel={t('share.address.copySharePage')}
        />
      )}
      {modes.includes('receive') && (
        <>
          <CopyField
            id={`${share.id}-receive-page`}
            icon="receive"
            label={t('share.address.receivePage')}
            value={modeUrl(url, 'receive')}
            copyLabel={t('share.address.copyReceivePage')}
          />
          <p className="address-note">{t('share.address.savedIn', { folder: share.options.receive.folder })}</p>
        </>
      )}
    </div>
  );
}
