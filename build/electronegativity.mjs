// Runs Doyensec's Electronegativity over electron/ offline and fails on any
// finding of medium severity or higher that docs/security.md does not explain
// (build script, plain Node).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
// SARIF, not CSV: the tool writes the CSV header and rows with two racing
// writeFile calls, and the header sometimes lands over the first row.
const report = join(dir, 'findings.sarif');
const run = spawnSync(
  process.execPath,
  [
    '--require', require.resolve('./electronegativity-commander.cjs'),
    require.resolve('@doyensec/electronegativity/dist/index.js'),
    '-i', 'electron',
    // The one check that needs the network (Electron's release list).
    '-x', 'AvailableSecurityFixesGlobalCheck',
    '-e', electronVersion,
    '-s', 'medium',
    '-r',
    '-o', report,
  ],
  { encoding: 'utf8' },
);
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  process.exit(1);
}
const ids = JSON.parse(readFileSync(report, 'utf8')).runs.flatMap((r) => r.results.map((f) => f.ruleId));
rmSync(dir, { recursive: true, force: true });
const explained = readFileSync('docs/security.md', 'utf8');
const unexplained = ids.filter((id) => !explained.includes(`\`${id}\``));
console.log(`electronegativity: ${ids.length} finding(s) of medium or higher, ${unexplained.length} unexplained`);
if (unexplained.length > 0) {
  console.error(`Explain or fix in docs/security.md: ${unexplained.join(', ')}`);
  process.exit(1);
}
