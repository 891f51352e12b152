import { describe, expect, it } from 'vitest';
import { binFeatures, binOf, quantileThresholds } from '../../../workers/forest/bin-features';

describe('binFeatures', () => {
  it('uses midpoints between distinct values when there are few', () => {
    expect(Array.from(quantileThresholds(Float64Array.from([0, 1, 1, 0, 1]), 32))).toEqual([0.5]);
    expect(Array.from(quantileThresholds(Float64Array.from([3, 1, 2]), 32))).toEqual([1.5, 2.5]);
    expect(quantileThresholds(Float64Array.from([7, 7, 7]), 32).length).toBe(0);
  });

  it('cuts at quantiles into at most maxBins roughly equal bins', () => {
    const n = 1000;
    const col = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n); // a permutation of 0..999
    const t = quantileThresholds(col, 32);
    expect(t.length).toBe(31);
    const counts = new Array(32).fill(0);
    for (const v of col) counts[binOf(t, v)]++;
    for (const c of counts) {
      expect(c).toBeGreaterThanOrEqual(30);
      expect(c).toBeLessThanOrEqual(33);
    }
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
  });

  it('stores bins column-major and sends NaN to bin 0 (missing goes left)', () => {
    // rows x 2 features, row-major
    const X = Float64Array.from([1, 10, 2, NaN, 3, 30, NaN, 20]);
    const b = binFeatures(X, 4, 2, 4);
    expect(Array.from(b.thresholds[0])).toEqual([1.5, 2.5]);
    expect(Array.from(b.thresholds[1])).toEqual([15, 25]);
    expect(Array.from(b.binned)).toEqual([0, 1, 2, 0, 0, 0, 2, 1]);
    // a split "bin <= 0" is the real-valued test x <= thresholds[f][0]
    expect(binOf(b.thresholds[0], 1.5)).toBe(0);
    expect(binOf(b.thresholds[0], 1.5000001)).toBe(1);
  });

  it('validates its arguments', () => {
    expect(() => binFeatures(new Float64Array(4), 2, 2, 1)).toThrow(
      'maxBins must be an integer in 2..256, got 1',
    );
    expect(() => binFeatures(new Float64Array(3), 2, 2)).toThrow(
      'X has 3 values, expected rows x nFeatures = 4',
    );
  });
});
