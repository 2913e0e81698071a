// The "+" button: opens a small menu to choose the new tab's mode (renderer).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareMode } from '../../../electron/contract';
import { useActions } from '../store/context';
import { Icon } from './common/Icon';
import { GET_ICON, MODE_ICON } from './TabStrip';

/** The share modes, then Get (a download, not a share). */
const MODES: Array<ShareMode | 'get'> = ['share', 'receive', 'website', 'chat', 'get'];

export function NewShareMenu() {
  const { t } = useTranslation();
  const actions = useActions();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    if (!open) return undefined;
    itemRefs.current[0]?.focus();
    const onPointer = (e: PointerEvent): void => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const choose = (mode: ShareMode | 'get'): void => {
    close();
    void (mode === 'get' ? actions.newGet() : actions.newShare(mode));
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = itemRefs.current.filter((x): x is HTMLButtonElement => x !== null);
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape' || e.key === 'Tab') {
      if (e.key === 'Escape') e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items[next]?.focus();
    }
  };

  return (
    <div className="new-share" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button ghost icon-only new-share-button"
        aria-label={t('tabs.add')}
        title={t('tabs.add')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((x) => !x)}
      >
        <Icon name="plus" />
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={t('tabs.addMenu')} onKeyDown={onMenuKey}>
          {MODES.map((mode, i) => (
            <button
              key={mode}
              ref={(el) => {
                itemRefs.current[i] = el;
              }}
              type="button"
              role="menuitem"
              className="menu-item"
              tabIndex={-1}
              onClick={() => choose(mode)}
            >
              <Icon name={mode === 'get' ? GET_ICON : MODE_ICON[mode]} />
              <span className="menu-item-text">
                <span className="menu-item-title">{t(`modes.${mode}`)}</span>
                <span className="menu-item-hint">{t(`modes.${mode}Hint`)}</span>
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
