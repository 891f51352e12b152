/**
 * Node pool: worker_threads running node/forest-worker.ts. From TypeScript
 * sources (vitest, `node --import tsx`) the worker is started with the tsx
 * loader; the binned matrix lives on a SharedArrayBuffer, shared by all workers.
 */
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { ForestPool, ForestWorkerApi } from '../worker-api';

const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(
  fromSource ? './forest-worker.ts' : './forest-worker.js',
  import.meta.url,
);

/** URL of tsx's ESM register API (the `import` condition; require.resolve would give the CJS one). */
function tsxApiUrl(): string {
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const entry: string = pkg.exports['./esm/api'].import.default;
  return new URL(entry, pathToFileURL(pkgPath)).href;
}

/** Pool of worker_threads; `live()` counts workers not yet exited (for tests and diagnostics). */
export interface NodeForestPool extends ForestPool {
  live(): number;
}

/** `size` defaults to the number of cores (at least 1). */
export function nodeForestPool(size = availableParallelism()): NodeForestPool {
  if (!Number.isInteger(size) || size < 1 || size > 256) {
    throw new RangeError(`workers must be an integer in 1..256, got ${size}`);
  }
  let live = 0;
  return {
    size,
    live: () => live,
    spawn() {
      // From sources, a tiny CommonJS bootstrap registers tsx in the worker before
      // importing the .ts entry (`execArgv: ['--import', 'tsx']` races the loader
      // registration on Node 20 and fails with ERR_UNKNOWN_FILE_EXTENSION).
      const worker = fromSource
        ? new Worker(
            `import(${JSON.stringify(tsxApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); });`,
            { eval: true },
          )
        : new Worker(workerUrl);
      live++;
      worker.once('exit', () => live--);
      const client = Comlink.wrap<ForestWorkerApi>(nodeEndpoint(worker));
      return {
        client,
        terminate: () => worker.terminate(),
      };
    },
  };
}
