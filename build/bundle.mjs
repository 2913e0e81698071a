// Bundles the main process, preload and CLI with esbuild (build script, plain Node).
// The renderer is built separately by Vite (vite.config.ts).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Electron is provided by the runtime; never bundle it.
  external: ['electron'],
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/main.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/preload.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['electron/cli.ts'], outfile: 'dist/cli.cjs', format: 'cjs' }),
]);
