// One share as the service keeps it, and as the window sees it (plain Node).
import type { ChatEntry, Problem, ShareItem, ShareMode, ShareOptions, ShareView, SkippedGroup } from '../contract';
import type { Session } from '../core/session';

/** Something chosen to share; the path never leaves the main process. */
export interface Item extends ShareItem {
  /** Resolved, absolute, no symlinks: the only form a path is kept in. */
  path: string;
  /** What the walk of a chosen folder left out, already in the window's form. */
  skipped: SkippedGroup | null;
}

export interface Share {
  id: string;
  mode: ShareMode;
  items: Item[];
  options: ShareOptions;
  session: Session | null;
  /** A problem from before a session existed (nothing to share, ...). */
  problem: Problem | null;
  emitTimer: NodeJS.Timeout | null;
  /** Chat entries not yet sent to the window, and their room: they go in small batches. */
  chatQueue: ChatEntry[];
  chatRoom: string | null;
  chatTimer: NodeJS.Timeout | null;
}

export function shownItem({ path: _path, skipped: _skipped, ...item }: Item): ShareItem {
  return item;
}

export function isRunning(share: Share): boolean {
  const state = share.session?.state;
  return state !== undefined && state !== 'stopped' && state !== 'failed';
}

export function shareViewOf(share: Share): ShareView {
  const s = share.session;
  return {
    id: share.id,
    mode: share.mode,
    state: s?.state ?? 'idle',
    step: s?.step ?? null,
    items: share.items.map(shownItem),
    totalSize: share.items.reduce((n, i) => n + i.size, 0),
    skipped: share.items.flatMap((i) => (i.skipped ? [i.skipped] : [])),
    options: share.options,
    onion: s?.onionInfo ?? null,
    localUrl: s?.localUrl ?? null,
    stopsAt: s?.stopsAt ?? null,
    reachable: s?.reachable ?? 'unknown',
    transfers: s?.transfers.list() ?? [],
    reconnectedAt: s?.reconnectedAt ?? null,
    problem: s?.problem ?? share.problem,
    warnings: s?.warnings ?? [],
    chat: s?.chat()?.view() ?? null,
  };
}
