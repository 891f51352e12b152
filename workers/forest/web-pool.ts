/**
 * Browser pool: Web Workers built by Vite from forest.worker.ts. The binned
 * matrix is shared when the page is cross-origin isolated (SharedArrayBuffer),
 * otherwise copied once per worker by postMessage (never per tree).
 */
import * as Comlink from 'comlink';
import type { ForestPool } from './worker-api';
import type { ForestWorkerApi } from './worker-api';

/** `size` defaults to hardwareConcurrency - 1 (at least 1). */
export function webForestPool(size?: number): ForestPool {
  const n = size ?? Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1);
  return {
    size: n,
    spawn() {
      const worker = new Worker(new URL('./forest.worker.ts', import.meta.url), { type: 'module' });
      const client = Comlink.wrap<ForestWorkerApi>(worker);
      return { client, terminate: () => worker.terminate() };
    },
  };
}
