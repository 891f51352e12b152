import { describe, expect, it } from 'vitest';
import { checkFeatures } from '../../../workers/forest/check-features';
import { contributions, explain } from '../../../workers/forest/explain';
import { nodeForestPool } from '../../../workers/forest/node/node-pool';
import { predictClasses, predictProba } from '../../../workers/forest/predict';
import { deserializeForest, serializeForest } from '../../../workers/forest/serialize';
import { trainForest } from '../../../workers/forest/train-forest';
import { macroF1, separable } from './synthetic';

const train = separable(600, 6, 1);
const test = separable(400, 6, 2);
const data = { values: train.X, rows: 600, featureNames: train.names, classNames: ['a', 'b', 'c'] };
const fit = (params = {}, opts = {}) =>
  trainForest(data, train.y, 3, { nTrees: 20, seed: 7, ...params }, opts);

describe('trainForest on a separable problem', () => {
  it('learns it (held-out accuracy > 0.97) and ranks the informative features first', async () => {
    const model = await fit();
    const pred = predictClasses(model, test.X, 400);
    let ok = 0;
    for (let i = 0; i < 400; i++) if (pred[i] === test.y[i]) ok++;
    expect(ok / 400).toBeGreaterThan(0.97);
    expect(macroF1(test.y, pred, 3)).toBeGreaterThan(0.95);
    const imp = Array.from(model.featureImportances);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const ranked = imp.map((v, f) => [v, f]).sort((a, b) => b[0] - a[0]);
    expect(new Set([ranked[0][1], ranked[1][1]])).toEqual(new Set([0, 1]));
    expect(model.classNames).toEqual(['a', 'b', 'c']);
    expect(model.featureNames).toEqual(train.names);
  });

  it('gives probabilities that sum to 1 per row', async () => {
    const model = await fit({ nTrees: 5 });
    const p = predictProba(model, test.X, 400);
    for (let r = 0; r < 400; r++) expect(p[r * 3] + p[r * 3 + 1] + p[r * 3 + 2]).toBeCloseTo(1, 6);
  });

  it('respects maxDepth and minSamplesLeaf', async () => {
    const stump = await fit({ nTrees: 3, maxDepth: 1 });
    expect(stump.feature.length).toBe(9); // 3 trees x (root + 2 leaves)
    const coarse = await fit({ nTrees: 3, minSamplesLeaf: 100, bootstrap: false });
    const fine = await fit({ nTrees: 3, bootstrap: false });
    expect(coarse.feature.length).toBeLessThan(fine.feature.length);
  });
});

describe('determinism and serialisation', () => {
  it('same seed -> identical model bytes; another seed -> different model', async () => {
    const a = serializeForest(await fit());
    const b = serializeForest(await fit());
    const c = serializeForest(await fit({ seed: 8 }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('1 worker and 2 worker threads give identical models', async () => {
    const inline = serializeForest(await fit({ nTrees: 6 }));
    const one = serializeForest(await fit({ nTrees: 6 }, { pool: nodeForestPool(1) }));
    const pool = nodeForestPool(2);
    const done: number[] = [];
    const two = serializeForest(
      await fit({ nTrees: 6 }, { pool, onProgress: (d: number, t: number) => done.push(d, t) }),
    );
    expect(Buffer.from(one).equals(Buffer.from(inline))).toBe(true);
    expect(Buffer.from(two).equals(Buffer.from(inline))).toBe(true);
    expect(done).toEqual([1, 6, 2, 6, 3, 6, 4, 6, 5, 6, 6, 6]);
    await expect.poll(() => pool.live()).toBe(0);
  });

  it('round-trips through bytes with identical probabilities and refuses unknown versions', async () => {
    const model = await fit();
    const bytes = serializeForest(model);
    const back = deserializeForest(bytes);
    expect(back.featureNames).toEqual(model.featureNames);
    expect(back.classNames).toEqual(model.classNames);
    expect(back.params).toEqual(model.params);
    expect(predictProba(back, test.X, 400)).toEqual(predictProba(model, test.X, 400));
    expect(Array.from(back.featureImportances)).toEqual(Array.from(model.featureImportances));
    // compact: a few dozen bytes per node, not one object per node
    expect(bytes.length).toBeLessThan(2000 + model.feature.length * (4 + 8 + 4 + 3 * 4) + 64);

    const future = bytes.slice();
    new DataView(future.buffer).setUint32(4, 99, true);
    expect(() => deserializeForest(future)).toThrow(
      'unsupported model format version 99 (this build reads versions 1 to 2)',
    );
    expect(() => deserializeForest(new TextEncoder().encode('{"not":"a model"}'))).toThrow(
      'not a model file',
    );
  });
});

describe('feature checks and explanations', () => {
  it('refuses data whose features differ, naming missing and extra features', async () => {
    const model = await fit({ nTrees: 2 });
    expect(() => checkFeatures(model, ['f0', 'f1', 'f2', 'f3', 'f4', 'speed', 'temp'])).toThrow(
      "the data's features do not match the model's (missing features: f5; extra features: speed, temp)",
    );
    expect(() => checkFeatures(model, ['f0', 'f1'])).toThrow('missing features: f2, f3, f4, f5)');
    expect(Array.from(checkFeatures(model, ['f5', 'f4', 'f3', 'f2', 'f1', 'f0']))).toEqual([
      5, 4, 3, 2, 1, 0,
    ]);
  });

  it('allows extra columns only when they are the ignored ones (sensors left out)', async () => {
    const model = await fit({ nTrees: 2 });
    const cols = ['vib_mean_12', 'f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'vib_std_12'];
    const ignored = new Set(['vib_mean_12', 'vib_std_12']);
    expect(Array.from(checkFeatures(model, cols, ignored))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => checkFeatures(model, [...cols, 'temp'], ignored)).toThrow('extra features: temp)');
    expect(() => checkFeatures(model, cols.slice(0, 4), ignored)).toThrow(
      'missing features: f3, f4, f5)',
    );
  });

  it('path attributions add up to the probability and name the deciding features', async () => {
    const model = await fit();
    const p = predictProba(model, test.X, 400);
    for (let r = 0; r < 20; r++) {
      const x = test.X.subarray(r * 6, r * 6 + 6);
      for (let c = 0; c < 3; c++) {
        const { bias, contribution } = contributions(model, x, c);
        expect(bias + contribution.reduce((a, b) => a + b, 0)).toBeCloseTo(p[r * 3 + c], 5);
      }
    }
    const pred = predictClasses(model, test.X, 400);
    const ex = explain(model, test.X, 400, pred, 2);
    let informative = 0;
    for (let r = 0; r < 400; r++) {
      expect(ex.contribution[r * 2]).toBeGreaterThanOrEqual(ex.contribution[r * 2 + 1]);
      if (ex.feature[r * 2] === 0 || ex.feature[r * 2] === 1) informative++;
    }
    expect(informative / 400).toBeGreaterThan(0.9);
    expect(() => explain(model, test.X, 400, 3, 2)).toThrow(
      'classIndex must be an integer in 0..2, got 3',
    );
    expect(() => explain(model, test.X, 400, 0, 7)).toThrow('k must be an integer in 1..6, got 7');
  });
});
