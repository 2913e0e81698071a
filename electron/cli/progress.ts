// Download progress in the terminal: a redrawn bar on a TTY, plain lines otherwise (plain Node).
import type { Transfer } from '../contract';
import type { Translator } from '../../i18n/messages';
import type { CliContext } from './context';
import { bytes, rate, wordsOf } from './words';

const BAR = 30;

export class ProgressPrinter {
  /** Last decile printed per transfer, so plain output stays short. */
  private readonly printed = new Map<string, number>();
  private drawing = false;
  private readonly tr: Translator;

  constructor(private readonly ctx: CliContext) {
    this.tr = wordsOf(ctx);
  }

  update(t: Transfer): void {
    const { tr } = this;
    const pct = t.total ? Math.min(100, Math.floor((t.bytes / t.total) * 100)) : null;
    const what = tr.t(t.direction === 'download' ? 'cli.progress.download' : 'cli.progress.upload', { name: t.name });
    if (t.state !== 'running') {
      this.endLine();
      const amount = t.total ? tr.t('cli.progress.ofTotal', { bytes: bytes(tr, t.bytes), total: bytes(tr, t.total) }) : bytes(tr, t.bytes);
      this.ctx.out(tr.t('cli.progress.ended', { what, state: tr.t(`cli.progress.${t.state}`), amount }));
      this.printed.delete(t.id);
      return;
    }
    if (this.ctx.isTTY) {
      const filled = pct === null ? 0 : Math.round((pct / 100) * BAR);
      const bar = pct === null ? '' : `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${String(pct).padStart(3)}% `;
      process.stdout.write(`\r${what}: ${bar}${bytes(tr, t.bytes)} ${rate(tr, t.rate)}   `);
      this.drawing = true;
      return;
    }
    const decile = pct === null ? -1 : Math.floor(pct / 10);
    const last = this.printed.get(t.id);
    if (last === undefined || decile > last) {
      this.printed.set(t.id, decile);
      this.ctx.out(tr.t('cli.progress.running', { what, done: pct === null ? bytes(tr, t.bytes) : `${pct}%`, rate: rate(tr, t.rate) }));
    }
  }

  private endLine(): void {
    if (this.drawing) process.stdout.write('\n');
    this.drawing = false;
  }

  finish(): void {
    this.endLine();
  }
}
