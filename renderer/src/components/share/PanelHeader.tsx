// The panel's heading with the share's state and its Start / Stop / Close buttons (renderer).
import { useTranslation } from 'react-i18next';
import type { ShareView } from '../../../../electron/contract';
import { isEditable } from '../../store/selectors';
import { useActions } from '../../store/context';
import { Icon } from '../common/Icon';
import { MODE_ICON } from '../TabStrip';

const START_LABEL = { share: 'share.start', receive: 'share.startReceive', website: 'share.startWebsite', chat: 'chat.start' } as const;

export function PanelHeader({ share, label }: { share: ShareView; label: string }) {
  const { t } = useTranslation();
  const actions = useActions();
  const editable = isEditable(share.state);
  const needsItems = (share.mode === 'share' || share.mode === 'website') && share.items.length === 0;
  const hintId = `${share.id}-start-hint`;
  return (
    <div className="panel-header">
      <div className="panel-title">
        <Icon name={MODE_ICON[share.mode]} className="panel-title-icon" />
        <h1>{label}</h1>
        <span className={`badge badge-${share.state}`}>{t(`tabs.state.${share.state}`)}</span>
      </div>
      <div className="panel-actions">
        {editable && needsItems && (
          <span className="panel-hint" id={hintId}>
            {share.mode === 'website' ? t('share.needWebsite') : t('share.needItems')}
          </span>
        )}
        {editable ? (
          <button
            type="button"
            className="button primary"
            disabled={needsItems}
            aria-describedby={needsItems ? hintId : undefined}
            onClick={() => void actions.startShare(share.id)}
          >
            {t(START_LABEL[share.mode])}
          </button>
        ) : (
          <button
            type="button"
            className="button danger"
            disabled={share.state === 'stopping'}
            onClick={() => void actions.stopShare(share.id)}
          >
            {share.state === 'ready' || share.state === 'reconnecting' ? t('share.stop') : t('share.cancel')}
          </button>
        )}
        <button
          type="button"
          className="button ghost icon-only"
          aria-label={t('share.close')}
          title={t('share.close')}
          onClick={() => void actions.closeShare(share.id)}
        >
          <Icon name="close" />
        </button>
      </div>
    </div>
  );
}
