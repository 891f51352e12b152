import { describe, expect, it } from 'vitest';
import {
  applyCalibration,
  calibrationProblem,
  fitCalibration,
  fitClassCalibration,
  interpolate,
  MAX_KNOTS,
  poolAdjacentViolators,
} from '../../../workers/model/calibration';

describe('pool adjacent violators', () => {
  it('gives scikit-learn IsotonicRegression values, equal x pooled first', () => {
    // sklearn: X_thresholds_ [0.1 0.2 0.3 0.5 0.6 0.7 0.9], y [0 1/3 1/3 0.5 0.5 1 1]
    const b = poolAdjacentViolators(
      [0.1, 0.2, 0.2, 0.3, 0.5, 0.6, 0.7, 0.9],
      [0, 1, 0, 0, 1, 0, 1, 1],
    );
    expect(b.map((x) => x.y)).toEqual([0, 1 / 3, 0.5, 1]);
    expect(b.map((x) => x.w)).toEqual([1, 3, 2, 2]);
    expect(b[1].x).toBeCloseTo(0.7 / 3, 12);
    expect(b[2].x).toBeCloseTo(0.55, 12);
    expect(b[3].x).toBeCloseTo(0.8, 12);
  });

  it('makes a strictly increasing map on [0, 1] that keeps every ranking', () => {
    const c = fitClassCalibration(
      [0.1, 0.2, 0.2, 0.3, 0.5, 0.6, 0.7, 0.9],
      [0, 1, 0, 0, 1, 0, 1, 1],
    );
    expect(c.x[0]).toBe(0);
    expect(c.x[c.x.length - 1]).toBe(1);
    for (let i = 1; i < c.x.length; i++) {
      expect(c.x[i]).toBeGreaterThan(c.x[i - 1]);
      expect(c.y[i]).toBeGreaterThan(c.y[i - 1]);
    }
    // flat parts of the isotonic fit (below its first block, between blocks) still rise
    const ps = [0, 0.01, 0.05, 0.1, 0.2, 0.21, 0.3, 0.55, 0.56, 0.9, 0.95, 1];
    const out = ps.map((p) => interpolate(p, c));
    for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThan(out[i - 1]);
    // and stays close to the isotonic values at the block centres
    expect(interpolate(0.55, c)).toBeCloseTo(0.5, 2);
    expect(interpolate(0.8, c)).toBeCloseTo(1, 2);
  });

  it('handles a class that never occurs and a class always predicted 0', () => {
    const none = fitClassCalibration([0.1, 0.2, 0.3], [0, 0, 0]);
    expect(interpolate(0.3, none)).toBeLessThan(0.01);
    expect(interpolate(0.3, none)).toBeGreaterThan(interpolate(0.2, none));
    const zeros = fitClassCalibration([0, 0, 0], [0, 1, 0]);
    expect(zeros.x[0]).toBe(0);
    expect(interpolate(0, zeros)).toBeCloseTo(1 / 3, 3);
    expect(
      calibrationProblem({ method: 'isotonic-oob', rows: 3, classes: { a: none, b: zeros } }),
    ).toBeNull();
  });

  it('keeps at most MAX_KNOTS points per class', () => {
    const n = 5000;
    const p = Array.from({ length: n }, (_, i) => i / n);
    const y = p.map((x, i) => (((i * 7919) % 1000) / 1000 < x ? 1 : 0));
    const c = fitClassCalibration(p, y);
    expect(c.x.length).toBeLessThanOrEqual(MAX_KNOTS);
    for (let i = 1; i < c.y.length; i++) expect(c.y[i]).toBeGreaterThan(c.y[i - 1]);
  });
});

describe('calibration of a model', () => {
  /** A miscalibrated classifier: it says p, the truth happens with probability p^2. */
  function sample(n: number, seed: number) {
    let s = seed;
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
    const proba = new Float64Array(n * 2);
    const label = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const p = rnd();
      proba[r * 2 + 1] = p;
      proba[r * 2] = 1 - p;
      label[r] = rnd() < p * p ? 1 : 0;
    }
    return { proba, label };
  }

  it('brings a miscalibrated model close to the diagonal on held-out rows', () => {
    const fit = sample(20000, 1);
    const cal = fitCalibration(fit.proba, fit.label, ['none', 'comp1']);
    const test = sample(20000, 2);
    const after = applyCalibration(cal, test.proba, ['none', 'comp1']);
    const ece = (risk: Float64Array) => {
      const n = new Float64Array(10);
      const sp = new Float64Array(10);
      const sy = new Float64Array(10);
      for (let r = 0; r < test.label.length; r++) {
        const p = risk[r * 2 + 1];
        const b = Math.min(9, Math.floor(p * 10));
        n[b]++;
        sp[b] += p;
        sy[b] += test.label[r];
      }
      let e = 0;
      for (let b = 0; b < 10; b++) e += Math.abs(sp[b] - sy[b]);
      return e / test.label.length;
    };
    expect(ece(test.proba)).toBeGreaterThan(0.1);
    expect(ece(after)).toBeLessThan(0.02);
    // the ranking of the rows is the same
    const order = (a: Float64Array) =>
      Array.from({ length: test.label.length }, (_, i) => i).sort(
        (x, y) => a[x * 2 + 1] - a[y * 2 + 1] || x - y,
      );
    expect(order(after)).toEqual(order(test.proba));
  });

  it('leaves out rows without held-out trees, and old models unchanged', () => {
    const proba = Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.5, 0.5]);
    const cal = fitCalibration(proba, [0, 1, 1], ['none', 'comp1'], [3, 2, 0]);
    expect(cal.rows).toBe(2);
    expect(applyCalibration(undefined, proba, ['none', 'comp1'])).toBe(proba);
  });

  it('refuses damaged tables', () => {
    expect(calibrationProblem(undefined)).toBeNull();
    expect(calibrationProblem({ method: 'platt', rows: 1, classes: {} })).toMatch(/method/);
    expect(
      calibrationProblem({
        method: 'isotonic-oob',
        rows: 1,
        classes: { a: { x: [0, 0.5], y: [0.2, 0.1] } },
      }),
    ).toMatch(/strictly increasing/);
    expect(
      calibrationProblem({
        method: 'isotonic-oob',
        rows: 1,
        classes: { a: { x: [0, 2], y: [0, 1] } },
      }),
    ).toMatch(/a is not/);
  });
});
