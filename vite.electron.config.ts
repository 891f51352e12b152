/**
 * Builds the Electron main process and preload (the renderer has its own Vite config).
 *
 *   vite build -c vite.electron.config.ts                 -> dist/electron/main.js   (ESM)
 *   vite build -c vite.electron.config.ts --mode preload  -> dist/electron/preload.cjs (CJS)
 *
 * The preload must be one CommonJS file: a sandboxed preload cannot load ES modules nor
 * require anything but 'electron', so the IPC contract is bundled into it. The main
 * process keeps electron, Node built-ins and the package's runtime dependencies
 * (sql.js, ...) external; electron-builder ships those from node_modules.
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const deps = Object.keys(pkg.dependencies ?? {});
const external = (id: string): boolean =>
  id === 'electron' ||
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  deps.some((d) => id === d || id.startsWith(`${d}/`));

export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: 'dist/electron',
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      lib: {
        entry: preload ? 'electron/preload.ts' : 'electron/main.ts',
        formats: [preload ? 'cjs' : 'es'],
        fileName: () => (preload ? 'preload.cjs' : 'main.js'),
      },
      rollupOptions: {
        external: preload ? ['electron'] : external,
      },
    },
  };
});
