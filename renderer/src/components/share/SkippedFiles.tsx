// Files inside the chosen folders that the share leaves out, with the reason in words
// (renderer). Shown under the item list, so nothing is dropped without a word.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareItem, SkippedGroup } from '../../../../electron/contract';
import { Icon } from '../common/Icon';

/** Shown at first per folder; the rest behind "Show all". */
const FIRST = 5;

export function SkippedFiles({ items, skipped }: { items: readonly ShareItem[]; skipped: readonly SkippedGroup[] }) {
  if (skipped.length === 0) return null;
  return (
    <div className="skipped" data-testid="skipped-files">
      {skipped.map((group) => {
        const item = items.find((i) => i.id === group.itemId);
        return item ? <SkippedOfItem key={group.itemId} name={item.name} group={group} /> : null;
      })}
    </div>
  );
}

function SkippedOfItem({ name, group }: { name: string; group: SkippedGroup }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? group.files : group.files.slice(0, FIRST);
  // Beyond what the service lists, there is only a count.
  const unlisted = group.total - group.files.length;
  const titleId = `skipped-${group.itemId}`;
  const listId = `${titleId}-list`;
  return (
    <section className="skipped-item" aria-labelledby={titleId}>
      <h3 className="skipped-title" id={titleId}>
        <Icon name="alert" />
        <span>{t('skipped.title', { name, count: group.total })}</span>
      </h3>
      <p className="skipped-intro">{t('skipped.intro')}</p>
      <ul className="skipped-list" id={listId}>
        {shown.map((file, i) => (
          <li key={`${i}-${file.path}`}>
            <span className="skipped-path mono-inline">{file.path}</span>
            <span className="skipped-reason">{t(`skipped.reason.${file.reason}`)}</span>
          </li>
        ))}
      </ul>
      {(group.files.length > FIRST || unlisted > 0) && (
        <div className="skipped-more">
          {(!all || unlisted > 0) && (
            <span>{t('skipped.more', { count: all ? unlisted : group.total - shown.length })}</span>
          )}
          {group.files.length > FIRST && (
            <button type="button" className="button ghost small" aria-expanded={all} aria-controls={listId} onClick={() => setAll((x) => !x)}>
              {all ? t('skipped.showFewer') : t('skipped.showAll')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
