// The large drop zone plus "Add files" / "Add folder" (renderer). Enter or Space on the zone
// opens the picker; files dropped anywhere on it go to addDropped.
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareView } from '../../../../electron/contract';
import { useActions } from '../../store/context';
import { Icon } from '../common/Icon';

export function DropArea({ share }: { share: ShareView }) {
  const { t } = useTranslation();
  const actions = useActions();
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const website = share.mode === 'website';
  const pick = (): void => void (website ? actions.pickFolder(share.id) : actions.pickFiles(share.id));

  const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer.types).includes('Files');

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pick();
    }
  };

  return (
    <div className="drop-area">
      <div
        className={['drop-zone', over ? 'is-over' : '', share.items.length > 0 ? 'is-compact' : ''].join(' ').trim()}
        role="button"
        tabIndex={0}
        data-testid="drop-zone"
        onClick={pick}
        onKeyDown={onKeyDown}
        onDragEnter={(e) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          depth.current += 1;
          setOver(true);
        }}
        onDragOver={(e) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={() => {
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setOver(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          depth.current = 0;
          setOver(false);
          const files = Array.from(e.dataTransfer.files);
          if (files.length > 0) void actions.addDropped(share.id, files);
        }}
      >
        <Icon name={website ? 'website' : 'share'} className="drop-icon" />
        <span className="drop-title">
          {over ? t('share.drop.active') : website ? t('share.drop.titleWebsite') : t('share.drop.title')}
        </span>
        <span className="drop-hint">{website ? t('share.drop.hintWebsite') : t('share.drop.hint')}</span>
      </div>
      <div className="drop-buttons">
        {!website && (
          <button type="button" className="button secondary" onClick={() => void actions.pickFiles(share.id)}>
            <Icon name="file" />
            <span>{t('share.addFiles')}</span>
          </button>
        )}
        <button type="button" className="button secondary" onClick={() => void actions.pickFolder(share.id)}>
          <Icon name="folder" />
          <span>{t('share.addFolder')}</span>
        </button>
      </div>
    </div>
  );
}
