/**
 * Out-of-bag prediction: each training row predicted only by trees that did not draw
 * it. If the samples drawn again differed from the ones the trees grew on, memorised
 * noise would leak in and out-of-bag accuracy on random labels would be far above chance.
 */
import { describe, expect, it } from 'vitest';
import { trainForest } from '../../../workers/forest/train-forest';
import { predictProba } from '../../../workers/forest/predict';
import { outOfBagProba } from '../../../workers/forest/oob';
import { createRng } from '../../../workers/forest/rng';
import { separable } from './synthetic';

const accuracy = (proba: Float64Array, y: Int32Array, k: number, skip?: Int32Array) => {
  let right = 0;
  let n = 0;
  for (let r = 0; r < y.length; r++) {
    if (skip && skip[r] === 0) continue;
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[r * k + c] > proba[r * k + best]) best = c;
    n++;
    if (best === y[r]) right++;
  }
  return right / n;
};

describe('out-of-bag probabilities', () => {
  it('are honest on random labels that the trees memorise', async () => {
    const rows = 600;
    const { X, names } = separable(rows, 4, 5);
    const rng = createRng(99);
    const y = Int32Array.from({ length: rows }, () => (rng() < 0.5 ? 1 : 0));
    const data = { values: X, rows, featureNames: names };
    const forest = await trainForest(data, y, 2, { nTrees: 40, maxDepth: 30, maxBins: 256 });
    expect(accuracy(predictProba(forest, X, rows), y, 2)).toBeGreaterThan(0.8);
    const oob = outOfBagProba(forest, X, rows);
    expect(accuracy(oob.proba, y, 2, oob.trees)).toBeLessThan(0.6);
    // about e^-0.632 of the trees leave a row out (0.632 x rows drawn with replacement)
    const mean = oob.trees.reduce((a, b) => a + b, 0) / rows;
    expect(mean).toBeGreaterThan(40 * 0.45);
    expect(mean).toBeLessThan(40 * 0.62);
  });

  it('predict what the trees learned, and need exactly the training rows', async () => {
    const rows = 600;
    const { X, y, names } = separable(rows, 4, 6);
    const forest = await trainForest({ values: X, rows, featureNames: names }, y, 3, {
      nTrees: 30,
      seed: 4,
    });
    const oob = outOfBagProba(forest, X, rows);
    expect(accuracy(oob.proba, y, 3, oob.trees)).toBeGreaterThan(0.9);
    expect(() => outOfBagProba(forest, X.subarray(0, 4 * 10), 10)).toThrow(/600 training rows/);
  });
});
