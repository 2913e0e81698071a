// Tor control reply shapes and small helpers over them (plain Node).
// A reply is what tor sends for one command, or one async event (650).

/** `-` MidReplyLine, `+` DataReplyLine (carries `data`), ` ` EndReplyLine. */
export type ReplyDivider = '-' | '+' | ' ';

export interface ReplyLine {
  status: number;
  divider: ReplyDivider;
  /** The text after the status and divider (for a data line: e.g. `config-text=`). */
  text: string;
  /** Only on `+` lines: the data block, lines joined with `\n`, dots unstuffed. */
  data?: string;
}

export interface Reply {
  status: number;
  /** Never empty: the last line is always the EndReplyLine. */
  lines: ReplyLine[];
}

export const EVENT_STATUS = 650;

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The text of the EndReplyLine, e.g. `OK` or `Command filtered`. */
export function endText(reply: Reply): string {
  return reply.lines[reply.lines.length - 1]?.text ?? '';
}

/** Every line as tor sent it (without data blocks), for logs and error messages. */
export function replySummary(reply: Reply): string[] {
  return reply.lines.map((l) => `${l.status}${l.divider}${l.text}`);
}
