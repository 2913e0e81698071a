// Receive mode's own settings (renderer): where uploads land, size limits, what is accepted.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiveOptions, ShareView } from '../../../../electron/contract';
import { bytesToMegabytes, megabytesToBytes } from '../../../../i18n/format-bytes';
import { useActions } from '../../store/context';
import { DraftInput } from '../common/DraftInput';
import { Icon } from '../common/Icon';
import { Transfers } from '../share/Transfers';

export function ReceiveSettings({ share }: { share: ShareView }) {
  const { t } = useTranslation();
  const actions = useActions();
  const uid = useId();
  const r = share.options.receive;
  const set = (patch: Partial<ReceiveOptions>): void => void actions.setOptions(share.id, { receive: patch });
  const hasHistory = share.transfers.some((x) => x.direction === 'upload');
  return (
    <>
      <section className="card receive-settings" aria-labelledby={`${uid}-title`}>
        <h2 className="card-title" id={`${uid}-title`}>
          {t('options.receive.title')}
        </h2>
        <div className="field">
          <span className="field-label" id={`${uid}-folder-label`}>
            {t('options.receive.folder')}
          </span>
          <div className="folder-row">
            <Icon name="folder" />
            <span className="folder-path mono" aria-labelledby={`${uid}-folder-label ${uid}-folder`} id={`${uid}-folder`} role="note">
              {r.folder !== '' ? r.folder : t('options.receive.folderNone')}
            </span>
            <button type="button" className="button secondary" onClick={() => void actions.pickReceiveFolder(share.id)}>
              {t('options.receive.choose')}
            </button>
          </div>
        </div>
        <div className="field-row">
          <LimitField id={`${uid}-maxfile`} label={t('options.receive.maxFile')} unit={t('options.receive.mb')} bytes={r.maxFileSize} onCommit={(b) => set({ maxFileSize: b })} />
          <LimitField id={`${uid}-maxtotal`} label={t('options.receive.maxTotal')} unit={t('options.receive.mb')} bytes={r.maxTotalSize} onCommit={(b) => set({ maxTotalSize: b })} />
        </div>
        <label className="check">
          <input type="checkbox" checked={r.disableText} onChange={(e) => set({ disableText: e.target.checked })} />
          <span>{t('options.receive.disableText')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={r.disableFiles} onChange={(e) => set({ disableFiles: e.target.checked })} />
          <span>{t('options.receive.disableFiles')}</span>
        </label>
      </section>
      {hasHistory && <Transfers share={share} direction="upload" />}
    </>
  );
}

function LimitField({
  id,
  label,
  unit,
  bytes,
  onCommit,
}: {
  id: string;
  label: string;
  unit: string;
  bytes: number;
  onCommit: (bytes: number) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-with-unit">
        <DraftInput
          id={id}
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          value={String(bytesToMegabytes(bytes))}
          onCommit={(v) => onCommit(megabytesToBytes(Number(v)))}
        />
        <span className="unit">{unit}</span>
      </div>
    </div>
  );
}
