import { describe, expect, it } from 'vitest';
import { GOLDEN_FEATURES, HAS_SAMPLE } from '../../helpers/shared';
import { getLearner, loadModel } from '../../../workers/forest/learner';
import {
  readFeaturesCsv,
  rowsBetween,
  subsetRows,
} from '../../../workers/forest/node/features-csv-node';
import { argmaxRows } from '../../../workers/forest/predict';
import { existsSync } from 'node:fs';
import { averagePrecision, macroF1 } from './synthetic';

/**
 * scikit-learn on the same split, measured with
 *   /usr/bin/python3 scripts/bench/sklearn_ap.py ../shared/tools/sklearn_peer.py \
 *     train.csv test.csv --seed S --jobs 1        (S = 0..9)
 * which runs the shared scikit-learn peer as it is (scikit-learn 1.2.1,
 * RandomForestClassifier(n_estimators=200, max_depth=15, max_features='sqrt',
 * max_samples=0.632, random_state=S)) and scores its predict_proba; train.csv =
 * golden rows with datetime <= 2015-02-22 00:00:00 (1040 rows), test.csv = rows
 * after 2015-03-01 00:00:00 (630 rows). Macro-F1 over comp1, comp2, comp4, none
 * (argmax); average precision one-vs-rest per component.
 * Per random_state 0..9:
 *   macro-F1 0.277 0.277 0.2384 0.277 0.277 0.3102 0.277 0.2384 0.277 0.277
 *   AP comp1 0.1121 0.1514 0.119 0.1475 0.1407 0.1269 0.1621 0.1407 0.1358 0.1406
 *   AP comp2 0.2046 0.2286 0.2118 0.1965 0.2062 0.2465 0.2499 0.2111 0.2392 0.2069
 *   AP comp4 0.125 0.2001 0.1293 0.2249 0.1648 0.1042 0.0688 0.111 0.1647 0.0464
 * The test set holds 56 failure rows (30 comp1, 12 comp2, 14 comp4), so one seed
 * moves macro-F1 by 0.04: the test compares the mean over ten seeds, and the worst
 * seed, with scikit-learn's over ten random_states.
 */
const SKLEARN = {
  macroF1: { mean: 0.2726, worst: 0.2384 },
  ap: {
    comp1: { mean: 0.1377, worst: 0.1121 },
    comp2: { mean: 0.2201, worst: 0.1965 },
    comp4: { mean: 0.1339, worst: 0.0464 },
  },
};
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

const TRAIN_TO = '2015-03-01 00:00:00';
const TRAIN_TO_MINUS_H = '2015-02-22 00:00:00'; // train_to - 7 days horizon

const HAS_GOLDEN = HAS_SAMPLE && existsSync(GOLDEN_FEATURES);
if (!HAS_GOLDEN) {
  console.warn(
    `[tests] ${GOLDEN_FEATURES} not found: the learner tests on the golden features are SKIPPED.`,
  );
}

// A skipped describe still runs its body to collect the tests, so the file is read
// only when it is there (its absence must skip, not fail).
describe.skipIf(!HAS_GOLDEN)('learners on the golden features', () => {
  if (!HAS_GOLDEN) {
    it('needs the golden features file of the shared folder', () => undefined);
    return;
  }
  const csv = readFeaturesCsv(GOLDEN_FEATURES);
  const tr = subsetRows(csv, rowsBetween(csv, undefined, TRAIN_TO_MINUS_H));
  const te = subsetRows(csv, rowsBetween(csv, TRAIN_TO));
  const nC = csv.labelNames.length;
  const data = {
    values: tr.values,
    rows: tr.rows,
    featureNames: csv.featureNames,
    classNames: csv.labelNames,
  };

  it('uses the split of the recorded peer run', () => {
    expect([tr.rows, te.rows]).toEqual([1040, 630]);
    expect(csv.labelNames).toEqual(['none', 'comp1', 'comp2', 'comp4']);
  });

  it("forest: macro-F1 and average precision per component at least scikit-learn's", async () => {
    const f1s: number[] = [];
    const aps: Record<string, number[]> = { comp1: [], comp2: [], comp4: [] };
    for (const seed of SEEDS) {
      const model = await getLearner('forest').train(data, tr.label, nC, { seed });
      // the product's evaluation: argmax of the forest's own (uncalibrated) probabilities
      const proba = model.predictProba(te.values, te.rows);
      f1s.push(macroF1(te.label, argmaxRows(proba, nC), nC));
      for (const comp of Object.keys(aps)) {
        const c = csv.labelNames.indexOf(comp);
        const score = Array.from({ length: te.rows }, (_, r) => proba[r * nC + c]);
        aps[comp].push(
          averagePrecision(
            score,
            Array.from(te.label, (l) => l === c),
          ),
        );
      }
    }
    // rounded to 4 digits as the peer prints them: a seed that finds no failure
    // gives 0.9535 / 4 = 0.23837... in both
    const r4 = (x: number) => Number(x.toFixed(4));
    const mean = (v: number[]) => r4(v.reduce((a, b) => a + b, 0) / v.length);
    const worst = (v: number[]) => r4(Math.min(...v));
    const line = (v: number[]) => v.map((x) => x.toFixed(4)).join(' ');
    console.info(
      `forest on the golden split, seeds ${SEEDS.join(',')}:\n  macro-F1 ${line(f1s)}\n` +
        Object.entries(aps)
          .map(([k, v]) => `  AP ${k} ${line(v)}`)
          .join('\n'),
    );
    expect(mean(f1s)).toBeGreaterThanOrEqual(SKLEARN.macroF1.mean);
    expect(worst(f1s)).toBeGreaterThanOrEqual(SKLEARN.macroF1.worst);
    for (const [comp, ref] of Object.entries(SKLEARN.ap)) {
      expect({ comp, mean: mean(aps[comp]) >= ref.mean }).toEqual({ comp, mean: true });
      expect({ comp, worst: worst(aps[comp]) >= ref.worst }).toEqual({ comp, worst: true });
    }
  }, 120_000);

  it('forest: survives a round trip, explains, and its importances sum to 1', async () => {
    const model = await getLearner('forest').train(data, tr.label, nC, { nTrees: 20, seed: 0 });
    const proba = model.predictProba(te.values, te.rows);
    const back = loadModel(model.serialize());
    expect(back.learner).toBe('forest');
    expect(back.predictProba(te.values, te.rows)).toEqual(proba);
    const imp = model.featureImportances();
    expect(imp.length).toBe(csv.featureNames.length);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const ex = model.explain(te.values, te.rows, 1, 3)!;
    expect(ex.feature.length).toBe(te.rows * 3);
  });

  it('ml-random-forest runs behind the same interface and round-trips', async () => {
    const model = await getLearner('ml-random-forest').train(data, tr.label, nC, {
      nTrees: 3,
      maxDepth: 6,
      maxFeatures: 0.5,
      seed: 3,
    });
    const proba = model.predictProba(te.values, te.rows);
    expect(proba.length).toBe(te.rows * nC);
    for (let r = 0; r < te.rows; r++) {
      let s = 0;
      for (let c = 0; c < nC; c++) s += proba[r * nC + c];
      expect(s).toBeCloseTo(1, 9);
    }
    // it finds the majority class at least as often as it is there (accuracy well above chance)
    const pred = argmaxRows(proba, nC);
    let ok = 0;
    for (let r = 0; r < te.rows; r++) if (pred[r] === te.label[r]) ok++;
    expect(ok / te.rows).toBeGreaterThan(0.8);
    const back = loadModel(model.serialize());
    expect(back.learner).toBe('ml-random-forest');
    expect(back.predictProba(te.values, te.rows)).toEqual(proba);
    expect(back.explain(te.values, te.rows, 0, 3)).toBeNull();
    expect(() => getLearner('xgboost')).toThrow(
      'learner must be one of forest, ml-random-forest, got "xgboost"',
    );
  });
});
