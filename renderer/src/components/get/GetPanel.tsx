// A Get tab (renderer): paste the address (and key), see the share's files with sizes, choose a folder, download with a bar per file and in total, pause/resume/cancel, the verification and "Show in folder".
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GetFileView, GetView } from '../../../../electron/contract';
import { formatBytes, formatRate } from '../../../../i18n/format-bytes';
import { formatDuration } from '../../../../i18n/format-time';
import { getLabel } from '../../store/selectors';
import { useActions, useApp } from '../../store/context';
import { Icon } from '../common/Icon';
import { ProblemBox } from '../common/ProblemBox';
import { GET_ICON, panelId, tabId } from '../TabStrip';

const running = (g: GetView): boolean => g.phase === 'downloading' || g.phase === 'paused';

export function GetPanel({ get }: { get: GetView }) {
  const { t } = useTranslation();
  const label = useApp((s) => getLabel(t, s.gets, get));
  const listed = get.phase !== 'idle' && get.phase !== 'listing';
  return (
    <section className="panel get-panel" role="tabpanel" id={panelId(get.id)} aria-labelledby={tabId(get.id)}>
      <div className="panel-header">
        <div className="panel-title">
          <Icon name={GET_ICON} className="panel-title-icon" />
          <h1>{label}</h1>
          <span className={`badge badge-get-${get.phase}`}>{t(`get.phase.${get.phase}`)}</span>
        </div>
        <Actions get={get} />
      </div>
      {!running(get) && get.phase !== 'complete' && <LookUp get={get} />}
      {get.phase === 'listing' && (
        <p className="note" role="status">
          {t('get.lookingUp')}
        </p>
      )}
      {get.problem && <ProblemBox problem={get.problem} />}
      {get.phase === 'failed' && get.resumable && <p className="subtle">{t('get.failedResumable')}</p>}
      {get.phase === 'cancelled' && <p className="subtle">{t('get.cancelledNote')}</p>}
      {listed && (
        <>
          <Folder get={get} />
          <Totals get={get} />
          <FileList get={get} />
          {get.phase === 'complete' && <VerificationSummary get={get} />}
        </>
      )}
    </section>
  );
}

function LookUp({ get }: { get: GetView }) {
  const { t } = useTranslation();
  const actions = useActions();
  const [address, setAddress] = useState(get.address ?? '');
  const [key, setKey] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void actions.lookUpGet(get.id, address, key);
  };
  return (
    <form className="card get-lookup" onSubmit={submit}>
      <p className="subtle">{t('get.intro')}</p>
      <TextField id={`${get.id}-address`} type="text" label={t('get.address')} hint={t('get.addressHint')} value={address} onChange={setAddress} />
      <TextField id={`${get.id}-key`} type="password" label={t('get.key')} hint={t('get.keyHint')} value={key} onChange={setKey} />
      <div className="get-lookup-actions">
        <button type="submit" className="button" disabled={address.trim() === '' || get.phase === 'listing'}>
          {t('get.lookUp')}
        </button>
      </div>
    </form>
  );
}

/** A labelled one-line field with its hint (the address, the key): no spell check, no autofill. */
function TextField(props: { id: string; type: 'text' | 'password'; label: string; hint: string; value: string; onChange(value: string): void }) {
  const { id, type, label, hint, value, onChange } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        className="mono"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
      />
      <span className="field-hint" id={`${id}-hint`}>
        {hint}
      </span>
    </div>
  );
}

function Actions({ get }: { get: GetView }) {
  const { t } = useTranslation();
  const actions = useActions();
  const startable = get.phase === 'listed' || get.phase === 'failed' || get.phase === 'cancelled';
  const changed = get.problem?.kind === 'get-share-changed' && get.problem.resuming;
  return (
    <div className="panel-actions">
      {startable && get.address !== null && !changed && (
        <button type="button" className="button primary" disabled={get.folder === null} onClick={() => void actions.startGet(get.id, false)}>
          {get.phase === 'failed' && get.resumable ? t('get.startAgain') : t('get.start')}
        </button>
      )}
      {startable && changed && (
        <button type="button" className="button primary" onClick={() => void actions.startGet(get.id, true)}>
          {t('get.startOver')}
        </button>
      )}
      {get.phase === 'downloading' && (
        <button type="button" className="button" onClick={() => void actions.pauseGet(get.id)}>
          {t('get.pause')}
        </button>
      )}
      {get.phase === 'paused' && (
        <button type="button" className="button primary" onClick={() => void actions.resumeGet(get.id)}>
          {t('get.resume')}
        </button>
      )}
      {running(get) && (
        <button type="button" className="button ghost" title={t('get.cancelHint')} onClick={() => void actions.cancelGet(get.id)}>
          {t('get.cancel')}
        </button>
      )}
      {get.phase === 'complete' && (
        <button type="button" className="button primary" onClick={() => void actions.showGetInFolder(get.id)}>
          <Icon name="folder" />
          {t('get.showInFolder')}
        </button>
      )}
      <button type="button" className="button ghost icon-only" aria-label={t('get.close')} title={t('get.close')} onClick={() => void actions.closeGet(get.id)}>
        <Icon name="close" />
      </button>
    </div>
  );
}

function Folder({ get }: { get: GetView }) {
  const { t } = useTranslation();
  const actions = useActions();
  const fixed = running(get) || get.phase === 'complete';
  return (
    <div className="get-folder">
      <span className="field-label">{t('get.folder')}</span>
      <span className={get.folder === null ? 'get-folder-path subtle' : 'get-folder-path mono'} title={get.folder ?? undefined}>
        {get.folder ?? t('get.noFolder')}
      </span>
      {!fixed && (
        <button type="button" className="button small" onClick={() => void actions.pickGetFolder(get.id)}>
          {t('get.chooseFolder')}
        </button>
      )}
    </div>
  );
}

function Totals({ get }: { get: GetView }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const totals = get.totals;
  if (totals === null) return null;
  const done = formatBytes(t, lng, totals.doneBytes);
  const amount =
    totals.totalBytes !== null ? t('get.progress', { done, total: formatBytes(t, lng, totals.totalBytes) }) : t('get.progressUnknown', { done });
  const parts = [amount];
  if (get.phase === 'downloading' && totals.rate > 0) {
    const rate = formatRate(t, lng, totals.rate);
    parts.push(totals.etaSeconds !== null ? t('get.rate', { rate, left: formatDuration(t, lng, totals.etaSeconds) }) : t('get.rateOnly', { rate }));
    if (totals.activeStreams > 0) parts.push(t('get.streams', { count: totals.activeStreams }));
  }
  const started = running(get) || get.phase === 'complete' || get.phase === 'failed';
  return (
    <div className="get-total">
      <div className="transfer-head">
        <span className="transfer-name">{t('get.total')}</span>
      </div>
      {started &&
        (totals.totalBytes !== null ? (
          <progress className="bar" max={Math.max(1, totals.totalBytes)} value={totals.totalBytes === 0 ? 1 : totals.doneBytes} aria-label={t('get.total')} />
        ) : (
          <progress className="bar" aria-label={t('get.total')} />
        ))}
      <div className="transfer-meta">{started ? parts.join(' · ') : t('get.filesCount', { count: get.files.length, size: formatBytes(t, lng, totals.totalBytes ?? 0) })}</div>
      {get.resumedBytes > 0 && started && <p className="subtle">{t('get.resumed', { size: formatBytes(t, lng, get.resumedBytes) })}</p>}
      {get.mode === 'archive' && <p className="subtle">{t('get.archiveNote')}</p>}
    </div>
  );
}

function FileList({ get }: { get: GetView }) {
  const { t } = useTranslation();
  const titleId = `${get.id}-files-title`;
  const started = running(get) || get.phase === 'complete' || get.phase === 'failed';
  return (
    <section className="get-files" aria-labelledby={titleId}>
      <h2 className="section-title" id={titleId}>
        {t('get.files')}
      </h2>
      <ul className="transfer-list">
        {get.files.map((f) => (
          <FileRow key={f.id} file={f} started={started} />
        ))}
      </ul>
    </section>
  );
}

function FileRow({ file, started }: { file: GetFileView; started: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const size = file.size !== null ? formatBytes(t, lng, file.size) : t('get.sizeUnknown');
  const verified =
    file.verification === null
      ? null
      : file.verification.method === 'sha256'
        ? t('get.verification.sha256')
        : file.verification.method === 'crc32'
          ? t('get.verification.crc32Short')
          : t('get.verification.noneShort');
  const meta = started
    ? [file.size !== null ? t('get.progress', { done: formatBytes(t, lng, file.done), total: size }) : t('get.progressUnknown', { done: formatBytes(t, lng, file.done) }), t(`get.fileState.${file.state}`)]
    : [size];
  if (verified) meta.push(verified);
  if (file.savedAs !== null && file.savedAs !== file.path) meta.push(t('get.savedAs', { name: file.savedAs }));
  return (
    <li className={`transfer get-file get-file-${file.state}`}>
      <div className="transfer-head">
        <Icon name={file.verification?.method === 'none' ? 'alert' : file.state === 'done' ? 'check' : 'file'} className="transfer-icon" />
        <span className="transfer-name" title={file.path}>
          {file.path}
        </span>
      </div>
      {started &&
        (file.size !== null ? (
          <progress className="bar" max={Math.max(1, file.size)} value={file.size === 0 ? (file.state === 'done' ? 1 : 0) : file.done} aria-label={file.path} />
        ) : (
          <progress className="bar" aria-label={file.path} />
        ))}
      <div className="transfer-meta">{meta.join(' · ')}</div>
    </li>
  );
}

function VerificationSummary({ get }: { get: GetView }) {
  const { t } = useTranslation();
  const unchecked = get.files.filter((f) => f.verification?.method === 'none');
  const zip = get.files.find((f) => f.verification?.method === 'crc32');
  const titleId = `${get.id}-verify-title`;
  return (
    <section className={unchecked.length > 0 ? 'card card-warning get-verify' : 'card get-verify'} aria-labelledby={titleId} data-testid="get-verification">
      <h2 className="card-title" id={titleId}>
        <Icon name={unchecked.length > 0 ? 'alert' : 'check'} />
        {t('get.verification.title')}
      </h2>
      {zip?.verification?.method === 'crc32' ? (
        <p>{t('get.verification.crc32', { count: zip.verification.entries })}</p>
      ) : unchecked.length === 0 ? (
        <p>{t('get.verification.allSha256')}</p>
      ) : (
        unchecked.map((f) => (
          <p key={f.id} className="mono-wrap">
            {f.path}: {t('get.verification.none', { sha256: f.verification?.method === 'none' ? f.verification.sha256 : '' })}
          </p>
        ))
      )}
    </section>
  );
}
