// Tor control reply reader: bytes in (split anywhere), complete replies out (plain Node).
// It never throws: malformed input becomes a TorProtocolError value, after
// which the reader refuses further input (the connection must close, since
// nothing after a framing error can be trusted to line up with a command).
import { TorProtocolError, excerptOf } from './errors';
import type { Reply, ReplyDivider, ReplyLine } from './reply';

/** Tor's replies the app asks for are small; 1 MiB bounds memory against a hostile peer. */
export const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024;

export interface ReadResult {
  replies: Reply[];
  /** Set once the input was malformed; the same error on every later push. */
  error?: TorProtocolError;
}

const LF = 0x0a;

export class ReplyReader {
  private readonly maxReplyBytes: number;
  /** Pieces of a line whose LF has not arrived yet. */
  private partial: Buffer[] = [];
  /** Bytes of the reply being assembled, including a partial line. */
  private replyBytes = 0;
  private lines: ReplyLine[] = [];
  private status: number | undefined;
  /** Lines of the open data block, or undefined outside one. */
  private dataLines: string[] | undefined;
  /** Lines outside any reply that were skipped (onion-grater redactions). */
  ignoredLines = 0;
  private failure: TorProtocolError | undefined;

  constructor(options: { maxReplyBytes?: number } = {}) {
    this.maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  }

  /** True when bytes of an unfinished reply are held (the peer stopped mid-reply). */
  get midReply(): boolean {
    return this.replyBytes > 0;
  }

  get error(): TorProtocolError | undefined {
    return this.failure;
  }

  push(chunk: Uint8Array): ReadResult {
    if (this.failure) return { replies: [], error: this.failure };
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const replies: Reply[] = [];
    let start = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(LF, start);
      const end = nl === -1 ? buf.length : nl;
      this.replyBytes += end - start + (nl === -1 ? 0 : 1);
      if (this.replyBytes > this.maxReplyBytes) {
        return this.fail(
          new TorProtocolError('too-long', `a reply exceeded ${this.maxReplyBytes} bytes`),
          replies,
        );
      }
      if (nl === -1) {
        // Copied: the caller may reuse its buffer after push returns.
        this.partial.push(Buffer.from(buf.subarray(start)));
        break;
      }
      const piece = buf.subarray(start, nl);
      const raw = this.partial.length > 0 ? Buffer.concat([...this.partial, piece]) : piece;
      this.partial = [];
      start = nl + 1;
      const problem = this.takeLine(raw, replies);
      if (problem) return this.fail(problem, replies);
    }
    return { replies };
  }

  private fail(error: TorProtocolError, replies: Reply[]): ReadResult {
    this.failure = error;
    this.partial = [];
    this.lines = [];
    return { replies, error };
  }

  /** Handles one line (without its LF); completes a reply into `out`. */
  private takeLine(raw: Buffer, out: Reply[]): TorProtocolError | undefined {
    const bytes = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, raw.length - 1) : raw;
    if (bytes.includes(0)) return new TorProtocolError('bad-bytes', 'a NUL byte in a reply');
    const text = bytes.toString('utf8');

    if (this.dataLines) {
      if (text === '.') {
        const last = this.lines[this.lines.length - 1];
        if (last) last.data = this.dataLines.join('\n');
        this.dataLines = undefined;
      } else {
        // RFC 2821 dot-stuffing: the sender doubled a leading dot.
        this.dataLines.push(text.startsWith('.') ? text.slice(1) : text);
      }
      return undefined;
    }

    const head = /^([0-9]{3})([-+ ])/.exec(text);
    if (!head) {
      // Whonix's stock onion-grater profile replaces events it will not show
      // with a bare `XXXredactedXXX` line, between replies. It carries
      // nothing for us: skip it rather than drop the connection (and every
      // onion on it). Any other line without a status is still an error, so
      // a port that is not tor (an HTTP server, say) fails at once.
      if (this.status === undefined && this.lines.length === 0 && /^X*redactedX*$/.test(text)) {
        this.ignoredLines += 1;
        return undefined;
      }
      return new TorProtocolError('bad-line', 'a reply line without a status code and divider', excerptOf(text));
    }
    const status = Number(head[1]);
    const divider = head[2] as ReplyDivider;
    if (this.status !== undefined && status !== this.status) {
      return new TorProtocolError(
        'mixed-status',
        `a ${status} line inside a ${this.status} reply`,
        excerptOf(text),
      );
    }
    this.status = status;
    this.lines.push({ status, divider, text: text.slice(4) });
    if (divider === '+') this.dataLines = [];
    if (divider === ' ') {
      out.push({ status, lines: this.lines });
      this.lines = [];
      this.status = undefined;
      this.replyBytes = 0;
    }
    return undefined;
  }
}
