// Regenerates assets/00_default.conf and the man page's generated parts (build script, plain Node; run from the repository root):
// OPTIONS from the config schema, SYNOPSIS and COMMANDS from the CLI's command definitions in English.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderDefaultConf, spliceManOptions, spliceManPart } from '../electron/core/config';
import { COMMANDS } from '../electron/cli/commands';
import { renderManCommands, renderManSynopsis } from '../electron/cli/man-page';
import { translatorFor } from '../i18n/messages';

const MAN_PAGE = 'assets/oniondrop.1';
const DEFAULT_CONF = 'assets/00_default.conf';

const missing = (part: string): never => {
  process.stderr.write(`${MAN_PAGE}: the BEGIN/END GENERATED ${part} markers are missing\n`);
  process.exit(1);
};

writeFileSync(DEFAULT_CONF, renderDefaultConf());
const english = translatorFor('en');
let manPage = readFileSync(MAN_PAGE, 'utf8');
manPage = spliceManOptions(manPage) ?? missing('OPTIONS');
manPage = spliceManPart(manPage, 'SYNOPSIS', renderManSynopsis(english, COMMANDS)) ?? missing('SYNOPSIS');
manPage = spliceManPart(manPage, 'COMMANDS', renderManCommands(english, COMMANDS)) ?? missing('COMMANDS');
writeFileSync(MAN_PAGE, manPage);
process.stdout.write(`wrote ${DEFAULT_CONF} and the OPTIONS, SYNOPSIS and COMMANDS of ${MAN_PAGE}\n`);
