// `oniondrop website DIR`: serves a folder as a static website until Ctrl-C (plain Node).
import { resolve } from 'node:path';
import { websiteModeServer } from '../core/modes/website-mode';
import { problemOf } from '../core/problems';
import { buildCatalog } from '../core/share';
import { defaultShareOptions } from '../core/share-options';
import { languageFlag, localOnlyFlag, persistentFlag, publicFlag, titleFlag } from './common-flags';
import { EXIT } from './context';
import { defineCommand, type Flags } from './definition';
import { policy } from './flag-values';
import { optionsFromFlags } from './options-from-flags';
import { loadServingApp, runInTerminal } from './terminal-session';
import { commandLine, problemLine, wordsOf } from './words';

const FLAGS = {
  csp: {
    help: 'cli.commands.website.csp',
    value: policy,
    default: { setting: 'website.csp' },
    negation: { help: 'cli.commands.website.noCsp', value: null },
    sets: 'website.csp',
  },
  title: titleFlag,
  language: languageFlag,
  public: publicFlag,
  persistent: persistentFlag,
  'local-only': localOnlyFlag,
} as const satisfies Flags;

export const websiteCommand = defineCommand({
  name: 'website',
  summary: 'cli.commands.website.summary',
  description: 'cli.commands.website.description',
  args: [{ id: 'dir', placeholder: 'cli.values.folder', help: 'cli.commands.website.dir', many: false, missing: 'cli.commands.website.missing' }],
  flags: FLAGS,
  async run(input, ctx) {
    const tr = wordsOf(ctx);
    const label = 'oniondrop website';
    const app = loadServingApp(ctx);
    // A website has no "first download"; it runs until stopped.
    const options = optionsFromFlags(ctx, defaultShareOptions(app), FLAGS, input, { stopAfterFirstDownload: false });

    const root = resolve(input.args[0] ?? '');
    try {
      // Walked here to refuse a bad folder and list what will not be served before going live.
      const catalog = await buildCatalog([root], { layout: 'contents' });
      for (const s of catalog.skipped) ctx.err(tr.t('cli.website.notServed', { path: s.path, reason: tr.t(`cli.skipped.${s.reason}`) }));
    } catch (err) {
      ctx.err(commandLine(tr, label, problemLine(problemOf(err, app.platform), tr)));
      return EXIT.failure;
    }

    return runInTerminal({
      command: 'website',
      app,
      options,
      startServer: websiteModeServer(root, options),
      localOnly: Boolean(input.flags['local-only']),
      ctx,
      give: { public: tr.t('cli.website.givePublic'), private: tr.t('cli.website.givePrivate') },
      readyLines: [
        options.website.csp === null ? tr.t('cli.website.noCsp') : tr.t('cli.website.csp', { policy: options.website.csp }),
        tr.t('cli.website.ctrlC'),
      ],
      stoppedLine: tr.t('cli.website.stopped'),
    });
  },
});
