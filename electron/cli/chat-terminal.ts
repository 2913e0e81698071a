// The host's seat in a chat room, in a terminal (plain Node). On a TTY: a
// line chat, the room's lines printed above and the input line kept at the
// bottom (readline), Ctrl-C stops the room. Otherwise plain lines: each line
// of stdin is a message, each line of the room one line of stdout, so
// `oniondrop chat` can sit in a pipe. Names and messages from visitors go
// through terminalSafe(): a line can never move the cursor or recolour the
// terminal, whatever the room's own checks let through.
import { clearLine, createInterface, cursorTo, moveCursor, type Interface } from 'node:readline';
import type { ChatEntry, ChatRefusal } from '../contract';
import { terminalSafe } from '../core/chat/characters';
import type { Session } from '../core/session';
import { chatNoticeText, chatRefusalText } from '../../i18n/chat-text';
import { formatClock } from '../../i18n/format-time';
import type { Translator } from '../../i18n/messages';
import type { CliContext } from './context';

export class ChatTerminal {
  /** The context the session's own lines go through: above the input line while it is shown. */
  readonly ctx: CliContext;
  private rl: Interface | null = null;
  private prompting = false;
  private readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  private readonly tty: boolean;

  constructor(
    private readonly outer: CliContext,
    private readonly tr: Translator,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {
    this.input = outer.input ?? process.stdin;
    this.tty = outer.isTTY && this.input.isTTY === true;
    this.ctx = { ...outer, out: (line) => this.print(line, 'out'), err: (line) => this.print(line, 'err') };
  }

  /** Joins the session: prints the room, sends what is typed; returns the clean-up. */
  attach(session: Session): () => void {
    const rl = createInterface({ input: this.input, output: this.tty ? this.output : undefined, terminal: this.tty, prompt: '> ' });
    this.rl = rl;
    rl.on('line', (line) => this.send(session, line));
    // In raw mode Ctrl-C reaches readline, not the process: hand it on, so it stops the room as anywhere else.
    rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
    const off = session.on((e) => {
      if (e.type === 'chat') this.print(this.entryLine(e.entry), 'out');
      else if (e.type === 'state' && e.state === 'ready' && this.tty && !this.prompting) {
        this.prompting = true;
        rl.prompt();
      } else if (e.type === 'state' && e.state !== 'ready' && e.state !== 'reconnecting') this.prompting = false;
    });
    let done = false;
    return () => {
      if (done) return;
      done = true;
      off();
      this.prompting = false;
      this.rl = null;
      rl.close();
    };
  }

  private send(session: Session, line: string): void {
    if (this.tty) {
      // The typed line is replaced by the room's own line for it, in the room's order.
      moveCursor(this.output, 0, -1);
      clearLine(this.output, 0);
    }
    if (line.trim() === '') return void this.reprompt();
    const seat = session.chat();
    const result = seat ? seat.say(line) : ({ ok: false, refusal: { reason: 'closed' } } as const);
    if (!result.ok) this.print(this.refusalLine(result.refusal), 'err');
    else this.reprompt();
  }

  private reprompt(): void {
    if (this.prompting) this.rl?.prompt(true);
  }

  /** A line above the input line (TTY), or just a line. */
  private print(line: string, to: 'out' | 'err'): void {
    if (!this.tty || !this.prompting) return to === 'out' ? this.outer.out(line) : this.outer.err(line);
    cursorTo(this.output, 0);
    clearLine(this.output, 0);
    if (to === 'out') this.outer.out(line);
    else this.outer.err(line);
    this.rl?.prompt(true);
  }

  private entryLine(e: ChatEntry): string {
    const { t } = this.tr;
    const time = formatClock(this.tr.lang, e.at);
    if (e.kind === 'message') {
      const name = terminalSafe(e.from.name);
      const text = terminalSafe(e.text);
      return e.from.host ? t('cli.chat.hostMessage', { time, name, text }) : t('cli.chat.message', { time, name, text });
    }
    return t('cli.chat.notice', { time, notice: chatNoticeText(t, e, terminalSafe) });
  }

  private refusalLine(refusal: ChatRefusal): string {
    return this.tr.t('cli.chat.notSent', { why: chatRefusalText(this.tr.t, refusal) });
  }
}
