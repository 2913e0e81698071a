// `oniondrop receive`: takes uploads into a folder until Ctrl-C, which removes
// the onion first (plain Node).
import { receiveModeServer, receiveModeSettings } from '../core/modes/receive-mode';
import { defaultShareOptions } from '../core/share-options';
import { languageFlag, localOnlyFlag, persistentFlag, publicFlag, receiveLimitFlags } from './common-flags';
import { EXIT } from './context';
import { defineCommand, type Flags } from './definition';
import { folder } from './flag-values';
import { optionsFromFlags } from './options-from-flags';
import { loadServingApp, runInTerminal } from './terminal-session';
import { checkReceiveFlags, nothingToReceive, printSubmission } from './receiving';
import { wordsOf } from './words';

const FLAGS = {
  dir: { help: 'cli.commands.receive.dir', value: folder, default: { setting: 'receive.folder' }, sets: 'receive.folder' },
  ...receiveLimitFlags,
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
    checkReceiveFlags(tr, input.flags);
    const app = loadServingApp(ctx);
    // Receiving has no "first download"; the share runs until stopped.
    const options = optionsFromFlags(ctx, defaultShareOptions(app), FLAGS, input, { stopAfterFirstDownload: false });
    const nothing = nothingToReceive(tr, 'receive', options);
    if (nothing !== null) {
      ctx.err(nothing);
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
