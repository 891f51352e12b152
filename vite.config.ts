/**
 * Browser build of the renderer (`npm run web`, `npm run build:web`, and the e2e tests).
 * The same renderer and workers the desktop app loads; output in dist/renderer.
 */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './electron/ipc-contract.ts';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * The built page carries the same Content-Security-Policy the desktop shell sends
 * (electron/ipc-contract.ts). Not in the dev server: React's fast refresh injects an
 * inline script that a strict policy would block.
 */
function cspMeta(): Plugin {
  return {
    name: 'pdm-csp-meta',
    apply: 'build',
    transformIndexHtml() {
      return [
        {
          tag: 'meta',
          attrs: {
            'http-equiv': 'Content-Security-Policy',
            // frame-ancestors only works as a header (the desktop shell sends it); in a
            // meta tag the browser ignores it and logs an error.
            content: CONTENT_SECURITY_POLICY.split('; ')
              .filter((d) => !d.startsWith('frame-ancestors'))
              .join('; '),
          },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), cspMeta()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
