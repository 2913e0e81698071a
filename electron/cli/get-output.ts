// What `oniondrop get` prints while it downloads (plain Node): a block redrawn in place on a TTY
// (the files in flight and the total, with rate and time left), plain lines otherwise (a line per
// file saved and per tenth of the total), or one JSON object per line with --json, for scripts.
import type { GetEvent, GetFileView, GetResult, GetTotals, Verification } from '../core/get';
import type { Manifest } from '../core/manifest';
import { formatDuration } from '../../i18n/format-time';
import type { Translator } from '../../i18n/messages';
import type { CliContext } from './context';
import { bytes, problemLine, rate } from './words';

export type OutputKind = 'tty' | 'lines' | 'json';

/** Files listed before the download starts; more are counted. */
const LISTED_FILES = 20;
/** Files in flight shown in the redrawn block. */
const SHOWN_ACTIVE = 6;
const BAR = 24;
/** Erase the previous block: cursor to the start of the line `n` lines up, then clear to the end of the screen. */
const up = (n: number): string => (n > 0 ? `\u001b[${n}F\u001b[J` : '');

// eslint-disable-next-line no-control-regex -- names come from a share: no terminal escapes reach the screen
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');

export interface GetOutput {
  share(manifest: Manifest): void;
  event(event: GetEvent): void;
  /** The result and the exit code it gives; `resume` is the command to run again. */
  result(result: GetResult, exitCode: number, resume: string | null): void;
  /** A problem before the download began (connecting, reading the manifest). */
  failed(problemLine: string, problem: unknown, exitCode: number): void;
  /** Ends a redrawn block so later lines start below it. */
  finish(): void;
}

export function verificationWords(tr: Translator, v: Verification | null): string {
  if (v === null) return tr.t('cli.get.verifiedSha256');
  if (v.method === 'sha256') return tr.t('cli.get.verifiedSha256');
  if (v.method === 'crc32') return tr.t('cli.get.verifiedCrc32', { count: v.entries });
  return tr.t('cli.get.notVerified', { sha256: v.sha256 });
}

function percent(done: number, total: number | null): number | null {
  if (total === null) return null;
  return total === 0 ? 100 : Math.min(100, Math.floor((done / total) * 100));
}

function bar(pct: number | null): string {
  if (pct === null) return '';
  const filled = Math.round((pct / 100) * BAR);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${String(pct).padStart(3)}%`;
}

function totalWords(tr: Translator, totals: GetTotals): string {
  const pct = percent(totals.doneBytes, totals.totalBytes);
  const main =
    totals.totalBytes === null || pct === null
      ? tr.t('cli.get.totalUnknown', { done: bytes(tr, totals.doneBytes), rate: rate(tr, totals.rate) })
      : tr.t('cli.get.total', { percent: `${pct}%`, total: bytes(tr, totals.totalBytes), rate: rate(tr, totals.rate) });
  return totals.etaSeconds === null ? main : `${main}, ${tr.t('cli.get.eta', { time: formatDuration(tr.t, tr.lang, totals.etaSeconds) })}`;
}

class WordsOutput implements GetOutput {
  private readonly files = new Map<number, GetFileView>();
  private drawn = 0;
  private decile = -1;

  constructor(
    private readonly ctx: CliContext,
    private readonly tr: Translator,
    private readonly redraw: boolean,
  ) {}

  share(manifest: Manifest): void {
    const { tr } = this;
    const files = tr.t('pages.fileCount', { count: manifest.totals.files });
    const size = bytes(tr, manifest.totals.bytes);
    this.ctx.out(manifest.title ? tr.t('cli.get.share', { title: printable(manifest.title), files, size }) : tr.t('cli.get.shareUntitled', { files, size }));
    for (const f of (manifest.files ?? []).slice(0, LISTED_FILES)) this.ctx.out(tr.t('cli.get.listed', { path: printable(f.path), size: bytes(tr, f.size) }));
    const more = (manifest.files?.length ?? 0) - LISTED_FILES;
    if (more > 0) this.ctx.out(tr.t('cli.get.moreFiles', { count: more }));
    if (!manifest.individualFiles && manifest.archive) this.ctx.out(tr.t('cli.get.archiveOnly', { name: printable(manifest.archive.name) }));
  }

  event(e: GetEvent): void {
    const { tr } = this;
    switch (e.type) {
      case 'start':
        for (const f of e.files) this.files.set(f.id, f);
        this.line(tr.t('cli.get.start', { dir: e.destination, streams: tr.t('cli.get.streams', { count: e.streams }) }));
        if (e.resumedBytes > 0) this.line(tr.t('cli.get.resumed', { bytes: bytes(tr, e.resumedBytes) }));
        this.progress(e.totals);
        return;
      case 'progress':
        for (const f of e.files) this.files.set(f.id, f);
        this.progress(e.totals);
        return;
      case 'file-done': {
        this.files.set(e.file.id, e.file);
        const f = e.file;
        const values = { path: printable(f.path), savedAs: printable(f.savedAs ?? ''), size: bytes(tr, f.size ?? f.done), verification: verificationWords(tr, f.verification) };
        this.line(tr.t(f.savedAs !== null && f.savedAs !== f.path ? 'cli.get.savedAs' : 'cli.get.fileDone', values));
        return;
      }
      case 'retry':
        this.line(
          tr.t('cli.get.retry', { stream: e.stream + 1, reason: tr.t(`cli.get.retryReason.${e.reason}`), delay: formatDuration(tr.t, tr.lang, Math.ceil(e.delayMs / 1000)) }),
        );
        return;
      case 'waiting-for-hash':
        this.line(tr.t('cli.get.waitingForHash', { path: printable(e.file.path) }));
        return;
      case 'paused':
      case 'resumed':
        return;
    }
  }

  result(result: GetResult, _exitCode: number, resume: string | null): void {
    const { tr } = this;
    this.finish();
    if (result.kind === 'complete') {
      const size = result.files.reduce((n, f) => n + (f.size ?? f.done), 0);
      this.ctx.out(tr.t('cli.get.done', { count: result.files.length, size: bytes(tr, size), dir: result.destination }));
      return;
    }
    if (result.kind === 'failed') this.ctx.err(tr.t('cli.line', { command: 'oniondrop get', message: problemLine(result.problem, tr) }));
    else this.ctx.out(tr.t('cli.get.interrupted'));
    if (resume !== null) this.ctx.out(tr.t('cli.get.resumable', { command: resume }));
  }

  failed(line: string): void {
    this.finish();
    this.ctx.err(line);
  }

  finish(): void {
    this.drawn = 0;
  }

  /** A line that stays: above the redrawn block, which is drawn again under it. */
  private line(text: string): void {
    if (!this.redraw) {
      this.ctx.out(text);
      return;
    }
    const block = this.block();
    this.ctx.out(`${up(this.drawn)}${text}${block.length ? `\n${block.join('\n')}` : ''}`);
    this.drawn = block.length;
  }

  private progress(totals: GetTotals): void {
    this.lastTotals = totals;
    if (this.redraw) {
      const block = this.block();
      this.ctx.out(`${up(this.drawn)}${block.join('\n')}`);
      this.drawn = block.length;
      return;
    }
    const pct = percent(totals.doneBytes, totals.totalBytes);
    const decile = pct === null ? -1 : Math.floor(pct / 10);
    if (pct !== null && decile > this.decile && pct < 100) {
      this.decile = decile;
      this.ctx.out(totalWords(this.tr, totals));
    }
  }

  private lastTotals: GetTotals | null = null;

  private block(): string[] {
    const { tr } = this;
    if (this.lastTotals === null) return [];
    const active = [...this.files.values()].filter((f) => f.state === 'downloading' || f.state === 'verifying').slice(0, SHOWN_ACTIVE);
    const width = Math.min(40, Math.max(tr.t('cli.get.barTotal').length, ...active.map((f) => printable(f.path).length)));
    const name = (text: string): string => (text.length > width ? `…${text.slice(text.length - width + 1)}` : text.padEnd(width));
    const lines = active.map((f) => `${name(printable(f.path))}  ${bar(percent(f.done, f.size))}  ${bytes(tr, f.done)}`);
    const t = this.lastTotals;
    lines.push(`${name(tr.t('cli.get.barTotal'))}  ${bar(percent(t.doneBytes, t.totalBytes))}  ${totalWords(tr, t)}`);
    return lines;
  }
}

/** One JSON object per line: {"type": "share" | GetEvent's types | "result", ...}. */
class JsonOutput implements GetOutput {
  constructor(private readonly ctx: CliContext) {}

  private emit(value: object): void {
    this.ctx.out(JSON.stringify(value));
  }

  share(manifest: Manifest): void {
    this.emit({ type: 'share', manifest });
  }

  event(event: GetEvent): void {
    this.emit(event);
  }

  result(result: GetResult, exitCode: number, resume: string | null): void {
    this.emit({ type: 'result', exitCode, resume, ...result });
  }

  failed(message: string, problem: unknown, exitCode: number): void {
    this.emit({ type: 'result', exitCode, kind: 'failed', problem, message, resumable: false, bytesFetched: 0 });
  }

  finish(): void {}
}

export function getOutput(kind: OutputKind, ctx: CliContext, tr: Translator): GetOutput {
  return kind === 'json' ? new JsonOutput(ctx) : new WordsOutput(ctx, tr, kind === 'tty');
}
