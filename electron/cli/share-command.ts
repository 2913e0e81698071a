// `oniondrop share FILE...`: shares files from the terminal until the share
// stops or Ctrl-C, which removes the onion first (plain Node).
import { resolve } from 'node:path';
import { receiveModeSettings, type ReceiveModeSettings } from '../core/modes/receive-mode';
import { shareAddressProblem, shareAddressServer } from '../core/modes/share-address';
import { problemOf } from '../core/problems';
import { defaultShareOptions } from '../core/share-options';
import { buildCatalog } from '../core/share';
import { languageFlag, localOnlyFlag, persistentFlag, publicFlag, receiveLimitFlags, titleFlag } from './common-flags';
import { EXIT, UsageError } from './context';
import { defineCommand, type Flags } from './definition';
import { folder, seconds, startTime } from './flag-values';
import { optionsFromFlags } from './options-from-flags';
import { checkReceiveFlags, nothingToReceive, printSubmission } from './receiving';
import { loadServingApp, runInTerminal } from './terminal-session';
import { commandLine, problemLine, wordsOf } from './words';

const FLAGS = {
  public: publicFlag,
  persistent: persistentFlag,
  'stop-after-first': {
    help: 'cli.commands.share.stopAfterFirst',
    default: { setting: 'share.stop_after_first_download' },
    negation: { help: 'cli.commands.share.noStopAfterFirst', value: false },
    sets: 'stopAfterFirstDownload',
  },
  'auto-stop': { help: 'cli.commands.share.autoStop', value: seconds, default: { words: 'cli.defaults.never' }, sets: 'autoStopSeconds' },
  'start-at': { help: 'cli.commands.share.startAt', value: startTime, default: { words: 'cli.defaults.now' }, sets: 'startAt' },
  title: titleFlag,
  language: languageFlag,
  compress: { help: 'cli.commands.share.compress', default: { setting: 'share.compress' }, sets: 'compress' },
  // The same address takes uploads too: files at /share/, uploads at /receive/.
  'with-receive': { help: 'cli.commands.share.withReceive', value: folder, default: { words: 'cli.help.off' }, sets: 'receive.folder' },
  ...receiveLimitFlags,
  'local-only': localOnlyFlag,
} as const satisfies Flags;

export const shareCommand = defineCommand({
  name: 'share',
  summary: 'cli.commands.share.summary',
  description: 'cli.commands.share.description',
  args: [{ id: 'files', placeholder: 'cli.values.file', help: 'cli.commands.share.files', many: true, missing: 'cli.commands.share.missing' }],
  flags: FLAGS,
  async run(input, ctx) {
    const tr = wordsOf(ctx);
    const label = 'oniondrop share';
    const app = loadServingApp(ctx);
    const receiving = input.flags['with-receive'] !== undefined;
    if (receiving) checkReceiveFlags(tr, input.flags);
    if (receiving && input.flags['stop-after-first'] === true) throw new UsageError(tr.t('cli.commands.share.stopWithReceive'));
    const options = optionsFromFlags(ctx, defaultShareOptions(app), FLAGS, input, receiving ? { alsoReceive: true } : {});
    const nothing = receiving ? nothingToReceive(tr, 'share', options) : null;
    if (nothing !== null) {
      ctx.err(nothing);
      return EXIT.failure;
    }

    const paths = input.args.map((p) => resolve(p));
    let catalog;
    try {
      catalog = await buildCatalog(paths);
    } catch (err) {
      ctx.err(commandLine(tr, label, problemLine(problemOf(err, app.platform), tr)));
      return EXIT.failure;
    }
    for (const s of catalog.skipped) ctx.err(tr.t('cli.share.skipped', { path: s.path, reason: tr.t(`cli.skipped.${s.reason}`) }));
    if (catalog.totals.files === 0 && catalog.totals.directories === 0) {
      ctx.err(commandLine(tr, label, tr.t('cli.share.nothingLeft')));
      return EXIT.failure;
    }

    const refused = await shareAddressProblem(catalog, options);
    if (refused !== null) {
      ctx.err(commandLine(tr, label, problemLine(refused, tr)));
      return EXIT.failure;
    }
    const receive: ReceiveModeSettings = { ...receiveModeSettings(app.config.values), onSubmission: (r) => printSubmission(ctx, r) };
    const startServer = shareAddressServer(catalog, options, receive, { dataDir: app.dataDir });
    const stopLine = options.stopAfterFirstDownload ? tr.t('cli.share.stopsAfterFirst') : tr.t('cli.share.ctrlC');
    return runInTerminal({
      command: 'share',
      app,
      options,
      startServer,
      localOnly: Boolean(input.flags['local-only']),
      ctx,
      give: receiving
        ? { public: tr.t('cli.share.giveBothPublic'), private: tr.t('cli.share.giveBothPrivate') }
        : { public: tr.t('cli.share.givePublic'), private: tr.t('cli.share.givePrivate') },
      readyLines: receiving
        ? [tr.t('cli.share.alsoReceives'), tr.t('cli.receive.savedIn', { folder: options.receive.folder }), stopLine]
        : [stopLine],
      stoppedLine: tr.t('cli.share.stopped'),
    });
  },
});
