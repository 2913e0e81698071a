// What a download tells whoever shows it (the CLI's lines or --json, the app's Get tab): typed events and the result (neutral: types only).
import type { Problem } from '../../contract';
import type { RetryReason } from './failures';
import type { GetMode } from './state';

export type { GetMode };

export type Verification =
  /** Matches the SHA-256 the share gives. */
  | { method: 'sha256'; sha256: string }
  /** The archive's CRC-32s all match (and its entries are the listed files). */
  | { method: 'crc32'; entries: number }
  /** The sharer had not computed the hash in time; this is ours, to compare by other means. */
  | { method: 'none'; sha256: string };

export type FileState = 'waiting' | 'downloading' | 'verifying' | 'done';

export interface GetFileView {
  /** Position in the download's list. */
  id: number;
  /** Path inside the share ("album/a.jpg"), or the archive's name. */
  path: string;
  /** null only for a compressed archive until it is complete. */
  size: number | null;
  /** Bytes on disk. */
  done: number;
  state: FileState;
  /** Where it was saved, relative to the destination folder, once done. */
  savedAs: string | null;
  verification: Verification | null;
}

export interface GetTotals {
  doneBytes: number;
  /** null while a compressed archive's size is unknown. */
  totalBytes: number | null;
  /** Bytes per second over the last few seconds. */
  rate: number;
  /** null when unknown (no rate yet, or no total). */
  etaSeconds: number | null;
  /** Lanes with a request in flight. */
  activeStreams: number;
}

export type GetEvent =
  | {
      type: 'start';
      mode: GetMode;
      destination: string;
      /** The resume state beside the download. */
      statePath: string;
      streams: number;
      files: GetFileView[];
      /** Bytes already on disk from an earlier run. */
      resumedBytes: number;
      totals: GetTotals;
    }
  /** At most every progressIntervalMs; `files` holds those that changed since the last one. */
  | { type: 'progress'; totals: GetTotals; files: GetFileView[] }
  | { type: 'file-done'; file: GetFileView }
  /** A request failed; the lane tries again on a fresh circuit after `delayMs`. */
  | { type: 'retry'; stream: number; failures: number; delayMs: number; reason: RetryReason }
  /** The share has not computed this file's SHA-256 yet; the manifest is asked again. */
  | { type: 'waiting-for-hash'; file: GetFileView }
  | { type: 'paused' }
  | { type: 'resumed' };

export type GetResult =
  | { kind: 'complete'; destination: string; files: GetFileView[]; bytesFetched: number }
  /** `resumable`: running the same download again continues where it stopped. */
  | { kind: 'failed'; problem: Problem; resumable: boolean; bytesFetched: number }
  | { kind: 'cancelled'; resumable: boolean; bytesFetched: number };
