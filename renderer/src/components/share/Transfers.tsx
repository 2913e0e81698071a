// Running transfers with one progress bar each, and the history of finished ones (renderer).
import { useTranslation } from 'react-i18next';
import type { ShareView, Transfer } from '../../../../electron/contract';
import { formatBytes, formatRate } from '../../../../i18n/format-bytes';
import { formatClock, formatDuration } from '../../../../i18n/format-time';
import { transferProgress } from '../../format/transfer';
import { problemText } from '../../../../i18n/problem-text';
import { Icon } from '../common/Icon';

export function Transfers({ share, direction }: { share: ShareView; direction: Transfer['direction'] }) {
  const { t } = useTranslation();
  const mine = share.transfers.filter((x) => x.direction === direction);
  const running = mine.filter((x) => x.state === 'running');
  const done = mine.filter((x) => x.state !== 'running').sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
  const titleId = `${share.id}-${direction}-title`;
  return (
    <>
      <section className="transfers" aria-labelledby={titleId}>
        <h2 className="section-title" id={titleId}>
          {direction === 'download' ? t('share.downloads.title') : t('share.uploads.title')}
        </h2>
        {running.length === 0 ? (
          <p className="empty-note">{direction === 'download' ? t('share.downloads.none') : t('share.uploads.none')}</p>
        ) : (
          <ul className="transfer-list">
            {running.map((x) => (
              <TransferRow key={x.id} transfer={x} />
            ))}
          </ul>
        )}
      </section>
      {done.length > 0 && <History transfers={done} shareId={share.id} />}
    </>
  );
}

function TransferRow({ transfer }: { transfer: Transfer }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { percent, secondsLeft } = transferProgress(transfer);
  const done = formatBytes(t, lng, transfer.bytes);
  const parts = [
    transfer.total !== null
      ? t('share.downloads.progress', { done, total: formatBytes(t, lng, transfer.total) })
      : t('share.downloads.progressUnknown', { done }),
    formatRate(t, lng, transfer.rate),
  ];
  if (secondsLeft !== null) parts.push(t('share.downloads.left', { time: formatDuration(t, lng, secondsLeft) }));
  const barLabel = t(transfer.direction === 'download' ? 'share.downloads.bar' : 'share.uploads.bar', { name: transfer.name });
  return (
    <li className="transfer">
      <div className="transfer-head">
        <Icon name={transfer.direction === 'download' ? 'share' : 'receive'} className="transfer-icon" />
        <span className="transfer-name" title={transfer.name}>
          {transfer.name}
        </span>
        {percent !== null && <span className="transfer-percent">{t('share.downloads.percent', { percent })}</span>}
      </div>
      {transfer.total !== null ? (
        <progress className="bar" max={transfer.total} value={transfer.bytes} aria-label={barLabel} />
      ) : (
        <progress className="bar" aria-label={barLabel} />
      )}
      <div className="transfer-meta">{parts.join(' · ')}</div>
    </li>
  );
}

function History({ transfers, shareId }: { transfers: Transfer[]; shareId: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const titleId = `${shareId}-history-title`;
  return (
    <section className="history" aria-labelledby={titleId}>
      <h2 className="section-title" id={titleId}>
        {t('share.history.title')}
      </h2>
      <table className="history-table">
        <thead>
          <tr>
            <th scope="col">{t('share.history.name')}</th>
            <th scope="col" className="num">
              {t('share.history.size')}
            </th>
            <th scope="col">{t('share.history.state')}</th>
            <th scope="col" className="num">
              {t('share.history.time')}
            </th>
          </tr>
        </thead>
        <tbody>
          {transfers.map((x) => (
            <tr key={x.id} className={`history-${x.state}`}>
              <td className="history-name" title={x.name}>
                {x.name}
              </td>
              <td className="num">{formatBytes(t, lng, x.total ?? x.bytes)}</td>
              <td>
                {x.state === 'rejected' && x.problem
                  ? t('share.history.rejectedWhy', { why: problemText(x.problem, t, lng).body })
                  : t(`share.history.${x.state}`)}
              </td>
              <td className="num">{formatClock(lng, x.endedAt ?? x.startedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
