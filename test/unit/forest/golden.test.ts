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
import { macroF1 } from './synthetic';

/**
 * scikit-learn's macro-F1 on the same split, measured once with
 *   /usr/bin/python3 sklearn_peer.py train.csv test.csv
 * (the scikit-learn peer in the project's shared folder, docs/ARCHITECTURE.md, Tests)
 * (scikit-learn 1.2.1, RandomForestClassifier(n_estimators=200, max_depth=15,
 * max_features='sqrt', max_samples=0.632, random_state=0); train.csv = golden rows
 * with datetime <= 2015-02-22 00:00:00 (1040 rows), test.csv = rows after
 * 2015-03-01 00:00:00 (630 rows)). Output: macro_f1 0.277 (labels comp1, comp2,
 * comp4, none; random_state 1 also 0.277, random_state 2 gave 0.2384).
 */
const SKLEARN_MACRO_F1 = 0.277;

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

  it('forest: macro-F1 not below scikit-learn by more than 0.05, and survives a round trip', async () => {
    const model = await getLearner('forest').train(data, tr.label, nC, { seed: 0 });
    const proba = model.predictProba(te.values, te.rows);
    const f1 = macroF1(te.label, argmaxRows(proba, nC), nC);
    console.info(
      `forest macro-F1 on the golden split: ${f1.toFixed(4)} (scikit-learn ${SKLEARN_MACRO_F1})`,
    );
    expect(f1).toBeGreaterThanOrEqual(SKLEARN_MACRO_F1 - 0.05);
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
