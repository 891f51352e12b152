import { describe, expect, it } from 'vitest';
import { predictProba } from '../../../workers/forest/predict';
import { trainForest } from '../../../workers/forest/train-forest';
import { getLearner } from '../../../workers/forest/learner';
import { createRng } from '../../../workers/forest/rng';
import type { ForestModel } from '../../../workers/forest/tree';
import { averagePrecision } from './synthetic';

/**
 * Two classes, the second rare (about 6 %) and only loosely tied to feature 0:
 * leaves of shallow trees stay mixed, so class weights show in the frequencies.
 */
function rare(rows: number, seed: number) {
  const rng = createRng(seed);
  const nF = 4;
  const X = new Float64Array(rows * nF);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < nF; f++) X[r * nF + f] = rng();
    y[r] = rng() < (X[r * nF] > 0.7 ? 0.15 : 0.02) ? 1 : 0;
  }
  return { values: X, rows, featureNames: ['f0', 'f1', 'f2', 'f3'], classNames: ['ok', 'fail'], y };
}

const d = rare(800, 5);
const fit = (params: object) => trainForest(d, d.y, 2, { nTrees: 10, seed: 2, ...params });
const meanRare = (m: ForestModel) => {
  const p = predictProba(m, d.values, d.rows);
  let s = 0;
  for (let r = 0; r < d.rows; r++) s += p[r * 2 + 1];
  return s / d.rows;
};

describe('forest class weights', () => {
  it('balanced: each class weighs the same in total, so the root frequencies are even', async () => {
    let nRare = 0;
    for (const v of d.y) nRare += v;
    expect(nRare / d.rows).toBeGreaterThan(0.03);
    expect(nRare / d.rows).toBeLessThan(0.1);
    const all = { nTrees: 1, maxDepth: 2, bootstrap: false, sampleFraction: 1 };
    const none = await fit({ ...all, classWeight: 'none' });
    expect(none.value[1]).toBeCloseTo(nRare / d.rows, 6);
    const bal = await fit({ ...all, classWeight: 'balanced' });
    expect(Array.from(bal.value.subarray(0, 2))).toEqual([0.5, 0.5]);
  });

  it('balanced counts the whole training set, balanced_subsample each tree draw', async () => {
    const bal = await fit({ nTrees: 1, maxDepth: 2, classWeight: 'balanced' });
    const sub = await fit({ nTrees: 1, maxDepth: 2, classWeight: 'balanced_subsample' });
    // a bootstrap draw does not hold the classes in the training proportions ...
    expect(bal.value[0]).not.toBeCloseTo(0.5, 3);
    // ... but weights counted in the draw itself even them out exactly
    expect(sub.value[0]).toBeCloseTo(0.5, 6);
    expect(sub.value[1]).toBeCloseTo(0.5, 6);
  });

  it('raises the rare class probabilities where leaves are mixed', async () => {
    const none = meanRare(await fit({ maxDepth: 3 }));
    const bal = meanRare(await fit({ maxDepth: 3, classWeight: 'balanced' }));
    expect(none).toBeLessThan(0.1);
    expect(bal).toBeGreaterThan(3 * none);
  });

  it('changes nothing when the classes are already balanced (weights exactly 1)', async () => {
    const even = { ...d, y: Int32Array.from(d.y, (_, i) => i % 2) };
    const a = await trainForest(even, even.y, 2, { nTrees: 4, seed: 1 });
    const b = await trainForest(even, even.y, 2, { nTrees: 4, seed: 1, classWeight: 'balanced' });
    expect(b.feature).toEqual(a.feature);
    expect(b.threshold).toEqual(a.threshold);
    expect(b.value).toEqual(a.value);
  });

  it('stops at pure nodes despite fractional weights (no split of a one-class node)', async () => {
    for (const classWeight of ['balanced', 'balanced_subsample'] as const) {
      const m = await fit({ nTrees: 5, maxDepth: 30, classWeight });
      let pure = 0;
      for (let n = 0; n < m.feature.length; n++) {
        const v0 = m.value[n * 2];
        const v1 = m.value[n * 2 + 1];
        expect(v0).toBeGreaterThanOrEqual(0);
        expect(v1).toBeGreaterThanOrEqual(0);
        if (v0 === 1 || v1 === 1) {
          pure++;
          expect(m.feature[n]).toBe(-1);
        }
      }
      expect(pure).toBeGreaterThan(10);
      expect(m.params.classWeight).toBe(classWeight);
    }
  });

  it('ml-random-forest refuses class weights it cannot apply', async () => {
    await expect(
      getLearner('ml-random-forest').train(d, d.y, 2, { nTrees: 1, classWeight: 'balanced' }),
    ).rejects.toThrow('classWeight balanced needs the forest learner');
  });
});

describe("averagePrecision (the parity test's metric)", () => {
  it('matches scikit-learn average_precision_score, ties entering together', () => {
    // average_precision_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.8333...
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(
      0.833333333,
      8,
    );
    // average_precision_score([1,0,1,0,0,1], [.5,.5,.2,.2,.2,.9]) = 0.7222... (13/18)
    expect(
      averagePrecision([0.5, 0.5, 0.2, 0.2, 0.2, 0.9], [true, false, true, false, false, true]),
    ).toBeCloseTo(13 / 18, 12);
    expect(averagePrecision([0.3, 0.2], [false, false])).toBeNaN();
  });
});
