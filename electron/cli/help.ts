// `oniondrop --help`: commands from the registry, options from the config schema (plain Node).
import { formatOptionsHelp } from '../core/config';
import { COMMANDS } from './commands';
import { VERSION } from '../core/version';

export function renderHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  const commands = COMMANDS.map((c) => `  oniondrop ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    `OnionDrop ${VERSION}: share files over Tor onion services.`,
    '',
    'Usage:',
    '  oniondrop                 start the desktop app (when installed as the app)',
    ...commands,
    '  oniondrop --help | --version',
    '',
    'Configuration is read from /etc/oniondrop.d/, /usr/local/etc/oniondrop.d/ and',
    '$XDG_CONFIG_HOME/oniondrop/oniondrop.d/ (*.conf, lexical order, later wins);',
    'ONIONDROP_<OPTION> environment variables come last. See oniondrop(1).',
    '',
    'Options (key = default):',
    formatOptionsHelp(),
    '',
    'Exit status: 0 ok, 1 failure, 2 usage error.',
  ].join('\n');
}
