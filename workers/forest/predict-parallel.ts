/**
 * Batch prediction spread over a worker pool: the rows are cut into one chunk per
 * worker, each worker restores the serialised forest and predicts its chunk, and the
 * chunks come back transferred. Worth it for large batches (a year of a plant's
 * observations); small batches predict on the calling thread.
 */
import * as Comlink from 'comlink';
import { CancelledError, throwIfCancelled } from '../shared/types';
import { deserializeForest } from './serialize';
import { predictProba } from './predict';
import type { ForestPool, SpawnedForestWorker } from './worker-api';

/** Below this many rows the pool's start-up costs more than it saves. */
export const PARALLEL_PREDICT_MIN_ROWS = 50_000;

export async function predictProbaParallel(
  modelBytes: Uint8Array,
  X: Float64Array,
  rows: number,
  pool: ForestPool,
  signal?: AbortSignal,
): Promise<Float64Array> {
  throwIfCancelled(signal);
  const model = deserializeForest(modelBytes);
  if (pool.size <= 1 || rows < PARALLEL_PREDICT_MIN_ROWS) return predictProba(model, X, rows);
  const nF = model.featureNames.length;
  const nC = model.classNames.length;
  if (X.length !== rows * nF) {
    throw new RangeError(
      `X must hold rows x ${nF} features = ${rows * nF} values, got ${X.length}`,
    );
  }
  const n = Math.min(pool.size, Math.ceil(rows / 10_000));
  const workers: SpawnedForestWorker[] = [];
  // A terminated worker never answers, so an abort settles the wait itself.
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      workers.forEach((w) => void w.terminate());
      reject(new CancelledError());
    };
  });
  aborted.catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const out = new Float64Array(rows * nC);
    const per = Math.ceil(rows / n);
    const work = Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const r0 = i * per;
        const r1 = Math.min(rows, r0 + per);
        if (r1 <= r0) return;
        const w = pool.spawn();
        workers.push(w);
        const chunk = X.slice(r0 * nF, r1 * nF);
        const p = await w.client.predictChunk(
          Comlink.transfer(modelBytes.slice(), []) as Uint8Array,
          Comlink.transfer(chunk, [chunk.buffer]),
          r1 - r0,
        );
        out.set(p, r0 * nC);
      }),
    );
    await Promise.race([work, aborted]);
    throwIfCancelled(signal);
    return out;
  } catch (e) {
    if (signal?.aborted) throw new CancelledError();
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
