// Derived views of the store that several components need (renderer).
import type { TFunction } from 'i18next';
import type { GetView, ShareState, ShareView } from '../../../electron/contract';
import type { AppState } from './app-store';

export function selectActiveShare(s: AppState): ShareView | null {
  return s.shares.find((x) => x.id === s.activeShareId) ?? null;
}

export function selectActiveGet(s: AppState): GetView | null {
  return s.gets.find((x) => x.id === s.activeShareId) ?? null;
}

/** A Get tab's name: the share's title once known, else "Get", numbered when there are several. */
export function getLabel(t: TFunction, gets: readonly GetView[], get: GetView): string {
  if (get.title !== null && get.title.trim() !== '') return get.title;
  const name = t('modes.get');
  if (gets.length < 2) return name;
  return t('tabs.numbered', { name, n: gets.findIndex((x) => x.id === get.id) + 1 });
}

/** The tab's name: the title if set, else the mode, numbered when several tabs share a mode. */
export function shareLabel(t: TFunction, shares: readonly ShareView[], share: ShareView): string {
  const title = share.options.title.trim();
  if (title !== '') return title;
  const name = t(`modes.${share.mode}`);
  const same = shares.filter((x) => x.mode === share.mode);
  if (same.length < 2) return name;
  return t('tabs.numbered', { name, n: same.findIndex((x) => x.id === share.id) + 1 });
}

/** Options and items can change only while nothing is published. */
export function isEditable(state: ShareState): boolean {
  return state === 'idle' || state === 'stopped' || state === 'failed';
}

export function isOnline(state: ShareState): boolean {
  return state === 'ready' || state === 'reconnecting';
}

export function isStarting(state: ShareState): boolean {
  return state === 'starting' || state === 'publishing';
}
