// Vite build of the renderer (build tool, plain Node): renderer/ -> dist-renderer/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./renderer'),
  // Relative asset URLs: the page is served from a custom protocol in Electron
  // and from a plain local HTTP server in the tests.
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist-renderer'),
    emptyOutDir: true,
    // Nothing inline: the strict CSP allows no inline script or style, and no
    // data: URLs for scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'chrome130',
  },
  server: { host: '127.0.0.1', strictPort: true },
});
