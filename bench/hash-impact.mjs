// Launcher of bench/src/hash-impact.ts: bundles it with esbuild into a temp folder and runs it (plain Node).
// Usage: node bench/hash-impact.mjs [--rounds N] [--size MiB]
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundleDir = mkdtempSync(join(tmpdir(), 'oniondrop-bench-bundle-'));
process.once('exit', () => rmSync(bundleDir, { recursive: true, force: true }));
const out = join(bundleDir, 'hash-impact.cjs');
await build({ entryPoints: [join(repoRoot, 'bench/src/hash-impact.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', absWorkingDir: repoRoot });
const { main } = (await import(pathToFileURL(out).href)).default;
process.exitCode = await main(process.argv.slice(2));
