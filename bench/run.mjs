// Benchmark launcher: bundles bench/src/main.ts and the OnionDrop CLI with esbuild, then runs the benchmark (plain Node).
// Usage: node bench/run.mjs [--quick] [--onion] [--out FILE.md] … (see bench/README.md)
// The bundles go to a temp folder of their own: dist/ belongs to the project's build.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundleDir = mkdtempSync(join(tmpdir(), 'oniondrop-bench-bundle-'));
process.once('exit', () => rmSync(bundleDir, { recursive: true, force: true }));

const benchPath = join(bundleDir, 'bench.mjs');
const cliPath = join(bundleDir, 'cli.cjs');
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: repoRoot };
await Promise.all([
  build({ ...common, entryPoints: [join(repoRoot, 'bench/src/main.ts')], outfile: benchPath, format: 'esm' }),
  build({ ...common, entryPoints: [join(repoRoot, 'electron/cli.ts')], outfile: cliPath, format: 'cjs', external: ['electron'] }),
]);

const { main } = await import(pathToFileURL(benchPath).href);
process.exitCode = await main(process.argv.slice(2), { repoRoot, cliPath });
