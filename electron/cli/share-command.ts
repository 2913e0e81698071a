// `oniondrop share FILE...`: shares files from the terminal until the share
// stops or Ctrl-C, which removes the onion first (plain Node).
import { resolve } from 'node:path';
import type { Problem, ShareState } from '../contract';
import { loadAppContext } from '../core/app-context';
import { createLinkFor } from '../core/link-factory';
import { shareModeServer } from '../core/modes/share-mode';
import { problemOf } from '../core/problems';
import { Session } from '../core/session';
import { defaultShareOptions } from '../core/share-options';
import { buildCatalog } from '../core/share';
import { parseCommandArgs } from './args';
import { EXIT, UsageError, type CliContext, type ExitCode } from './context';
import type { Command } from './commands';
import { ProgressPrinter } from './progress';
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
    const options = defaultShareOptions(app.config.values);
    if (flags.public) options.public = true;
    if (flags['stop-after-first']) options.stopAfterFirstDownload = true;
    if (flags['no-stop-after-first']) options.stopAfterFirstDownload = false;
    if (flags.compress) options.compress = true;
    if (flags.title !== undefined) options.title = flags.title;
    if (flags.persistent !== undefined) options.persistentName = flags.persistent;
    if (flags['auto-stop'] !== undefined) options.autoStopSeconds = parseSeconds(flags['auto-stop']);
    if (flags['start-at'] !== undefined) options.startAt = parseStartAt(flags['start-at'], Date.now());
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

    const link = localOnly ? null : createLinkFor(app);
    const session = new Session({
      label: 'share',
      options,
      startServer: shareModeServer(catalog, options),
      link,
      platform: app.platform,
      listenHost: localOnly ? '127.0.0.1' : app.listen.host,
      portRange: app.portRange,
      keys: app.keys,
    });
    const progress = new ProgressPrinter(ctx);
    const done = new Promise<ShareState>((resolveDone) => {
      session.on((e) => {
        if (e.type === 'state') {
          if (e.step) ctx.out(stepLine(e.step));
          if (e.state === 'scheduled') {
            ctx.out(`Scheduled: the share goes live at ${options.startAt}.`);
            if (session.onionInfo) printAddress(ctx, session.onionInfo.url, session.onionInfo.privateKey);
          }
          if (e.state === 'reconnecting') ctx.out('Tor went away; reconnecting (the address stays the same)...');
          if (e.state === 'stopped' || e.state === 'failed') resolveDone(e.state);
        } else if (e.type === 'transfer') progress.update(e.transfer);
        else if (e.type === 'warning') ctx.err(`warning: ${problemLine(e.problem)}`);
      });
    });

    const interrupt = (): void => {
      ctx.out('\nStopping (removing the onion service)...');
      void session.stop();
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    try {
      await session.start();
      if (session.state === 'ready') {
        if (session.onionInfo) printAddress(ctx, session.onionInfo.url, session.onionInfo.privateKey);
        else ctx.out(`Serving on ${session.localUrl} (local only, no Tor)`);
        ctx.out(options.stopAfterFirstDownload ? 'The share stops after the first complete download. Ctrl-C stops it now.' : 'Ctrl-C stops the share.');
      }
      const final = await done;
      progress.finish();
      await link?.close();
      if (final === 'failed') {
        ctx.err(`oniondrop share: ${problemLine(session.problem ?? ({ kind: 'internal', message: 'failed' } satisfies Problem))}`);
        return EXIT.failure;
      }
      ctx.out('Share stopped.');
      return EXIT.ok;
    } finally {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    }
  },
};

function stepLine(step: NonNullable<Session['step']>): string {
  switch (step) {
    case 'connecting-tor':
      return 'Connecting to Tor...';
    case 'starting-server':
      return 'Starting the server...';
    case 'adding-onion':
      return 'Adding the onion service...';
    case 'publishing':
      return 'Publishing the onion service...';
  }
}

function printAddress(ctx: CliContext, url: string, privateKey: string | null): void {
  ctx.out(`Address: ${url}`);
  if (privateKey) ctx.out(`Private key: ${privateKey}`);
}

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
