// Tells screen readers when a share changes state or a transfer finishes (renderer);
// progress itself is not announced byte by byte.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareView } from '../../../../electron/contract';

export function Announcer({ share, label }: { share: ShareView; label: string }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const lastState = useRef(share.state);
  const announced = useRef(new Set(share.transfers.filter((x) => x.state === 'finished').map((x) => x.id)));

  useEffect(() => {
    if (lastState.current !== share.state) {
      lastState.current = share.state;
      setMessage(t('share.announce.state', { name: label, state: t(`tabs.state.${share.state}`) }));
    }
  }, [share.state, label, t]);

  useEffect(() => {
    for (const x of share.transfers) {
      if (x.state !== 'finished' || announced.current.has(x.id)) continue;
      announced.current.add(x.id);
      setMessage(t(x.direction === 'download' ? 'share.announce.finished' : 'share.announce.received', { name: x.name }));
    }
  }, [share.transfers, t]);

  return (
    <div className="sr-only" aria-live="polite">
      {message}
    </div>
  );
}
