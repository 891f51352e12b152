import { describe, expect, it } from 'vitest';
import { failureSummary } from '../../../renderer/components/model-summary';

describe('the model headline from the confusion matrix', () => {
  const labels = ['none', 'comp1', 'comp2'];

  it('pools failures of any component and names components never caught', () => {
    // Rows actual, columns predicted.
    const s = failureSummary(labels, [
      [90, 3, 1], // 4 false alarms
      [2, 6, 0], // comp1: 6 caught, 2 missed
      [1, 3, 0], // comp2: never right, but 3 flagged (as comp1): a failure was flagged
    ])!;
    expect(s.failures).toBe(12);
    expect(s.recall).toBeCloseTo(9 / 12, 10);
    expect(s.precision).toBeCloseTo(9 / 13, 10);
    expect(s.missed).toEqual(['comp2']);
  });

  it('a model that never predicts a failure has recall 0 however accurate it is', () => {
    const s = failureSummary(labels, [
      [950, 0, 0],
      [30, 0, 0],
      [20, 0, 0],
    ])!;
    expect(s.recall).toBe(0);
    expect(s.precision).toBeNaN();
    expect(s.missed).toEqual(['comp1', 'comp2']);
  });

  it('needs a none class and a matrix that fits the labels', () => {
    expect(
      failureSummary(
        ['a', 'b'],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    ).toBeNull();
    expect(failureSummary(labels, [[1, 0, 0]])).toBeNull();
  });
});
