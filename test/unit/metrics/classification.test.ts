import { describe, expect, it } from 'vitest';
import { argmaxRows, evaluate } from '../../../workers/metrics/classification';

describe('evaluate', () => {
  const labels = ['none', 'comp1', 'comp2'];
  // truth:     none none none comp1 comp1 comp2 comp2
  // predicted: none comp1 none comp1 none comp1 comp2
  const truth = [0, 0, 0, 1, 1, 2, 2];
  const pred = [0, 1, 0, 1, 0, 1, 2];
  const e = evaluate(truth, pred, labels);

  it('builds the confusion matrix with true labels as rows', () => {
    expect(e.confusion).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [0, 1, 1],
    ]);
    expect(e.rows).toBe(7);
    expect(e.accuracy).toBeCloseTo(4 / 7, 12);
  });

  it('computes per-class precision, recall and F1 and their macro mean', () => {
    const [none, c1, c2] = e.perClass;
    expect(none.precision).toBeCloseTo(2 / 3, 12);
    expect(none.recall).toBeCloseTo(2 / 3, 12);
    expect(c1.precision).toBeCloseTo(1 / 3, 12);
    expect(c1.recall).toBeCloseTo(1 / 2, 12);
    expect(c1.f1).toBeCloseTo((2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2), 12);
    expect(c2.precision).toBe(1);
    expect(c2.recall).toBe(0.5);
    expect(e.macroF1).toBeCloseTo((none.f1 + c1.f1 + c2.f1) / 3, 12);
  });

  it('pools failures like the reference: wrong component = false positive, none = false negative', () => {
    // failure-class predictions: col comp1 = 3 (1 right), col comp2 = 1 (1 right) -> tp 2, fp 2
    // failures predicted as none: 1 -> fn 1
    expect(e.failurePrecision).toBeCloseTo(2 / 4, 12);
    expect(e.failureRecall).toBeCloseTo(2 / 3, 12);
    expect(e.failureF1).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3), 12);
  });

  it('ignores rows without a known label and rejects bad indices', () => {
    expect(evaluate([-1, 0], [2, 0], labels).rows).toBe(1);
    expect(() => evaluate([0], [3], labels)).toThrow(RangeError);
    expect(() => evaluate([0, 1], [0], labels)).toThrow(/rows/);
  });

  it('argmaxRows picks the most probable class per row', () => {
    expect(Array.from(argmaxRows([0.1, 0.7, 0.2, 0.5, 0.2, 0.3], 2, 3))).toEqual([1, 0]);
  });
});
