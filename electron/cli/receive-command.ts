// `oniondrop receive`: takes uploads into a folder until Ctrl-C, which removes
// the onion first (plain Node).
import { resolve } from 'node:path';
import { loadAppContext } from '../core/app-context';
import { sizeType } from '../core/config/value-types';
import { receiveModeServer, receiveModeSettings } from '../core/modes/receive-mode';
import type { SubmissionRecord } from '../core/receive';
import { defaultShareOptions } from '../core/share-options';
import { parseCommandArgs } from './args';
import { optionsFromFlags } from './options-from-flags';
import type { Command } from './commands';
import { EXIT, UsageError, type CliContext, type ExitCode } from './context';
import { runInTerminal } from './terminal-session';
import { bytes, problemLine } from './words';

const OPTIONS = {
  dir: { type: 'string' },
  'max-file-size': { type: 'string' },
  'max-total-size': { type: 'string' },
  'disable-text': { type: 'boolean' },
  'disable-files': { type: 'boolean' },
  public: { type: 'boolean' },
  persistent: { type: 'string' },
  'local-only': { type: 'boolean' },
} as const;

/** "500M", "2G", "1.5GiB", "0" (no limit): the config file's size syntax. */
export function parseSizeFlag(flag: string, text: string, home: string): number {
  const parsed = sizeType().parse(text.trim(), { home });
  if (!parsed.ok) throw new UsageError(`--${flag} takes a size such as 500M or 2G (0 for no limit), not '${text}'`);
  return parsed.value;
}

export const receiveCommand: Command = {
  name: 'receive',
  usage:
    'receive [--dir D] [--max-file-size N] [--max-total-size N] [--disable-text] [--disable-files] ' +
    '[--public] [--persistent NAME] [--local-only]',
  summary: 'let visitors upload files and messages into a folder until Ctrl-C',
  async run(args: string[], ctx: CliContext): Promise<ExitCode> {
    const { values: flags } = parseCommandArgs(args, OPTIONS, false);
    if (flags['disable-text'] && flags['disable-files']) {
      throw new UsageError('--disable-text and --disable-files together leave nothing to receive');
    }
    const app = loadAppContext({ root: ctx.root, env: ctx.env, home: ctx.home });
    const options = optionsFromFlags(defaultShareOptions(app.config.values), {
      // Receiving has no "first download"; the share runs until stopped.
      stopAfterFirstDownload: false,
      ...(flags.public ? { public: true } : {}),
      ...(flags.persistent !== undefined ? { persistentName: flags.persistent } : {}),
      receive: {
        ...(flags.dir !== undefined ? { folder: resolve(flags.dir) } : {}),
        ...(flags['max-file-size'] !== undefined ? { maxFileSize: parseSizeFlag('max-file-size', flags['max-file-size'], ctx.home) } : {}),
        ...(flags['max-total-size'] !== undefined ? { maxTotalSize: parseSizeFlag('max-total-size', flags['max-total-size'], ctx.home) } : {}),
        ...(flags['disable-text'] ? { disableText: true } : {}),
        ...(flags['disable-files'] ? { disableFiles: true } : {}),
      },
    });
    if (options.receive.disableText && options.receive.disableFiles) {
      ctx.err('oniondrop receive: both files and text are disabled in the configuration; nothing to receive');
      return EXIT.failure;
    }

    const startServer = receiveModeServer(options, {
      ...receiveModeSettings(app.config.values),
      onSubmission: (r) => printSubmission(ctx, r),
    });
    return runInTerminal({
      command: 'receive',
      app,
      options,
      startServer,
      localOnly: Boolean(flags['local-only']),
      ctx,
      readyLines: [`Uploads are saved in ${options.receive.folder}, one folder per upload.`, 'Ctrl-C stops receiving.'],
      stoppedLine: 'Stopped receiving.',
    });
  },
};

function printSubmission(ctx: CliContext, r: SubmissionRecord): void {
  const size = r.files.reduce((n, f) => n + f.size, 0);
  const files = r.files.length ? `${r.files.length} ${r.files.length === 1 ? 'file' : 'files'} (${bytes(size)})` : '';
  const what = [files, r.message ? 'a message' : ''].filter(Boolean).join(' and ');
  if (r.outcome === 'received') ctx.out(`Received ${what} in ${r.folder ?? '?'}`);
  else if (r.outcome === 'rejected') {
    ctx.out(`Refused an upload: ${r.problem ? problemLine(r.problem) : 'it was not valid'}${what ? ` (kept ${what} in ${r.folder ?? '?'})` : ''}`);
  } else ctx.out(`An upload was cut off before it finished${what ? ` (kept ${what} in ${r.folder ?? '?'})` : ''}.`);
}
