// `oniondrop share FILE...`: shares files from the terminal until the share
// stops or Ctrl-C, which removes the onion first (plain Node).
import { resolve } from 'node:path';
import { loadAppContext } from '../core/app-context';
import { shareModeServer } from '../core/modes/share-mode';
import { problemOf } from '../core/problems';
import { defaultShareOptions } from '../core/share-options';
import { buildCatalog } from '../core/share';
import { parseCommandArgs } from './args';
import { optionsFromFlags } from './options-from-flags';
import { EXIT, UsageError, type CliContext, type ExitCode } from './context';
import type { Command } from './commands';
import { runInTerminal } from './terminal-session';
import { problemLine } from './words';

const OPTIONS = {
  public: { type: 'boolean' },
  persistent: { type: 'string' },
  'stop-after-first': { type: 'boolean' },
  'no-stop-after-first': { type: 'boolean' },
  'auto-stop': { type: 'string' },
  'start-at': { type: 'string' },
  title: { type: 'string' },
  compress: { type: 'boolean' },
  'local-only': { type: 'boolean' },
} as const;

export const shareCommand: Command = {
  name: 'share',
  usage:
    'share [--public] [--persistent NAME] [--stop-after-first|--no-stop-after-first] [--auto-stop SECONDS] ' +
    '[--start-at TIME] [--title T] [--compress] [--local-only] FILE...',
  summary: 'share files or folders until the share stops or Ctrl-C',
  async run(args: string[], ctx: CliContext): Promise<ExitCode> {
    const { values: flags, positionals } = parseCommandArgs(args, OPTIONS, true);
    if (positionals.length === 0) throw new UsageError('name at least one file or folder to share');
    if (flags['stop-after-first'] && flags['no-stop-after-first']) {
      throw new UsageError('--stop-after-first and --no-stop-after-first contradict each other');
    }
    const app = loadAppContext({ root: ctx.root, env: ctx.env, home: ctx.home });
    const options = optionsFromFlags(defaultShareOptions(app.config.values), {
      ...(flags.public ? { public: true } : {}),
      ...(flags['stop-after-first'] ? { stopAfterFirstDownload: true } : {}),
      ...(flags['no-stop-after-first'] ? { stopAfterFirstDownload: false } : {}),
      ...(flags.compress ? { compress: true } : {}),
      ...(flags.title !== undefined ? { title: flags.title } : {}),
      ...(flags.persistent !== undefined ? { persistentName: flags.persistent } : {}),
      ...(flags['auto-stop'] !== undefined ? { autoStopSeconds: parseSeconds(flags['auto-stop']) } : {}),
      ...(flags['start-at'] !== undefined ? { startAt: parseStartAt(flags['start-at'], Date.now()) } : {}),
    });
    const localOnly = Boolean(flags['local-only']);

    const paths = positionals.map((p) => resolve(p));
    let catalog;
    try {
      catalog = await buildCatalog(paths);
    } catch (err) {
      ctx.err(`oniondrop share: ${problemLine(problemOf(err, app.platform))}`);
      return EXIT.failure;
    }
    for (const s of catalog.skipped) ctx.err(`skipped ${s.path}: ${s.reason.replace(/-/g, ' ')}`);
    if (catalog.totals.files === 0 && catalog.totals.directories === 0) {
      ctx.err('oniondrop share: nothing left to share');
      return EXIT.failure;
    }

    return runInTerminal({
      command: 'share',
      app,
      options,
      startServer: shareModeServer(catalog, options),
      localOnly,
      ctx,
      readyLines: [
        options.stopAfterFirstDownload
          ? 'The share stops after the first complete download. Ctrl-C stops it now.'
          : 'Ctrl-C stops the share.',
      ],
      stoppedLine: 'Share stopped.',
    });
  },
};

export function parseSeconds(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--auto-stop takes a number of seconds, not '${text}'`);
  return n;
}

/** ISO 8601 date-time, or HH:MM meaning the next such time. */
export function parseStartAt(text: string, now: number): string {
  const hm = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (hm) {
    const d = new Date(now);
    d.setHours(Number(hm[1]), Number(hm[2]), 0, 0);
    if (Number(hm[1]) > 23 || Number(hm[2]) > 59) throw new UsageError(`--start-at: '${text}' is not a time`);
    if (d.getTime() <= now) d.setDate(d.getDate() + 1);
    return d.toISOString();
  }
  const t = Date.parse(text);
  if (!Number.isFinite(t) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new UsageError(`--start-at takes HH:MM or an ISO 8601 date-time, not '${text}'`);
  }
  return new Date(t).toISOString();
}
