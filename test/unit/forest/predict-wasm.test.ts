import { describe, expect, it } from 'vitest';
import { predictProba, trainForest } from '../../../workers/forest';
import { predictSumsJs } from '../../../workers/forest/predict';
import { predictSumsWasm } from '../../../workers/forest/predict-wasm';
import { createRng } from '../../../workers/forest/rng';

function data(rows: number, seed: number, nanEvery = 0) {
  const rng = createRng(seed);
  const values = new Float64Array(rows * 4);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < 4; f++) values[r * 4 + f] = rng() * 10 - 5;
    if (nanEvery && r % nanEvery === 0) values[r * 4 + 1] = NaN;
    y[r] = values[r * 4] > 1 ? 1 : values[r * 4 + 2] + values[r * 4 + 3] > 2 ? 2 : 0;
  }
  return { values, y, rows, featureNames: ['a', 'b', 'c', 'd'], classNames: ['none', 'x', 'z'] };
}

describe('WebAssembly prediction kernel', () => {
  it('gives exactly the JavaScript sums for any row count, NaN included', async () => {
    const d = data(3000, 1, 7);
    const model = await trainForest(d, d.y, 3, { nTrees: 12, maxDepth: 10, seed: 5 });
    for (const rows of [1, 2, 3, 4, 5, 255, 256, 257, 1023, 70_001]) {
      const X = data(rows, rows, 5).values;
      const w = predictSumsWasm(model, X, rows);
      expect(w).not.toBeNull();
      const js = predictSumsJs(model, X, rows);
      let same = true;
      for (let i = 0; i < js.length; i++) if (js[i] !== w![i]) same = false;
      expect(same, `rows=${rows}`).toBe(true);
    }
  });

  it('is what predictProba uses for batches, with probabilities summing to 1', async () => {
    const d = data(2000, 2);
    const model = await trainForest(d, d.y, 3, { nTrees: 20, seed: 1 });
    const rows = 5000;
    const X = data(rows, 3).values;
    const p = predictProba(model, X, rows);
    const js = predictSumsJs(model, X, rows);
    for (let r = 0; r < rows; r++) {
      expect(p[r * 3] + p[r * 3 + 1] + p[r * 3 + 2]).toBeCloseTo(1, 9);
      expect(p[r * 3 + 1]).toBe(js[r * 3 + 1] * (1 / 20));
    }
  });
});
