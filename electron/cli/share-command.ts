// `oniondrop share FILE...`: shares files from the terminal until the share
// stops or Ctrl-C, which removes the onion first (plain Node).
import { resolve } from 'node:path';
import { shareModeServer } from '../core/modes/share-mode';
import { problemOf } from '../core/problems';
import { defaultShareOptions } from '../core/share-options';
import { buildCatalog } from '../core/share';
import { languageFlag, localOnlyFlag, persistentFlag, publicFlag, titleFlag } from './common-flags';
import { EXIT } from './context';
import { defineCommand, type Flags } from './definition';
import { seconds, startTime } from './flag-values';
import { optionsFromFlags } from './options-from-flags';
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
    const options = optionsFromFlags(ctx, defaultShareOptions(app), FLAGS, input);

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

    return runInTerminal({
      command: 'share',
      app,
      options,
      startServer: shareModeServer(catalog, options),
      localOnly: Boolean(input.flags['local-only']),
      ctx,
      give: { public: tr.t('cli.share.givePublic'), private: tr.t('cli.share.givePrivate') },
      readyLines: [options.stopAfterFirstDownload ? tr.t('cli.share.stopsAfterFirst') : tr.t('cli.share.ctrlC')],
      stoppedLine: tr.t('cli.share.stopped'),
    });
  },
});
