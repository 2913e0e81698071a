// Regenerates assets/00_default.conf and the man page's OPTIONS from the config schema (build script, plain Node; run from the repository root).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderDefaultConf, spliceManOptions } from '../electron/core/config/docs';

const MAN_PAGE = 'assets/oniondrop.1';
const DEFAULT_CONF = 'assets/00_default.conf';

writeFileSync(DEFAULT_CONF, renderDefaultConf());
const manPage = spliceManOptions(readFileSync(MAN_PAGE, 'utf8'));
if (manPage === null) {
  process.stderr.write(`${MAN_PAGE}: the BEGIN/END GENERATED OPTIONS markers are missing\n`);
  process.exit(1);
}
writeFileSync(MAN_PAGE, manPage);
process.stdout.write(`wrote ${DEFAULT_CONF} and the OPTIONS of ${MAN_PAGE}\n`);
