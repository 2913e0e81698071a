// What the download routes need from the server around them (plain Node).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REFUSAL_HEADER } from '../manifest/format';
import type { Admission, AdmissionContext } from './admission';
import type { DownloadTracker } from './downloads';
import type { FileChangedError, FileUnreadableError } from './errors';
import type { DownloadWhat, RefusalReason, ShareServerEvent } from './events';
import { pages, sendPage } from './respond';
import type { SendBodyContext } from './send-body';

export interface RouteContext {
  tracker: DownloadTracker;
  /** Whether a download may start now (accepting switch + the session's policy). */
  admit(ctx: Omit<AdmissionContext, 'active' | 'activeWholeShare' | 'completedWholeShare'>): Admission;
  emit(event: ShareServerEvent): void;
  send: SendBodyContext;
  /** Stat every file of the catalog (cached briefly); the first that changed, or null. */
  findChangedFile(): Promise<FileChangedError | FileUnreadableError | null>;
  /** The share path of a file on disk, so pages never show where it lives on the sharer's disk. */
  relPathOfRealPath(realPath: string): string | null;
}

/** Answer a refusal with its page; false when the download may go ahead. */
export function refused(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RouteContext,
  admission: Admission,
  what: DownloadWhat,
): boolean {
  if (admission.admit) return false;
  const reason: RefusalReason = admission.reason;
  if (req.method === 'GET') ctx.emit({ type: 'request-refused', reason, what, relPath: null });
  if (admission.reason === 'in-progress') {
    sendPage(req, res, pages.inProgress(), { 'Retry-After': String(admission.retryAfterSeconds), [REFUSAL_HEADER]: 'share-busy' });
  } else if (admission.reason === 'not-accepting') {
    sendPage(req, res, pages.notAccepting(), { [REFUSAL_HEADER]: 'share-closing' });
  } else {
    sendPage(req, res, pages.finished(), { [REFUSAL_HEADER]: 'share-ended' });
  }
  return true;
}

/** Answer "this file changed" or "cannot be read" for a file problem found before the first byte. */
export function refuseFileProblem(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RouteContext,
  problem: FileChangedError | FileUnreadableError,
  what: DownloadWhat,
): void {
  // The reader's errors name the file by its path in the share, never where it lives on disk.
  const relPath = problem.relPath;
  const changed = problem.kind === 'file-changed';
  if (req.method === 'GET') ctx.emit({ type: 'request-refused', reason: changed ? 'file-changed' : 'file-unreadable', what, relPath });
  if (changed) sendPage(req, res, pages.changed(relPath), { [REFUSAL_HEADER]: 'share-changed' });
  else sendPage(req, res, pages.unreadable(relPath));
}
