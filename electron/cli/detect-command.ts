// `oniondrop detect`: what the app found about this system, without touching Tor (plain Node).
import { formatOrigin } from '../core/config';
import { loadAppContext } from '../core/app-context';
import { describePlatform } from '../core/platform';
import { listCandidates } from '../core/tor/autodetect';
import { describeEndpoint } from '../core/tor/endpoint';
import { detectInputFor } from '../core/link-factory';
import { EXIT } from './context';
import { defineCommand } from './definition';
import { wordsOf } from './words';

export const detectCommand = defineCommand({
  name: 'detect',
  summary: 'cli.commands.detect.summary',
  description: 'cli.commands.detect.description',
  args: [],
  flags: {},
  async run(_input, ctx) {
    const { t } = wordsOf(ctx);
    const app = loadAppContext({ root: ctx.root, env: ctx.env, home: ctx.home });
    const { platform, listen } = app;
    const { values, origins } = app.config;
    const range = app.portRange;
    const ownTor = platform.whonix
      ? t('cli.detect.ownTorWhonix')
      : values['tor.start_own']
        ? t('cli.detect.ownTorAllowed')
        : t('cli.detect.ownTorDisabled');
    const lines: Array<[string, string]> = [
      [t('cli.detect.system'), describePlatform(platform)],
      [t('cli.detect.markers'), platform.markers.length > 0 ? platform.markers.join(', ') : t('cli.detect.none')],
      [t('cli.detect.listenAddress'), `${listen.host} (${listen.why})`],
      [t('cli.detect.portRange'), `${range.first}-${range.last} (${formatOrigin(origins['server.port_range'])})`],
      [t('cli.detect.ownTor'), ownTor],
    ];
    // Where Tor settings would come from, in the order they are tried; nothing is connected to.
    const { candidates, ignored } = listCandidates(detectInputFor(app));
    candidates.forEach((c, i) => {
      lines.push([i === 0 ? t('cli.detect.torInOrder') : '', `${i + 1}. ${describeEndpoint(c.control)}: ${c.source.why}`]);
    });
    for (const ig of ignored) lines.push([t('cli.detect.ignored'), `${ig.name} ${ig.why}`]);
    const width = Math.max(...lines.map(([k]) => k.length));
    for (const [k, v] of lines) ctx.out(`${k.padEnd(width)}  ${v}`);
    return EXIT.ok;
  },
});
