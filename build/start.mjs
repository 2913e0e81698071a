// Starts the built Electron app, or says clearly why it cannot (build script, plain Node).
// The Electron binary is downloaded by the `electron` package's install step,
// which this project's .npmrc skips (it fetches from GitHub). Fetch it here on
// first start instead, where the network allows it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function binaryPath() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const p = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p) ? p : null;
}

let bin = binaryPath();
if (!bin) {
  console.log('OnionDrop: fetching the Electron binary (first start)...');
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'ignore', 'ignore'] });
  bin = binaryPath();
}
if (!bin) {
  console.error(
    'OnionDrop: Electron binary not available: it could not be downloaded on this machine.\n' +
      'The command-line interface works without it: ./bin/oniondrop --help',
  );
  process.exit(1);
}
const child = spawn(bin, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
