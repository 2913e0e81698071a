// What the share server tells its owner (the session): a typed event union (plain Node).

export type DownloadWhat = 'archive' | 'file';

export type CancelReason =
  /** The visitor closed the connection or the network dropped it. */
  | 'client-gone'
  /** No progress for the idle timeout: a stalled or hostile reader. */
  | 'stalled'
  /** A shared file changed mid-transfer; the response was cut off. */
  | 'file-changed'
  /** Reading failed (I/O error) or the archive source misbehaved. */
  | 'read-failed'
  /** The server was closed while the download ran. */
  | 'server-closed';

export type RefusalReason = 'in-progress' | 'not-accepting' | 'share-finished' | 'file-changed' | 'file-unreadable';

export type ShareServerEvent =
  | {
      type: 'download-started';
      id: string;
      what: DownloadWhat;
      /** The name the visitor's browser saves (the archive name or the file name). */
      name: string;
      /** The catalog path for a file, null for the archive. */
      relPath: string | null;
      /** The main download of the share (the archive, or the only file), not one file of many. */
      wholeShare: boolean;
      /** Bytes of the whole file or archive; null when not known in advance. */
      total: number | null;
      /** Where this response starts (0 unless resuming). */
      rangeStart: number;
      /** Last byte this response sends (inclusive); null when not known in advance. */
      rangeEnd: number | null;
    }
  | {
      type: 'download-progress';
      id: string;
      /** How far into the whole file or archive this response has got: rangeStart + sent. */
      bytes: number;
      /** Bytes sent by this response so far. */
      sent: number;
      total: number | null;
    }
  | {
      type: 'download-finished';
      id: string;
      /**
       * Every byte of the whole file or archive has now reached one visitor, by
       * this response alone or with that visitor's earlier ranges (see DownloadTracker).
       */
      complete: boolean;
      sent: number;
      /** Where this response ended in the whole file or archive: rangeStart + sent. */
      bytes: number;
    }
  | {
      type: 'download-cancelled';
      id: string;
      reason: CancelReason;
      /** Bytes handed to the connection before the cut: the true count, however soon it came. */
      sent: number;
      /** rangeStart + sent. */
      bytes: number;
    }
  | {
      type: 'request-refused';
      reason: RefusalReason;
      what: DownloadWhat;
      /** The file concerned when it changed or cannot be read (relPath in the share). */
      relPath: string | null;
    };

export type ShareEventListener = (event: ShareServerEvent) => void;
