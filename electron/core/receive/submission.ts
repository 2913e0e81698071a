// One upload (a multipart/form-data POST) parsed as a stream into a fresh submission folder (plain Node).
//
// Files go to "<name>.part" and get their final name only when their part
// ended at a multipart boundary; the message goes to message.txt. A
// submission is kept whole or not at all: a limit, a write error, a body that
// is not valid multipart (a truncated one included) or a vanished client ends
// it, and everything it wrote is removed: the file being written, the files
// already complete, the message and the submission folder. (A refused request
// keeping what came before the refusal let one request fill the disk with
// the files under the limit, and a sender cannot tell which of its files
// arrived.) Parts are handled one at a time, in order, while the body streams
// through: nothing is buffered whole.
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { SpaceGuard, type FreeBytes } from './disk-space';
import { PartFile, WriteError, writeNewFile } from './part-file';
import { limitRejection, UploadAborted, UploadRejected, type AbortReason } from './rejection';
import { safeFileName } from './safe-name';
import { createSubmissionFolder, ReceiveFolderError, removeSubmission } from './submission-folder';

export interface ReceiveLimits {
  /** Bytes per file; 0 = no limit. */
  maxFileSize: number;
  /** Bytes of all files of one submission; 0 = no limit. */
  maxTotalSize: number;
  /** Characters of the message (at least 1). */
  maxMessageLength: number;
  /** Bytes that must stay free on the receive folder's disk; 0 = only a full disk stops an upload. */
  minFreeSpace: number;
  disableFiles: boolean;
  disableText: boolean;
  /** Files per submission (at least 1). */
  maxFiles: number;
}

/** The form's field names. */
export const FILE_FIELD = 'file';
export const MESSAGE_FIELD = 'text';
export const MESSAGE_FILE = 'message.txt';

export interface SavedFile {
  /** The name it was saved under (safe, numbered if it was taken). */
  name: string;
  size: number;
}

export interface SavedMessage {
  name: string;
  characters: number;
}

export type SubmissionEnd =
  | { kind: 'received' }
  | { kind: 'rejected'; rejection: UploadRejected }
  | { kind: 'aborted'; reason: AbortReason };

export interface SubmissionResult {
  /** Where it was saved; null when nothing was (always, unless received). */
  folder: string | null;
  /** Files saved in full; empty unless received. */
  files: SavedFile[];
  message: SavedMessage | null;
  end: SubmissionEnd;
}

export interface SubmissionHooks {
  /** The first file or message of the submission began; its (safe) name. */
  started(name: string): void;
  /** Bytes of the request body read so far. */
  progress(bodyBytes: number): void;
  /** Why the connection went away: the server knows whether it timed it out or is closing. */
  abortReason(): AbortReason;
}

export interface SubmissionContext {
  receiveDir: string;
  limits: ReceiveLimits;
  hooks: SubmissionHooks;
  /** statfs by default. */
  measureFree?: FreeBytes;
}

/** The limits busboy enforces for us: part counts and sizes of things that are not files. */
function busboyLimits(limits: ReceiveLimits): busboy.Limits {
  return {
    fieldNameSize: 100,
    // A character is at most 4 bytes of UTF-8; one more byte lets us see "too long".
    fieldSize: limits.maxMessageLength * 4 + 1,
    fields: 20,
    files: limits.maxFiles,
    parts: limits.maxFiles + 20,
    headerPairs: 20,
  };
}

/** Counts what a person would call characters: code points (an emoji is one, not two UTF-16 units). */
export function messageCharacters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function toFailure(err: unknown, limits: ReceiveLimits, fileName: string | null): UploadRejected | UploadAborted {
  if (err instanceof UploadRejected || err instanceof UploadAborted) return err;
  if (err instanceof WriteError || err instanceof ReceiveFolderError) {
    // A full disk (or quota) is the free-space limit reached the hard way.
    if (err.code === 'ENOSPC' || err.code === 'EDQUOT') return limitRejection('free-space', limits.minFreeSpace, fileName);
    return new UploadRejected({ kind: 'write-failed', code: err.code }, fileName);
  }
  // Anything else came out of the multipart stream: the body is not valid multipart.
  return new UploadRejected({ kind: 'malformed', detail: 'multipart' }, fileName);
}

export async function receiveSubmission(req: IncomingMessage, ctx: SubmissionContext): Promise<SubmissionResult> {
  const { limits, hooks } = ctx;
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: busboyLimits(limits) });
  } catch {
    // Not multipart/form-data, or no boundary.
    const rejection = new UploadRejected({ kind: 'malformed', detail: 'content-type' });
    return { folder: null, files: [], message: null, end: { kind: 'rejected', rejection } };
  }

  const guard = new SpaceGuard(ctx.receiveDir, limits.minFreeSpace, ctx.measureFree);
  const files: SavedFile[] = [];
  let message: SavedMessage | null = null;
  /** Names written into the folder (finished files and the message), removed again if the submission fails. */
  const written: string[] = [];
  let folder: Promise<string> | null = null;
  let failure: UploadRejected | UploadAborted | null = null;
  let current: Readable | null = null;
  let fileBytes = 0;
  let bodyBytes = 0;
  let startedName: string | null = null;
  let finishParsing: () => void = () => undefined;
  const parsed = new Promise<void>((resolve) => (finishParsing = resolve));

  const start = (name: string): void => {
    if (startedName !== null) return;
    startedName = name;
    hooks.started(name);
  };
  const ensureFolder = (): Promise<string> => (folder ??= createSubmissionFolder(ctx.receiveDir));

  // The first failure ends the submission at once: nothing of it is kept, so
  // there is no reason to let the parts before it finish.
  const fail = (err: UploadRejected | UploadAborted): void => {
    if (failure) return;
    failure = err;
    req.unpipe(parser);
    current?.destroy(err);
    parser.destroy();
    finishParsing();
  };

  // One part at a time: busboy hands out the next part while the previous one
  // may still be finishing (flush, link), and the order must hold.
  let queue = Promise.resolve();
  const enqueue = (job: () => Promise<void>, skip: () => void, name: () => string | null): void => {
    queue = queue.then(async () => {
      if (failure) return skip();
      try {
        await job();
      } catch (err) {
        fail(toFailure(err, limits, name()));
        skip();
      }
    });
  };

  async function receiveFile(stream: Readable, name: string): Promise<void> {
    if (limits.disableFiles) throw limitRejection('files-disabled', 0, name);
    start(name);
    const dir = await ensureFolder();
    const part = await PartFile.create(dir, name);
    current = stream;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (limits.maxFileSize > 0 && part.bytes + chunk.length > limits.maxFileSize) {
          throw limitRejection('file-size', limits.maxFileSize, name);
        }
        if (limits.maxTotalSize > 0 && fileBytes + chunk.length > limits.maxTotalSize) {
          throw limitRejection('total-size', limits.maxTotalSize, name);
        }
        await guard.reserve(chunk.length, name);
        await part.write(chunk);
        fileBytes += chunk.length;
      }
      if (failure) throw failure;
      const saved = await part.complete();
      written.push(saved);
      files.push({ name: saved, size: part.bytes });
    } catch (err) {
      await part.discard();
      throw err;
    } finally {
      current = null;
    }
  }

  async function receiveMessage(raw: string, truncated: boolean): Promise<void> {
    // Browsers send a textarea's line breaks as CRLF; the file gets the local convention.
    const text = raw.replace(/\r\n/g, '\n');
    if (message !== null || text.trim() === '') return;
    if (limits.disableText) throw limitRejection('text-disabled', 0);
    const characters = messageCharacters(text);
    if (truncated || characters > limits.maxMessageLength) throw limitRejection('message-length', limits.maxMessageLength);
    start(MESSAGE_FILE);
    const dir = await ensureFolder();
    const data = Buffer.from(text, 'utf8');
    await guard.reserve(data.length);
    const saved = await writeNewFile(dir, MESSAGE_FILE, data);
    written.push(saved);
    message = { name: saved, characters };
  }

  parser.on('file', (_field, stream, info) => {
    // From its first byte: busboy destroys a part's stream with an error when
    // the body ends inside it, possibly long before the part's turn in the
    // queue comes. The parser reports the same error; the stream's copy is
    // for for-await, which rethrows it.
    stream.on('error', () => undefined);
    const raw = info.filename;
    // A form sent with no file chosen still carries an empty, unnamed file part.
    if (raw === undefined || raw === '' || failure) {
      stream.resume();
      return;
    }
    const name = safeFileName(raw);
    enqueue(
      () => receiveFile(stream, name),
      () => void stream.resume(),
      () => name,
    );
  });
  parser.on('field', (field, value, info) => {
    if (field !== MESSAGE_FIELD) return;
    enqueue(
      () => receiveMessage(value, info.valueTruncated),
      () => undefined,
      () => null,
    );
  });
  const tooMany = (): void => fail(new UploadRejected({ kind: 'too-many-parts', limit: limits.maxFiles }, startedName));
  parser.on('filesLimit', tooMany);
  parser.on('partsLimit', tooMany);
  parser.on('fieldsLimit', tooMany);
  parser.on('error', () => fail(new UploadRejected({ kind: 'malformed', detail: 'multipart' })));
  parser.on('close', () => finishParsing());

  const onClose = (): void => {
    if (!req.complete) fail(new UploadAborted(hooks.abortReason()));
  };
  req.on('close', onClose);
  // Without a listener an aborted request's error would be thrown; 'close' reports it.
  req.on('error', () => undefined);
  req.on('data', (chunk: Buffer) => {
    if (failure) return;
    bodyBytes += chunk.length;
    hooks.progress(bodyBytes);
  });
  req.pipe(parser);

  await parsed;
  // Jobs may still be queued behind the one running; wait until none is left.
  for (let seen = queue; ; seen = queue) {
    await seen;
    if (seen === queue) break;
  }
  req.off('close', onClose);

  const where = folder === null ? null : await (folder as Promise<string>).catch(() => null);
  const end = endOf(failure, files.length + (message ? 1 : 0));
  if (end.kind !== 'received') {
    if (where !== null) await removeSubmission(where, written);
    return { folder: null, files: [], message: null, end };
  }
  return { folder: where, files, message, end };
}

function endOf(failure: UploadRejected | UploadAborted | null, saved: number): SubmissionEnd {
  if (failure instanceof UploadAborted) return { kind: 'aborted', reason: failure.reason };
  if (failure) return { kind: 'rejected', rejection: failure };
  if (saved === 0) return { kind: 'rejected', rejection: new UploadRejected({ kind: 'nothing-sent' }) };
  return { kind: 'received' };
}
