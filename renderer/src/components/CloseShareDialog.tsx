// Asks before a tab that is running closes (renderer): says what closing ends (the address,
// the downloads running now) and what it keeps (a persistent share's address). A modal
// <dialog>: focus starts on the safe choice, Escape keeps the share, Tab stays inside.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareView } from '../../../electron/contract';
import { closeConsequences } from '../store/close-share';
import { shareLabel } from '../store/selectors';
import { useActions, useApp } from '../store/context';
import { Icon, type IconName } from './common/Icon';

export function CloseShareDialog({ share }: { share: ShareView }) {
  const { t } = useTranslation();
  const actions = useActions();
  const label = useApp((s) => shareLabel(t, s.shares, share));
  const ref = useRef<HTMLDialogElement>(null);
  const uid = useId();
  const what = closeConsequences(share);

  useEffect(() => {
    const dialog = ref.current;
    // The dialog unmounts rather than closes, so the browser would not put focus back itself.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  // What is lost is marked as a warning; what is kept or merely cancelled, as information.
  const lines: Array<{ text: string; icon: IconName }> = [];
  if (what === null) {
    lines.push({ text: t('closeTab.nothingRunning'), icon: 'info' });
  } else {
    if (what.phase === 'starting') lines.push({ text: t('closeTab.starting'), icon: 'info' });
    if (what.phase === 'scheduled') lines.push({ text: t('closeTab.scheduled'), icon: 'clock' });
    if (what.address === 'lost') lines.push({ text: t('closeTab.addressLost'), icon: 'alert' });
    if (what.address === 'kept') lines.push({ text: t('closeTab.addressKept', { name: what.persistentName ?? '' }), icon: 'key' });
    if (what.downloads > 0) lines.push({ text: t('closeTab.downloads', { count: what.downloads }), icon: 'alert' });
    if (what.uploads > 0) lines.push({ text: t('closeTab.uploads', { count: what.uploads }), icon: 'alert' });
  }

  return (
    <dialog
      ref={ref}
      className="dialog dialog-small close-share-dialog"
      role="alertdialog"
      aria-labelledby={`${uid}-title`}
      aria-describedby={`${uid}-body`}
      onCancel={(e) => {
        e.preventDefault();
        actions.cancelClose();
      }}
    >
      <div className="dialog-body">
        <div className="dialog-header">
          <h2 id={`${uid}-title`}>{t('closeTab.title', { name: label })}</h2>
        </div>
        <ul className="close-share-lines" id={`${uid}-body`}>
          {lines.map((line) => (
            <li key={line.text} className={line.icon === 'alert' ? 'is-loss' : undefined}>
              <Icon name={line.icon} />
              <span>{line.text}</span>
            </li>
          ))}
        </ul>
        <div className="dialog-footer">
          <span className="spacer" />
          {/* The safe choice has the focus, so Enter or Escape right away keeps the share. */}
          <button type="button" className="button secondary" autoFocus onClick={actions.cancelClose}>
            {t('closeTab.keep')}
          </button>
          <button type="button" className="button danger" onClick={() => void actions.confirmClose()}>
            {what === null || what.phase !== 'online' ? t('closeTab.closeOnly') : t('closeTab.stopAndClose')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
