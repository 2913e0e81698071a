// Why an upload ends early, as typed values: the HTTP status, the page and the Problem follow from them (plain Node).
import type { Problem } from '../../contract';

export type LimitWhich = Extract<Problem, { kind: 'limit' }>['which'];

export type RejectionReason =
  /** A configured limit: sizes, free space, message length, files or text turned off. */
  | { kind: 'limit'; which: LimitWhich; limit: number }
  /** Not multipart/form-data, or multipart that does not parse. */
  | { kind: 'malformed'; detail: 'content-type' | 'multipart' }
  /** More files or fields in one submission than the server takes. */
  | { kind: 'too-many-parts'; limit: number }
  /** The share is stopping (auto-stop) and takes no new uploads. */
  | { kind: 'not-accepting' }
  /** The POST came from a page of another site (a form a web page made the visitor's browser send). */
  | { kind: 'cross-site' }
  /** No file chosen and no message written. */
  | { kind: 'nothing-sent' }
  /** Writing to the receive folder failed for another reason than a full disk. */
  | { kind: 'write-failed'; code: string };

/** An upload the server refused or had to stop; its parts are deleted, the server goes on. */
export class UploadRejected extends Error {
  readonly kind = 'upload-rejected' as const;
  constructor(
    readonly reason: RejectionReason,
    /** The (safe) name of the file being received when it happened, if any. */
    readonly fileName: string | null = null,
  ) {
    super(`upload rejected: ${reason.kind}${reason.kind === 'limit' ? ` (${reason.which})` : ''}`);
    this.name = 'UploadRejected';
  }
}

export type AbortReason = 'client-gone' | 'stalled' | 'server-closed';

/** The connection ended before the upload did; nothing is answered (no one is there to read it). */
export class UploadAborted extends Error {
  readonly kind = 'upload-aborted' as const;
  constructor(readonly reason: AbortReason) {
    super(`upload aborted: ${reason}`);
    this.name = 'UploadAborted';
  }
}

export function limitRejection(which: LimitWhich, limit: number, fileName: string | null = null): UploadRejected {
  return new UploadRejected({ kind: 'limit', which, limit }, fileName);
}

export function statusOf(reason: RejectionReason): number {
  switch (reason.kind) {
    case 'limit':
      if (reason.which === 'free-space') return 507;
      if (reason.which === 'files-disabled' || reason.which === 'text-disabled') return 400;
      return 413;
    case 'malformed':
      return reason.detail === 'content-type' ? 415 : 400;
    case 'too-many-parts':
      return 413;
    case 'not-accepting':
      return 503;
    case 'cross-site':
      return 403;
    case 'nothing-sent':
      return 400;
    case 'write-failed':
      return 500;
  }
}

/** The Problem the session records for a rejected upload (null: nothing the owner can act on). */
export function problemOfRejection(reason: RejectionReason): Problem | null {
  if (reason.kind === 'limit') return { kind: 'limit', which: reason.which, limit: reason.limit };
  if (reason.kind === 'write-failed') return { kind: 'internal', message: `saving an upload failed (${reason.code})` };
  return null;
}
