import { describe, expect, it } from 'vitest';
import {
  combineStrength,
  countZ,
  medianInPlace,
  normalQuantile,
  poissonUpperTail,
  robustCenterSpread,
  robustZ,
  scoreLevel,
  SortedWindow,
  strengthScore,
  Z_CAP,
} from '../../../workers/health/robust';
import { SimRng } from '../../../workers/simulate/prng';

function sortedMedian(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

describe('robust statistics', () => {
  it('median and 1.4826 x MAD agree with sorting, ties and even counts included', () => {
    const rng = new SimRng(3);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(70);
      // Half-unit values make many ties.
      const v = Array.from({ length: n }, () => Math.round(rng.next() * 20) / 2);
      const med = sortedMedian(v);
      const mad = 1.4826 * sortedMedian(v.map((x) => Math.abs(x - med)));
      expect(medianInPlace(Float64Array.from(v), n)).toBe(med);
      const r = robustCenterSpread(Float64Array.from(v), n);
      expect(r.center).toBe(med);
      expect(r.spread).toBeCloseTo(mad, 12);
      // The sliding window gives the same after values came and went.
      const w = new SortedWindow(80);
      for (const x of [99, -5, 3.5]) w.add(x);
      for (const x of v) w.add(x);
      w.add(NaN); // missing values never enter
      for (const x of [99, -5, 3.5]) w.remove(x);
      expect(w.n).toBe(n);
      expect(w.median()).toBe(med);
      expect(w.spread()).toBeCloseTo(mad, 12);
    }
  });

  it('is robust: one wild value barely moves the centre and spread', () => {
    const v = Float64Array.from([10, 11, 9, 10.5, 9.5, 10.2, 9.8, 1e6]);
    const r = robustCenterSpread(v, v.length);
    expect(r.center).toBeCloseTo(10.1, 6);
    expect(r.spread).toBeLessThan(1);
  });

  it('z-scores are signed and capped; a flat baseline still counts a change', () => {
    expect(robustZ(13, 10, 1)).toBe(3);
    expect(robustZ(7, 10, 1)).toBe(-3);
    expect(robustZ(1000, 10, 1)).toBe(Z_CAP);
    expect(robustZ(10, 10, 0)).toBe(0);
    expect(robustZ(10.5, 10, 0)).toBe(Z_CAP);
  });

  it('counts: the Poisson tail as a normal quantile, only above what is usual', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.00135)).toBeCloseTo(-3.0, 2);
    expect(poissonUpperTail(0, 0.5)).toBe(1);
    expect(poissonUpperTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 12);
    expect(poissonUpperTail(3, 0.1)).toBeCloseTo(1.5465e-4, 7);
    expect(countZ(0, 0.1)).toBe(0);
    expect(countZ(1, 2)).toBe(0); // fewer than usual is not a warning sign
    // One error where 0.03 are usual is unusual but not alarming; two are.
    const one = countZ(1, 0.03);
    const two = countZ(2, 0.03);
    expect(one).toBeGreaterThan(1.5);
    expect(one).toBeLessThan(2.5);
    expect(two).toBeGreaterThan(3);
    expect(countZ(20, 0.01)).toBe(Z_CAP);
  });

  it('combines the strongest three with falling weights into a 0..100 score', () => {
    expect(combineStrength([])).toBe(0);
    expect(combineStrength([3])).toBe(3);
    expect(combineStrength([1, 4, 2, 0.5])).toBe(4 + 1 + 0.25);
    // One 3-sigma signal scores 50; more agreeing signals score higher, never 100.
    expect(strengthScore(3)).toBe(50);
    expect(strengthScore(0)).toBe(0);
    expect(strengthScore(4)).toBe(64);
    expect(strengthScore(6 * 1.75)).toBeLessThan(100);
    expect(scoreLevel(64)).toBe('unusual');
    expect(scoreLevel(63.9)).toBe('watch');
    expect(scoreLevel(41)).toBe('watch');
    expect(scoreLevel(40.9)).toBe('normal');
  });
});
