// Tor control-protocol reply reader for the test harness (plain Node): turns
// the byte stream of a control connection into whole replies (control-spec §2.3).

export interface ControlReplyLine {
  status: number;
  /** The text after the status and separator (for "250+key=" lines: "key="). */
  text: string;
  /** The data block that followed a "+" line, dot-unstuffed, lines joined with "\n". */
  data?: string;
}

export interface ControlReply {
  status: number;
  lines: ControlReplyLine[];
}

/** True for asynchronous event replies (6xx), which are not answers to commands. */
export function isEvent(reply: ControlReply): boolean {
  return reply.status >= 600 && reply.status < 700;
}

/**
 * Feed it chunks as they arrive; it hands back every reply completed so far.
 * Keeps partial lines and partial data blocks across chunks.
 */
export class ControlReplyReader {
  private buffer = '';
  private lines: ControlReplyLine[] = [];
  private dataLines: string[] | undefined;

  push(chunk: string): ControlReply[] {
    this.buffer += chunk;
    const done: ControlReply[] = [];
    let eol = this.buffer.indexOf('\r\n');
    while (eol !== -1) {
      const line = this.buffer.slice(0, eol);
      this.buffer = this.buffer.slice(eol + 2);
      const reply = this.takeLine(line);
      if (reply) done.push(reply);
      eol = this.buffer.indexOf('\r\n');
    }
    return done;
  }

  private takeLine(line: string): ControlReply | undefined {
    if (this.dataLines) {
      if (line === '.') {
        const last = this.lines[this.lines.length - 1];
        if (last) last.data = this.dataLines.join('\n');
        this.dataLines = undefined;
      } else {
        this.dataLines.push(line.startsWith('.') ? line.slice(1) : line);
      }
      return undefined;
    }
    const status = Number(line.slice(0, 3));
    const separator = line.charAt(3);
    this.lines.push({ status, text: line.slice(4) });
    if (separator === '+') {
      this.dataLines = [];
      return undefined;
    }
    if (separator === ' ') {
      const reply: ControlReply = { status, lines: this.lines };
      this.lines = [];
      return reply;
    }
    return undefined;
  }
}
