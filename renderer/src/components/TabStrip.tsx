// One tab per share (renderer): WAI-ARIA tabs with arrow-key navigation; Delete closes a tab
// (asking first when it runs). Tabs that do not fit scroll inside the strip; the open one is
// kept in view.
import { useEffect, useRef, useState, type KeyboardEvent, type WheelEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareMode } from '../../../electron/contract';
import { getLabel, shareLabel } from '../store/selectors';
import { useActions, useApp } from '../store/context';
import { Icon, type IconName } from './common/Icon';

export const MODE_ICON: Record<ShareMode, IconName> = { share: 'share', receive: 'receive', website: 'website', chat: 'chat' };
/** A Get tab: bytes coming down to this computer. */
export const GET_ICON: IconName = 'get';

/** One tab of the strip: a share's or a Get tab. */
interface StripTab {
  id: string;
  icon: IconName;
  label: string;
  /** The state dot's class. */
  dot: string;
  stateText: string;
  close(): void;
}

export const tabId = (id: string): string => `tab-${id}`;
export const panelId = (id: string): string => `panel-${id}`;

export function TabStrip() {
  const { t } = useTranslation();
  const shares = useApp((s) => s.shares);
  const gets = useApp((s) => s.gets);
  const activeId = useApp((s) => s.activeShareId);
  const view = useApp((s) => s.view);
  const actions = useActions();
  const listRef = useRef<HTMLDivElement>(null);

  // Which ends hold tabs scrolled out of sight, so the strip's edges can fade there.
  // Right to left, scrollLeft runs from 0 down to negative numbers: its size is the distance from the start either way.
  const [more, setMore] = useState({ start: false, end: false });
  const measure = (): void => {
    const list = listRef.current;
    if (!list) return;
    const fromStart = Math.abs(list.scrollLeft);
    // A few pixels of slack: the strip's padding is not a hidden tab.
    const start = fromStart > 6;
    const end = fromStart + list.clientWidth < list.scrollWidth - 6;
    setMore((m) => (m.start === start && m.end === end ? m : { start, end }));
  };

  useEffect(() => {
    const list = listRef.current;
    if (!list) return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    return () => observer.disconnect();
    // The list element exists only while there are tabs.
  }, [shares.length + gets.length > 0]);

  useEffect(() => {
    if (activeId !== null) {
      listRef.current?.querySelector(`#${CSS.escape(tabId(activeId))}`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    measure();
  }, [activeId, shares.length, gets.length]);

  // Share tabs, then Get tabs: one strip, one keyboard order.
  const tabs: StripTab[] = [
    ...shares.map((share) => ({
      id: share.id,
      icon: MODE_ICON[share.mode],
      label: shareLabel(t, shares, share),
      dot: `state-${share.state}`,
      stateText: t(`tabs.state.${share.state}`),
      close: () => void actions.closeShare(share.id),
    })),
    ...gets.map((get) => ({
      id: get.id,
      icon: GET_ICON,
      label: getLabel(t, gets, get),
      dot: `state-get-${get.phase}`,
      stateText: t(`get.phase.${get.phase}`),
      close: () => void actions.closeGet(get.id),
    })),
  ];

  if (tabs.length === 0) return null;

  // A mouse wheel scrolls the strip sideways (it cannot scroll it any other way).
  const onWheel = (e: WheelEvent<HTMLDivElement>): void => {
    const list = e.currentTarget;
    if (Math.abs(e.deltaY) > Math.abs(e.deltaX) && list.scrollWidth > list.clientWidth) list.scrollLeft += e.deltaY;
  };

  const focusTab = (tab: StripTab | undefined): void => {
    if (!tab) return;
    actions.selectShare(tab.id);
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(tab.id))}`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const last = tabs.length - 1;
    const next = index === last ? 0 : index + 1;
    const previous = index === 0 ? last : index - 1;
    // The arrow that points towards the next tab: right to left, that is the left one.
    const rtl = getComputedStyle(e.currentTarget).direction === 'rtl';
    const target: Record<string, number | undefined> = {
      ArrowRight: rtl ? previous : next,
      ArrowLeft: rtl ? next : previous,
      Home: 0,
      End: last,
    };
    const to = target[e.key];
    if (to !== undefined) {
      e.preventDefault();
      focusTab(tabs[to]);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      tabs[index]?.close();
    }
  };

  return (
    <div
      className={['tablist', more.start ? 'more-start' : '', more.end ? 'more-end' : ''].join(' ').trim()}
      role="tablist"
      aria-label={t('tabs.label')}
      ref={listRef}
      onWheel={onWheel}
      onScroll={measure}
    >
      {tabs.map((tab, index) => {
        const selected = view === 'shares' && tab.id === activeId;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            aria-controls={panelId(tab.id)}
            aria-selected={selected}
            tabIndex={tab.id === activeId ? 0 : -1}
            className={selected ? 'tab is-selected' : 'tab'}
            onClick={() => actions.selectShare(tab.id)}
            onKeyDown={(e) => onKeyDown(e, index)}
            title={tab.label}
          >
            <Icon name={tab.icon} className="tab-icon" />
            <span className="tab-label">{tab.label}</span>
            <span className={`state-dot ${tab.dot}`} />
            <span className="sr-only">, {tab.stateText}</span>
            {/* Mouse convenience only; keyboard users press Delete or use "Close tab" in the panel. */}
            <span
              className="tab-close"
              aria-hidden="true"
              onClick={(e) => {
                e.stopPropagation();
                tab.close();
              }}
            >
              <Icon name="close" />
            </span>
          </button>
        );
      })}
    </div>
  );
}
