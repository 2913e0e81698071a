// Launcher of the `oniondrop get` benchmark over the private Tor network (plain Node): bundles
// bench/get-run.mjs (which uses test/tornet) and the OnionDrop CLI with esbuild into a temp folder,
// then runs it. Usage: node bench/get.mjs [--quick] [--out FILE.md] [--json FILE] … (see bench/README.md);
// node bench/get.mjs --render FILE.json prints the report of an earlier run's --json.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// `--render FILE.json`: the markdown report of an earlier run's raw results, nothing measured.
if (process.argv[2] === '--render') {
  const { renderReport } = await import('./get-report.mjs');
  process.stdout.write(renderReport(JSON.parse(readFileSync(process.argv[3] ?? '', 'utf8'))));
  process.exit(0);
}

const bundleDir = mkdtempSync(join(tmpdir(), 'oniondrop-getbench-bundle-'));
process.once('exit', () => rmSync(bundleDir, { recursive: true, force: true }));

const benchPath = join(bundleDir, 'get-run.mjs');
const cliPath = join(bundleDir, 'cli.cjs');
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: repoRoot };
await Promise.all([
  build({ ...common, entryPoints: [join(repoRoot, 'bench/get-run.mjs')], outfile: benchPath, format: 'esm' }),
  build({ ...common, entryPoints: [join(repoRoot, 'electron/cli.ts')], outfile: cliPath, format: 'cjs', external: ['electron'] }),
]);

const { main } = await import(pathToFileURL(benchPath).href);
process.exitCode = await main(process.argv.slice(2), { repoRoot, cliPath });
