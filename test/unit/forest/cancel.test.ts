import { describe, expect, it } from 'vitest';
import { nodeForestPool } from '../../../workers/forest/node/node-pool';
import { trainForest } from '../../../workers/forest/train-forest';
import { CancelledError } from '../../../workers/shared/types';
import { separable } from './synthetic';

const d = separable(3000, 8, 3);
const data = { values: d.X, rows: 3000, featureNames: d.names };

describe('cancelling training', () => {
  it('rejects with CancelledError mid-training, returns nothing and leaves no worker running', async () => {
    const pool = nodeForestPool(2);
    const ac = new AbortController();
    let progress = 0;
    const run = trainForest(
      data,
      d.y,
      3,
      { nTrees: 200, seed: 1 },
      {
        pool,
        signal: ac.signal,
        onProgress: (done) => {
          progress = done;
          if (done === 2) ac.abort();
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(progress).toBeGreaterThanOrEqual(2);
    expect(progress).toBeLessThan(200);
    await expect.poll(() => pool.live()).toBe(0);
  });

  it('rejects at once when the signal is already aborted, spawning nothing', async () => {
    const pool = nodeForestPool(2);
    let spawned = 0;
    const counting = { size: 2, spawn: () => (spawned++, pool.spawn()) };
    const ac = new AbortController();
    ac.abort();
    await expect(
      trainForest(data, d.y, 3, { nTrees: 5 }, { pool: counting, signal: ac.signal }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(spawned).toBe(0);
  });

  it('cancels in-process training between trees', async () => {
    const ac = new AbortController();
    const run = trainForest(
      data,
      d.y,
      3,
      { nTrees: 200 },
      {
        signal: ac.signal,
        onProgress: (done) => done === 3 && ac.abort(),
      },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });
});
