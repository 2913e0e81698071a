// Messages about one share, shown at the top of its panel (renderer): its problem, degraded
// options, items an add refused, and the reconnecting / scheduled / stopped notes.
import { useTranslation } from 'react-i18next';
import type { ShareView } from '../../../../electron/contract';
import { formatClock, formatDateTime } from '../../../../i18n/format-time';
import { useActions, useApp } from '../../store/context';
import { problemText } from '../../../../i18n/problem-text';
import { Icon } from '../common/Icon';
import { ProblemBox } from '../common/ProblemBox';
import { RichText } from '../common/RichText';

export function PanelMessages({ share }: { share: ShareView }) {
  const { t, i18n } = useTranslation();
  const actions = useActions();
  const rejected = useApp((s) => s.rejections[share.id]);
  const torProblem = useApp((s) => (s.tor.state === 'reconnecting' ? s.tor.problem : null));
  return (
    <div className="panel-messages">
      {share.problem && <ProblemBox problem={share.problem} />}
      {share.warnings.map((w, i) => (
        <ProblemBox key={`${w.kind}-${i}`} problem={w} tone="warning" />
      ))}
      {rejected && rejected.length > 0 && (
        <div className="problem problem-warning" role="alert">
          <Icon name="alert" className="problem-icon" />
          <div className="problem-text">
            <p className="problem-title">{t('share.rejected.title', { count: rejected.length })}</p>
            <ul className="rejected-list">
              {rejected.map((r) => {
                const text = problemText(r.problem, t, i18n.language);
                return (
                  <li key={r.name}>
                    <strong>{r.name}</strong>: <RichText text={text.body !== '' ? text.body : text.title} />
                  </li>
                );
              })}
            </ul>
          </div>
          <button type="button" className="button ghost small problem-dismiss" onClick={() => actions.dismissRejections(share.id)}>
            {t('share.rejected.dismiss')}
          </button>
        </div>
      )}
      {share.state === 'reconnecting' && (
        <div className="note note-busy" role="status">
          <p>
            <Icon name="refresh" /> {t('share.reconnecting')}
          </p>
          {torProblem && (
            <p className="note-detail">{t('share.reconnectingBecause', { reason: problemText(torProblem, t, i18n.language).title })}</p>
          )}
        </div>
      )}
      {share.state === 'ready' && share.reconnectedAt !== null && (
        <p className="note" role="status">
          <Icon name="check" /> {t('share.reconnected', { time: formatClock(i18n.language, share.reconnectedAt) })}
        </p>
      )}
      {share.state === 'scheduled' && share.options.startAt && (
        <p className="note" role="status">
          <Icon name="clock" /> {t('share.scheduled', { time: formatDateTime(i18n.language, Date.parse(share.options.startAt)) })}
        </p>
      )}
      {share.state === 'stopping' && (
        <p className="note note-busy" role="status">
          {t('share.stoppingNote')}
        </p>
      )}
      {share.state === 'stopped' && !share.problem && (
        <p className="note" role="status">
          {t('share.stoppedNote')}
        </p>
      )}
    </div>
  );
}
