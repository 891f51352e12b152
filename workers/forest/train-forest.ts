/**
 * Trains a histogram random forest: bins the features once, shares the binned
 * matrix with the workers of a pool, grows trees there (each tree's randomness
 * derived from seed + tree index, so the model does not depend on the number
 * of workers) and assembles the flat model. Cancellable; nothing is returned on
 * cancel and every worker is terminated.
 */
import { CancelledError, throwIfCancelled } from '../shared/types';
import { binFeatures, sharedBuffer, type BinnedFeatures } from './bin-features';
import type { TreeJob } from './build-tree';
import { resolveForestParams, type ForestParams } from './params';
import { assembleForest, type ForestModel, type TreeArrays } from './tree';
import { inlinePool, type ForestPool, type SpawnedForestWorker } from './worker-api';

/** Training rows: row-major values (rows x featureNames.length). FeatureSet satisfies it. */
export interface TrainingData {
  values: Float64Array;
  rows: number;
  featureNames: string[];
  /** Class names stored in the model; default '0'..'nClasses-1'. */
  classNames?: string[];
}

export interface TrainForestOptions {
  /** Called after each tree. */
  onProgress?(treesDone: number, total: number): void;
  /** Abort -> the promise rejects with CancelledError, workers are terminated. */
  signal?: AbortSignal;
  /** Where trees grow; default inlinePool() (the calling thread). Node: nodeForestPool(2). */
  pool?: ForestPool;
  /** Already binned features of `data` with params.maxBins (skips binning). */
  binned?: BinnedFeatures;
}

function validateData(data: TrainingData, y: Int32Array, nClasses: number): string[] {
  const nF = data.featureNames.length;
  if (!Number.isInteger(data.rows) || data.rows < 1) {
    throw new RangeError(`rows must be an integer >= 1, got ${data.rows}`);
  }
  if (nF < 1) throw new RangeError('featureNames must name at least one feature');
  if (data.values.length !== data.rows * nF) {
    throw new RangeError(
      `values must hold rows x features = ${data.rows} x ${nF} = ${data.rows * nF} numbers, got ${data.values.length}`,
    );
  }
  if (!Number.isInteger(nClasses) || nClasses < 1 || nClasses > 65535) {
    throw new RangeError(`nClasses must be an integer in 1..65535, got ${nClasses}`);
  }
  if (y.length !== data.rows)
    throw new RangeError(`y must have one label per row (${data.rows}), got ${y.length}`);
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] >= 0 && y[i] < nClasses)) {
      throw new RangeError(`y[${i}] must be a class index in 0..${nClasses - 1}, got ${y[i]}`);
    }
  }
  const names = data.classNames ?? Array.from({ length: nClasses }, (_, i) => String(i));
  if (names.length !== nClasses) {
    throw new RangeError(`classNames has ${names.length} names, expected nClasses = ${nClasses}`);
  }
  return names;
}

/** Trains a forest; see ForestParams for hyperparameters and defaults. */
export async function trainForest(
  data: TrainingData,
  y: Int32Array,
  nClasses: number,
  params: Partial<ForestParams> = {},
  opts: TrainForestOptions = {},
): Promise<ForestModel> {
  const p = resolveForestParams(params);
  const classNames = validateData(data, y, nClasses);
  const { signal, onProgress } = opts;
  throwIfCancelled(signal);
  const nF = data.featureNames.length;
  const b = opts.binned ?? binFeatures(data.values, data.rows, nF, p.maxBins);
  const ys = new Int32Array(sharedBuffer(y.byteLength));
  ys.set(y);
  const job: TreeJob = {
    binned: b.binned,
    rows: data.rows,
    nFeatures: nF,
    thresholds: b.thresholds,
    y: ys,
    nClasses,
    params: p,
  };
  throwIfCancelled(signal);

  const pool = opts.pool ?? inlinePool();
  const nWorkers = Math.max(1, Math.min(pool.size, p.nTrees));
  const workers: SpawnedForestWorker[] = [];
  const trees: TreeArrays[] = new Array(p.nTrees);
  let next = 0;
  let done = 0;
  let stopped = false;
  let onAbort: (() => void) | undefined;
  const stopAll = (): Promise<unknown> => {
    stopped = true;
    return Promise.allSettled(workers.map((w) => w.terminate()));
  };
  const cancelled = new Promise<never>((_, reject) => {
    onAbort = () => {
      void stopAll().then(() => reject(new CancelledError()));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  cancelled.catch(() => {});
  try {
    for (let w = 0; w < nWorkers; w++) workers.push(pool.spawn());
    const run = async (w: SpawnedForestWorker): Promise<void> => {
      await w.client.load(job);
      while (!stopped && next < p.nTrees) {
        const t = next++;
        trees[t] = await w.client.trainTree(t);
        done++;
        onProgress?.(done, p.nTrees);
      }
    };
    await Promise.race([Promise.all(workers.map(run)), cancelled]);
    throwIfCancelled(signal);
  } catch (e) {
    if (signal?.aborted) {
      await stopAll();
      throw new CancelledError();
    }
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort!);
    await stopAll();
  }
  return assembleForest(trees, {
    featureNames: data.featureNames,
    classNames,
    params: p,
    trainRows: data.rows,
  });
}
