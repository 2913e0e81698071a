// The items of a share with sizes, a total, what their folders leave out, and (while
// editable) remove buttons (renderer).
import { useTranslation } from 'react-i18next';
import type { ShareView } from '../../../../electron/contract';
import { formatBytes } from '../../../../i18n/format-bytes';
import { useActions } from '../../store/context';
import { Icon } from '../common/Icon';
import { SkippedFiles } from './SkippedFiles';

export function ItemList({ share, editable }: { share: ShareView; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const actions = useActions();
  const size = (n: number): string => formatBytes(t, i18n.language, n);
  const titleId = `${share.id}-items-title`;
  if (share.items.length === 0 && !editable) return null;
  return (
    <section className="items" aria-labelledby={titleId}>
      <h2 className="section-title" id={titleId}>
        {t('share.items.title')}
      </h2>
      {share.items.length === 0 ? (
        <p className="empty-note">{t('share.items.empty')}</p>
      ) : (
        <>
          <ul className="item-list">
            {share.items.map((item) => (
              <li key={item.id} className="item">
                <Icon name={item.kind === 'folder' ? 'folder' : 'file'} className="item-icon" />
                <span className="item-name" title={item.name}>
                  {item.name}
                </span>
                {item.kind === 'folder' && <span className="item-meta">{t('share.items.files', { count: item.files })}</span>}
                <span className="item-size">{size(item.size)}</span>
                {editable && (
                  <button
                    type="button"
                    className="button ghost icon-only small"
                    aria-label={t('share.items.remove', { name: item.name })}
                    title={t('share.items.remove', { name: item.name })}
                    onClick={() => void actions.removeItem(share.id, item.id)}
                  >
                    <Icon name="remove" />
                  </button>
                )}
              </li>
            ))}
          </ul>
          <p className="items-total">
            <span>{t('share.items.total')}</span>
            <span>{t('share.items.totalLine', { count: share.items.length, size: size(share.totalSize) })}</span>
          </p>
          <SkippedFiles items={share.items} skipped={share.skipped} />
        </>
      )}
    </section>
  );
}
