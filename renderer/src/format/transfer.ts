// What a transfer's progress bar shows: percent done and time left (renderer).
import type { Transfer } from '../../../electron/contract';

export interface TransferProgress {
  /** 0-100, or null when the total is not known. */
  percent: number | null;
  /** Seconds left at the current rate, or null when it cannot be told. */
  secondsLeft: number | null;
}

export function transferProgress(transfer: Transfer): TransferProgress {
  const { bytes, total, rate } = transfer;
  if (total === null || total <= 0) return { percent: null, secondsLeft: null };
  const percent = Math.min(100, Math.floor((bytes / total) * 100));
  const secondsLeft = rate > 0 && transfer.state === 'running' ? Math.max(0, (total - bytes) / rate) : null;
  return { percent, secondsLeft };
}
