import { describe, expect, it, vi } from 'vitest';
import { predictProba, serializeForest, trainForest } from '../../../workers/forest';
import {
  PARALLEL_PREDICT_MIN_ROWS,
  predictProbaParallel,
} from '../../../workers/forest/predict-parallel';
import { nodeForestPool } from '../../../workers/forest/node/node-pool';
import { createRng } from '../../../workers/forest/rng';
import { CancelledError } from '../../../workers/shared/types';

function data(rows: number, seed: number) {
  const rng = createRng(seed);
  const values = new Float64Array(rows * 3);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < 3; f++) values[r * 3 + f] = rng();
    y[r] = values[r * 3] + 0.3 * values[r * 3 + 1] > 0.7 ? 1 : values[r * 3 + 2] > 0.8 ? 2 : 0;
  }
  return { values, y, rows, featureNames: ['a', 'b', 'c'], classNames: ['none', 'x', 'z'] };
}

describe('predictProbaParallel', () => {
  it('gives exactly the single-thread probabilities, split over workers', async () => {
    const d = data(2000, 1);
    const model = await trainForest(d, d.y, 3, { nTrees: 8, maxDepth: 8, seed: 2 });
    const rows = PARALLEL_PREDICT_MIN_ROWS + 1234;
    const X = data(rows, 9).values;
    const pool = nodeForestPool(2);
    const par = await predictProbaParallel(serializeForest(model), X, rows, pool);
    expect(Array.from(par)).toEqual(Array.from(predictProba(model, X, rows)));
    expect(pool.live()).toBe(0);
  }, 60_000);

  it('is cancellable and leaves no worker running', async () => {
    const d = data(2000, 1);
    const model = await trainForest(d, d.y, 3, { nTrees: 30, seed: 2 });
    const rows = 400_000;
    const X = data(rows, 9).values;
    const pool = nodeForestPool(2);
    const ac = new AbortController();
    const p = predictProbaParallel(serializeForest(model), X, rows, pool, ac.signal);
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    await vi.waitFor(() => expect(pool.live()).toBe(0), { timeout: 5_000 });
  }, 60_000);
});
