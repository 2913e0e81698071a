// Download progress in the terminal: a redrawn bar on a TTY, plain lines otherwise (plain Node).
import type { Transfer } from '../contract';
import type { CliContext } from './context';
import { bytes, rate } from './words';

const BAR = 30;

export class ProgressPrinter {
  /** Last decile printed per transfer, so plain output stays short. */
  private readonly printed = new Map<string, number>();
  private drawing = false;

  constructor(private readonly ctx: CliContext) {}

  update(t: Transfer): void {
    const pct = t.total ? Math.min(100, Math.floor((t.bytes / t.total) * 100)) : null;
    const what = `${t.direction === 'download' ? 'Download' : 'Upload'} ${t.name}`;
    if (t.state !== 'running') {
      this.endLine();
      const end = t.state === 'finished' ? 'finished' : t.state;
      this.ctx.out(`${what}: ${end} (${bytes(t.bytes)}${t.total ? ` of ${bytes(t.total)}` : ''})`);
      this.printed.delete(t.id);
      return;
    }
    if (this.ctx.isTTY) {
      const filled = pct === null ? 0 : Math.round((pct / 100) * BAR);
      const bar = pct === null ? '' : `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${String(pct).padStart(3)}% `;
      process.stdout.write(`\r${what}: ${bar}${bytes(t.bytes)} ${rate(t.rate)}   `);
      this.drawing = true;
      return;
    }
    const decile = pct === null ? -1 : Math.floor(pct / 10);
    const last = this.printed.get(t.id);
    if (last === undefined || decile > last) {
      this.printed.set(t.id, decile);
      this.ctx.out(`${what}: ${pct === null ? bytes(t.bytes) : `${pct}%`} (${rate(t.rate)})`);
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
