// Who may start a download right now: a policy the session controls (plain Node).
// The session owns "stop after first download" and the auto-stop timer; the
// server asks the policy before every download response and shows the
// matching page when it says no.
import type { DownloadWhat } from './events';
import type { ByteRange } from './ranges';

export interface AdmissionContext {
  what: DownloadWhat;
  wholeShare: boolean;
  range: ByteRange | null;
  /** Responses of whole-share downloads being sent right now. */
  activeWholeShare: number;
  /** All download responses being sent right now. */
  active: number;
  /** Whole-share downloads that completed in full so far. */
  completedWholeShare: number;
}

export type Admission =
  | { admit: true }
  | { admit: false; reason: 'in-progress'; retryAfterSeconds: number }
  | { admit: false; reason: 'not-accepting' | 'share-finished' };

export type AdmissionPolicy = (ctx: AdmissionContext) => Admission;

/** Everyone, any number at once (stop after first download off). */
export const admitAll: AdmissionPolicy = () => ({ admit: true });

/**
 * Stop after first download: one download at a time, none after one
 * completed. A visitor whose connection dropped resumes once the server has
 * noticed the drop (at most the idle timeout).
 */
export const oneDownloadPolicy: AdmissionPolicy = (ctx) => {
  if (ctx.completedWholeShare > 0) return { admit: false, reason: 'share-finished' };
  if (ctx.activeWholeShare > 0 || ctx.active > 0) return { admit: false, reason: 'in-progress', retryAfterSeconds: 60 };
  return { admit: true };
};
