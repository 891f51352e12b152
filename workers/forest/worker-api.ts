/**
 * The API a forest worker exposes (through comlink) and the client/pool
 * interfaces trainForest uses, so Node (worker_threads), the browser (Web
 * Workers) and tests (in-process) plug in the same way.
 */
import * as Comlink from 'comlink';
import { buildTree, type TreeJob } from './build-tree';
import { predictProba } from './predict';
import { deserializeForest } from './serialize';
import type { TreeArrays } from './tree';

/** Runs inside a worker: holds one job (shared binned matrix) and grows trees of it on request. */
export interface ForestWorkerApi {
  /** Receives the job once; binned/y are SharedArrayBuffer-backed where possible (then not copied). */
  load(job: TreeJob): void;
  /** Grows tree `treeIndex`; its arrays are transferred back, not copied. */
  trainTree(treeIndex: number): TreeArrays;
  /** Class probabilities of `rows` rows of X with a serialised forest; the result is transferred. */
  predictChunk(modelBytes: Uint8Array, X: Float64Array, rows: number): Float64Array;
}

/** Creates the worker-side API (one job at a time). */
export function createForestWorkerApi(): ForestWorkerApi {
  let job: TreeJob | null = null;
  return {
    load(j) {
      job = j;
    },
    trainTree(treeIndex) {
      if (!job) throw new Error('forest worker: trainTree called before load');
      const tree = buildTree(job, treeIndex);
      return Comlink.transfer(tree, [
        tree.feature.buffer,
        tree.threshold.buffer,
        tree.left.buffer,
        tree.value.buffer,
        tree.importance.buffer,
      ]);
    },
    predictChunk(modelBytes, X, rows) {
      const out = predictProba(deserializeForest(modelBytes), X, rows);
      return Comlink.transfer(out, [out.buffer]);
    },
  };
}

/** The calling side of a worker (comlink's Remote<ForestWorkerApi> satisfies it). */
export interface ForestWorkerClient {
  load(job: TreeJob): Promise<void>;
  trainTree(treeIndex: number): Promise<TreeArrays>;
  predictChunk(modelBytes: Uint8Array, X: Float64Array, rows: number): Promise<Float64Array>;
}

export interface SpawnedForestWorker {
  client: ForestWorkerClient;
  /** Stops the worker at once (also mid-tree). */
  terminate(): void | Promise<unknown>;
}

/**
 * Where trees are grown. `size` workers are spawned per training and all are
 * terminated when it ends, fails or is cancelled. Node: nodeForestPool
 * (workers/forest/node/node-pool.ts); browser: webForestPool; tests: inlinePool.
 */
export interface ForestPool {
  size: number;
  spawn(): SpawnedForestWorker;
}

/** Grows trees on the calling thread, yielding to the event loop between trees so AbortSignals fire. */
export function inlinePool(): ForestPool {
  return {
    size: 1,
    spawn() {
      const api = createForestWorkerApi();
      return {
        client: {
          async load(job) {
            api.load(job);
          },
          async trainTree(i) {
            await new Promise((r) => setTimeout(r, 0));
            return api.trainTree(i);
          },
          async predictChunk(bytes, X, rows) {
            return api.predictChunk(bytes, X, rows);
          },
        },
        terminate() {},
      };
    },
  };
}
