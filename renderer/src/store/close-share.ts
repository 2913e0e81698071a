// What closing a tab would end (renderer): decides whether the user is asked first,
// and gives the confirmation its facts.
import type { ShareView } from '../../../electron/contract';

export interface CloseConsequences {
  /**
   * `lost`: the address stops working for good; `kept`: a persistent share's
   * address comes back when a share of that name starts again; `none`: no
   * address was given out yet.
   */
  address: 'lost' | 'kept' | 'none';
  /** The name a persistent share's address is kept under. */
  persistentName: string | null;
  /** `starting` and `scheduled` are cancelled; `online` stops serving. */
  phase: 'online' | 'starting' | 'scheduled';
  /** Transfers running now, which closing cuts off. */
  downloads: number;
  uploads: number;
}

/** Shares in these states hold nothing that closing would end. */
const AT_REST = new Set<ShareView['state']>(['idle', 'stopping', 'stopped', 'failed']);

/** null when the tab can close without asking: nothing runs, no address is out. */
export function closeConsequences(share: ShareView): CloseConsequences | null {
  if (AT_REST.has(share.state)) return null;
  const running = share.transfers.filter((t) => t.state === 'running');
  const persistentName = share.options.persistentName;
  return {
    address: share.onion === null ? 'none' : persistentName !== null ? 'kept' : 'lost',
    persistentName,
    phase: share.state === 'scheduled' ? 'scheduled' : share.state === 'ready' || share.state === 'reconnecting' ? 'online' : 'starting',
    downloads: running.filter((t) => t.direction === 'download').length,
    uploads: running.filter((t) => t.direction === 'upload').length,
  };
}
