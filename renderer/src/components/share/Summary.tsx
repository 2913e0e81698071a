// While a share runs: what it was started with, in a few lines (renderer).
import { useTranslation } from 'react-i18next';
import type { ShareView } from '../../../../electron/contract';
import { formatBytes } from '../../../../i18n/format-bytes';
import { formatDuration } from '../../../../i18n/format-time';
import { useApp } from '../../store/context';
import { cspChoice, defaultWebsiteCsp } from '../../store/website-csp';

export function Summary({ share }: { share: ShareView }) {
  const { t, i18n } = useTranslation();
  const defaultCsp = useApp((s) => defaultWebsiteCsp(s.settings));
  const o = share.options;
  const rows: Array<[string, string]> = [[t('share.summary.access'), o.public ? t('share.summary.public') : t('share.summary.private')]];
  if (share.mode === 'share' && o.stopAfterFirstDownload) rows.push([t('share.summary.stops'), t('share.summary.stopAfterFirst')]);
  if (o.autoStopSeconds !== null) rows.push([t('share.summary.stopsAfter'), formatDuration(t, i18n.language, o.autoStopSeconds)]);
  if (share.mode === 'share' && o.compress) rows.push([t('share.summary.zip'), t('share.summary.compressed')]);
  if (o.title.trim() !== '') rows.push([t('options.titleLabel'), o.title]);
  if (o.persistentName) rows.push([t('options.persistent'), o.persistentName]);
  if (share.mode === 'receive') {
    const limit = (n: number): string => (n > 0 ? formatBytes(t, i18n.language, n) : t('share.summary.noLimit'));
    rows.push([t('options.receive.folder'), o.receive.folder]);
    rows.push([t('options.receive.maxFile'), limit(o.receive.maxFileSize)]);
    rows.push([t('options.receive.maxTotal'), limit(o.receive.maxTotalSize)]);
    const refused = [o.receive.disableText && t('share.summary.text'), o.receive.disableFiles && t('share.summary.files')].filter(
      (x): x is string => typeof x === 'string',
    );
    if (refused.length > 0) rows.push([t('share.summary.accepts'), new Intl.ListFormat(i18n.language).format(refused)]);
  }
  if (share.mode === 'chat') rows.push([t('chat.summaryHistory'), o.chat.history ? t('chat.historyShown') : t('chat.historyHidden')]);
  if (share.localUrl) rows.push([t('share.summary.local'), share.localUrl]);
  if (share.mode === 'website') {
    const choice = cspChoice(o.website.csp, defaultCsp);
    rows.push([
      t('options.website.csp'),
      choice === 'default' ? t('options.website.cspDefault') : choice === 'off' ? t('options.website.cspOff') : t('options.website.cspCustom'),
    ]);
    if (o.website.directoryListing) rows.push([t('options.website.title'), t('options.website.listing')]);
  }
  return (
    <section className="card summary" aria-labelledby={`${share.id}-summary-title`}>
      <h2 className="card-title" id={`${share.id}-summary-title`}>
        {t('share.summary.title')}
      </h2>
      <dl className="summary-list">
        {rows.map(([k, v], i) => (
          <div key={i} className="summary-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
