// What the receive server tells its owner besides transfer events: one record per submission (plain Node).
import type { Problem } from '../../contract';
import type { SavedFile, SavedMessage } from './submission';

export type SubmissionOutcome = 'received' | 'rejected' | 'aborted';

/** For the UI's history and notifications; `id` is the id of the submission's transfer. */
export interface SubmissionRecord {
  id: string;
  startedAt: number;
  endedAt: number;
  /** Absolute path of the submission folder; null when nothing was kept. */
  folder: string | null;
  /** Files saved in full, under the names they were saved as. */
  files: SavedFile[];
  message: SavedMessage | null;
  outcome: SubmissionOutcome;
  /** Why it was rejected (limits, write errors); null otherwise. */
  problem: Problem | null;
}

export type SubmissionListener = (record: SubmissionRecord) => void;
