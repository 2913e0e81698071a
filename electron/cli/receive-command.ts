// `oniondrop receive`: takes uploads into a folder until Ctrl-C, which removes
// the onion first (plain Node).
import { receiveModeServer, receiveModeSettings } from '../core/modes/receive-mode';
import type { SubmissionRecord } from '../core/receive';
import { defaultShareOptions } from '../core/share-options';
import { languageFlag, localOnlyFlag, persistentFlag, publicFlag } from './common-flags';
import { EXIT, UsageError, type CliContext } from './context';
import { defineCommand, type Flags } from './definition';
import { folder, size } from './flag-values';
import { optionsFromFlags } from './options-from-flags';
import { loadServingApp, runInTerminal } from './terminal-session';
import { bytes, commandLine, listOf, problemLine, wordsOf } from './words';

const FLAGS = {
  dir: { help: 'cli.commands.receive.dir', value: folder, default: { setting: 'receive.folder' }, sets: 'receive.folder' },
  'max-file-size': {
    help: 'cli.commands.receive.maxFileSize',
    value: size,
    default: { setting: 'receive.max_file_size' },
    sets: 'receive.maxFileSize',
  },
  'max-total-size': {
    help: 'cli.commands.receive.maxTotalSize',
    value: size,
    default: { setting: 'receive.max_total_size' },
    sets: 'receive.maxTotalSize',
  },
  'disable-text': { help: 'cli.commands.receive.disableText', default: { setting: 'receive.disable_text' }, sets: 'receive.disableText' },
  'disable-files': { help: 'cli.commands.receive.disableFiles', default: { setting: 'receive.disable_files' }, sets: 'receive.disableFiles' },
  public: publicFlag,
  persistent: persistentFlag,
  language: languageFlag,
  'local-only': localOnlyFlag,
} as const satisfies Flags;

export const receiveCommand = defineCommand({
  name: 'receive',
  summary: 'cli.commands.receive.summary',
  description: 'cli.commands.receive.description',
  args: [],
  flags: FLAGS,
  async run(input, ctx) {
    const tr = wordsOf(ctx);
    if (input.flags['disable-text'] && input.flags['disable-files']) throw new UsageError(tr.t('cli.commands.receive.nothingToReceive'));
    const app = loadServingApp(ctx);
    // Receiving has no "first download"; the share runs until stopped.
    const options = optionsFromFlags(ctx, defaultShareOptions(app), FLAGS, input, { stopAfterFirstDownload: false });
    if (options.receive.disableText && options.receive.disableFiles) {
      ctx.err(commandLine(tr, 'oniondrop receive', tr.t('cli.receive.disabledInConfig')));
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
      localOnly: Boolean(input.flags['local-only']),
      ctx,
      give: { public: tr.t('cli.receive.givePublic'), private: tr.t('cli.receive.givePrivate') },
      readyLines: [tr.t('cli.receive.savedIn', { folder: options.receive.folder }), tr.t('cli.receive.ctrlC')],
      stoppedLine: tr.t('cli.receive.stopped'),
    });
  },
});

function printSubmission(ctx: CliContext, r: SubmissionRecord): void {
  const tr = wordsOf(ctx);
  const size = r.files.reduce((n, f) => n + f.size, 0);
  const parts = [
    ...(r.files.length ? [tr.t('cli.receive.files', { count: r.files.length, size: bytes(tr, size) })] : []),
    ...(r.message ? [tr.t('cli.receive.aMessage')] : []),
  ];
  const what = listOf(tr, parts);
  const folder = r.folder ?? '?';
  if (r.outcome === 'received') ctx.out(tr.t('cli.receive.received', { what, folder }));
  else if (r.outcome === 'rejected') {
    const why = r.problem ? problemLine(r.problem, tr) : tr.t('cli.receive.notValid');
    ctx.out(what ? tr.t('cli.receive.refusedKept', { why, what, folder }) : tr.t('cli.receive.refused', { why }));
  } else ctx.out(what ? tr.t('cli.receive.cutOffKept', { what, folder }) : tr.t('cli.receive.cutOff'));
}
