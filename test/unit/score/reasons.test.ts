import { describe, expect, it } from 'vitest';
import {
  readReasons,
  readUsualValues,
  storeReasons,
  toReason,
  usualValues,
  type UsualValues,
} from '../../../workers/score/reasons';
import type { FeatureSet } from '../../../workers/shared/types';

/** A feature set of `rows` rows from per-column value functions. */
function featureSet(rows: number, cols: Record<string, (r: number) => number>): FeatureSet {
  const names = Object.keys(cols);
  const values = new Float64Array(rows * names.length);
  for (let r = 0; r < rows; r++)
    names.forEach((n, f) => (values[r * names.length + f] = cols[n](r)));
  return {
    featureNames: names,
    rows,
    machineId: new Int32Array(rows),
    machineNames: new Map(),
    t: new Float64Array(rows),
    values,
    labelNames: ['none'],
    label: new Int32Array(rows),
  };
}

describe('usual values of the training rows', () => {
  // 40 rows of type A (vibration 10 or 20), 40 of type B (vibration 100 or 120), 4 of C.
  const fs = featureSet(84, {
    vibration_mean_24: (r) => (r < 40 ? (r % 2 ? 20 : 10) : r < 80 ? (r % 2 ? 120 : 100) : 50),
    error1_count_24: (r) => (r % 10 === 0 ? 3 : 0),
    comp1_days_since_replace: (r) => (r % 4 === 0 ? -1 : r),
    age: (r) => (r === 5 ? NaN : 7),
    model_A: (r) => (r < 40 ? 1 : 0),
    model_B: (r) => (r >= 40 && r < 80 ? 1 : 0),
    model_C: (r) => (r >= 80 ? 1 : 0),
  });
  const u = usualValues(fs);

  it('gives mean, standard deviation and quartiles per feature over the fleet', () => {
    expect(u.fleet.error1_count_24).toMatchObject({ median: 0, q1: 0, q3: 0, n: 84 });
    expect(u.fleet.error1_count_24.mean).toBeCloseTo((9 * 3) / 84, 5);
    expect(u.fleet.age).toMatchObject({ mean: 7, sd: 0, median: 7, n: 83 });
    expect(u.fleet.model_A).toBeUndefined();
  });

  it('leaves "none on record" (-1) out of days since replacement', () => {
    const days = Array.from({ length: 84 }, (_, r) => r).filter((r) => r % 4 !== 0);
    expect(u.fleet.comp1_days_since_replace.n).toBe(days.length);
    expect(u.fleet.comp1_days_since_replace.median).toBe(days[Math.floor(days.length / 2)]);
  });

  it('keeps window features per machine type with enough rows', () => {
    expect(u.byType.A.vibration_mean_24).toMatchObject({ mean: 15, median: 15, n: 40 });
    expect(u.byType.A.vibration_mean_24.sd).toBeCloseTo(5.064, 3);
    expect(u.byType.B.vibration_mean_24.mean).toBe(110);
    expect(u.byType.C).toBeUndefined(); // 4 rows are too few to say what is usual
    expect(u.byType.A.error1_count_24).toBeUndefined();
  });

  it('comes back from the model record as stored, and not at all from older models', () => {
    const again = readUsualValues(JSON.parse(JSON.stringify({ trainRows: 1, usual: u })));
    expect(again).toEqual(u);
    expect(readUsualValues({ trainRows: 1, importances: [] })).toBeNull();
    expect(readUsualValues(null)).toBeNull();
  });
});

describe('a stored reason with what is usual', () => {
  const usual: UsualValues = {
    fleet: {
      vibration_mean_24: { mean: 41.234, sd: 6.01, median: 40, q1: 37, q3: 45, n: 900 },
      error3_count_24: { mean: 0.2, sd: 0.5, median: 0, q1: 0, q3: 0, n: 900 },
      comp2_days_since_replace: { mean: 70, sd: 40, median: 60.4, q1: 30, q3: 95, n: 800 },
      age: { mean: 11, sd: 5, median: 10, q1: 7, q3: 15, n: 900 },
    },
    byType: {
      model3: {
        vibration_mean_24: { mean: 40, sd: 5, median: 40, q1: 36, q3: 44, n: 300 },
      },
    },
  };

  it('compares a window feature with its machine type, else with the fleet', () => {
    expect(toReason(['vibration_mean_24', 0.2, 52.123], usual, 'model3')).toEqual({
      feature: 'vibration_mean_24',
      contribution: 0.2,
      value: 52.1,
      usual: { scope: 'type', type: 'model3', center: 40, spread: 5 },
      direction: 'high',
      digits: 1,
    });
    const fleet = toReason(['vibration_mean_24', 0.2, 33], usual, 'model9');
    expect(fleet.usual).toEqual({ scope: 'fleet', center: 41.2, spread: 6 });
    expect(fleet.direction).toBe('low');
    expect(toReason(['vibration_mean_24', 0.2, 44], usual, 'model3').direction).toBe('usual');
  });

  it('compares counts, days and age with the fleet median', () => {
    const e = toReason(['error3_count_24', 0.1, 4], usual, 'model3');
    expect(e).toMatchObject({
      value: 4,
      usual: { scope: 'fleet', center: 0 },
      direction: 'high',
      digits: 0,
    });
    const d = toReason(['comp2_days_since_replace', 0.1, 292.4], usual, 'model3');
    expect(d).toMatchObject({ value: 292, usual: { center: 60, spread: null }, direction: 'high' });
    expect(toReason(['age', 0.1, 3], usual, '').direction).toBe('low');
  });

  it('says nothing is usual about "none on record" or "not in the machine list"', () => {
    expect(toReason(['comp2_days_since_replace', 0.1, -1], usual, 'model3')).toMatchObject({
      value: -1,
      usual: null,
      direction: null,
    });
    expect(toReason(['age', 0.1, -1], usual, '')).toMatchObject({ value: -1, usual: null });
  });

  it('shows the value alone for models without usual values', () => {
    expect(toReason(['vibration_mean_24', 0.2, 52.123], null, 'model3')).toMatchObject({
      value: 52.1,
      usual: null,
      direction: null,
    });
  });

  it('reads runs stored before values were kept, and skips damaged entries', () => {
    expect(readReasons('[["volt_mean_24",0.031]]', usual, 'model3')).toEqual([
      {
        feature: 'volt_mean_24',
        contribution: 0.031,
        value: null,
        usual: null,
        direction: null,
        digits: 0,
      },
    ]);
    expect(readReasons('not json', usual, '')).toEqual([]);
    expect(readReasons('[[1,2],["age",0.1,12]]', usual, '')).toHaveLength(1);
  });

  it('stores feature, contribution and value; a missing reading as null', () => {
    const json = storeReasons([
      ['vibration_mean_24', 0.123456, 52.1234567],
      ['volt_mean_24', 0.01, NaN],
    ]);
    expect(JSON.parse(json)).toEqual([
      ['vibration_mean_24', 0.1235, 52.1235],
      ['volt_mean_24', 0.01, null],
    ]);
    expect(readReasons(json, usual, 'model3')[1]).toMatchObject({ value: null });
  });
});
