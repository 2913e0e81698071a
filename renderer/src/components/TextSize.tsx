// Text size without a menu bar (renderer): Ctrl+ / Ctrl- / Ctrl+0 anywhere in the window set
// the root font size that every rem in the styles follows, and a short note says the new size.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActions, useApp } from '../store/context';
import { zoomKeyOf } from '../store/zoom';

/** Applies the store's text size to the page and listens for the zoom keys. */
export function useTextSize(): void {
  const zoom = useApp((s) => s.zoom);
  const actions = useActions();
  useEffect(() => {
    document.documentElement.style.fontSize = `${zoom}%`;
  }, [zoom]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const how = zoomKeyOf(e);
      if (how === null) return;
      // Also keeps Chromium's own page zoom (where it has one) out of the way.
      e.preventDefault();
      actions.zoom(how);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}

/** Shows "Text size 125 %" for a moment after each change, and tells screen readers. */
export function TextSizeNote() {
  const { t } = useTranslation();
  const zoom = useApp((s) => s.zoom);
  const changes = useApp((s) => s.zoomChanges);
  const [shownFor, setShownFor] = useState(0);
  useEffect(() => {
    if (changes === 0) return undefined;
    setShownFor(changes);
    const timer = setTimeout(() => setShownFor(0), 1600);
    return () => clearTimeout(timer);
  }, [changes]);
  const visible = shownFor !== 0 && shownFor === changes;
  return (
    <div className={visible ? 'text-size-note is-visible' : 'text-size-note'} role="status" aria-live="polite">
      {visible ? t('zoom.indicator', { percent: zoom }) : ''}
    </div>
  );
}
