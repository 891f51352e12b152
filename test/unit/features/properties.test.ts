/**
 * Properties of the build: the horizon changes only labels; a range and machine subset
 * equal the corresponding rows of the full build; labels can be left out; split,
 * subset, summary and CSV helpers behave as documented.
 */
import { describe, expect, it } from 'vitest';
import {
  buildFeatures,
  cadenceWithHorizon,
  defaultTrainCutoff,
  featureSchema,
  featureSummary,
  parseMachineList,
  resolveMachineList,
  subsetRows,
  temporalSplit,
  writeFeaturesCsv,
} from '../../../workers/features';
import { CancelledError, type FeatureSet } from '../../../workers/shared/types';
import { BASE, randomPlant, storeWith } from './fixtures';

const DAY = 86400;

function rowsOf(fs: FeatureSet): Map<string, { v: number[]; l: number }> {
  const F = fs.featureNames.length;
  const m = new Map<string, { v: number[]; l: number }>();
  for (let r = 0; r < fs.rows; r++) {
    m.set(`${fs.machineId[r]}@${fs.t[r]}`, {
      v: Array.from(fs.values.subarray(r * F, (r + 1) * F)),
      l: fs.label[r],
    });
  }
  return m;
}

describe('feature build properties', async () => {
  const p = randomPlant(11, 5, 14);
  const store = await storeWith(p);
  const full = buildFeatures(store);

  it('changing the horizon changes only labels', () => {
    const short = buildFeatures(store, { cadence: cadenceWithHorizon(store, 1.5) });
    expect(short.featureNames).toEqual(full.featureNames);
    expect(Array.from(short.t)).toEqual(Array.from(full.t));
    expect(Array.from(short.machineId)).toEqual(Array.from(full.machineId));
    expect(short.values).toEqual(full.values);
    expect(Array.from(short.label)).not.toEqual(Array.from(full.label));
  });

  it('a range and machine subset equal the corresponding rows of the full build', () => {
    const from = BASE + 5 * DAY + 7 * 3600;
    const to = BASE + 11 * DAY;
    const part = buildFeatures(store, { from, to, machines: [4, 1, 99] });
    const all = rowsOf(full);
    const want = [...all.keys()].filter((k) => {
      const [m, t] = k.split('@').map(Number);
      return (m === 1 || m === 4) && t >= from && t <= to;
    });
    expect(part.rows).toBe(want.length);
    expect(part.rows).toBeGreaterThan(0);
    for (const [k, row] of rowsOf(part)) expect(row).toEqual(all.get(k));
  });

  it('labels: false gives -1 labels and the same values', () => {
    const nl = buildFeatures(store, { labels: false });
    expect(nl.values).toEqual(full.values);
    expect(nl.label.every((l) => l === -1)).toBe(true);
  });

  it('featureSchema matches the build', () => {
    const s = featureSchema(store);
    expect(s.featureNames).toEqual(full.featureNames);
    expect(s.labelNames).toEqual(['none', 'comp1', 'comp2', 'comp3']);
    expect(s.sensors.map((x) => x.name)).toEqual(['volt', 'rotate', 'temp']);
  });

  it('reports progress and honours cancellation', () => {
    const seen: number[] = [];
    buildFeatures(store, { onProgress: (pr) => seen.push(pr.done) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const ac = new AbortController();
    expect(() =>
      buildFeatures(store, {
        signal: ac.signal,
        onProgress: (pr) => pr.done === 2 && ac.abort(),
      }),
    ).toThrow(CancelledError);
  });

  it('validates options', () => {
    expect(() => buildFeatures(store, { cadence: cadenceWithHorizon(store, 0) })).toThrow(
      /horizon/,
    );
    expect(() => buildFeatures(store, { from: 10, to: 5 })).toThrow(/from/);
    expect(() => buildFeatures(store, { machines: [1.5] })).toThrow(/machines/);
  });

  it('temporalSplit trains on T <= trainTo - H and tests after trainTo', () => {
    const trainTo = BASE + 10 * DAY;
    const s = temporalSplit(full, trainTo, 2 * DAY);
    expect(s.train.rows).toBeGreaterThan(0);
    expect(s.test.rows).toBeGreaterThan(0);
    expect(Array.from(s.train.t).every((t) => t <= trainTo - 2 * DAY)).toBe(true);
    expect(Array.from(s.test.t).every((t) => t > trainTo)).toBe(true);
    const gap = Array.from(full.t).filter((t) => t > trainTo - 2 * DAY && t <= trainTo).length;
    expect(s.train.rows + s.test.rows + gap).toBe(full.rows);
    const withEnd = temporalSplit(full, trainTo, 2 * DAY, trainTo + DAY);
    expect(Array.from(withEnd.test.t).every((t) => t <= trainTo + DAY)).toBe(true);
    expect(() => temporalSplit(full, trainTo, -1)).toThrow(/horizonSeconds/);
  });

  it('defaultTrainCutoff is three quarters through, floored to a UTC day', () => {
    const from = Date.UTC(2015, 0, 1, 6) / 1000;
    expect(defaultTrainCutoff(from, from + 100 * DAY)).toBe(Date.UTC(2015, 2, 17) / 1000);
    expect(defaultTrainCutoff(from, from + 4 * DAY) % DAY).toBe(0);
    expect(defaultTrainCutoff(from, from + 4 * DAY)).toBe(Date.UTC(2015, 0, 4) / 1000);
  });

  it('subsetRows copies the chosen rows', () => {
    const sub = subsetRows(full, [3, 0]);
    const F = full.featureNames.length;
    expect(sub.rows).toBe(2);
    expect(Array.from(sub.values.subarray(0, F))).toEqual(
      Array.from(full.values.subarray(3 * F, 4 * F)),
    );
    expect(sub.t[1]).toBe(full.t[0]);
    expect(() => subsetRows(full, [full.rows])).toThrow(/rows\[0\]/);
  });

  it('featureSummary computes count, mean, std, min, max and mean by label', () => {
    const s = featureSummary(full);
    const F = full.featureNames.length;
    const f = full.featureNames.indexOf('age');
    const ages = Array.from({ length: full.rows }, (_, r) => full.values[r * F + f]).filter(
      (v) => !Number.isNaN(v),
    );
    const mean = ages.reduce((a, b) => a + b, 0) / ages.length;
    const sd = Math.sqrt(ages.reduce((a, b) => a + (b - mean) ** 2, 0) / (ages.length - 1));
    const st = s.features[f];
    expect(st.count).toBe(ages.length);
    expect(st.mean).toBeCloseTo(mean, 9);
    expect(st.std).toBeCloseTo(sd, 9);
    expect(st.min).toBe(Math.min(...ages));
    expect(st.max).toBe(Math.max(...ages));
    expect(s.labelCounts.reduce((a, b) => a + b, 0)).toBe(full.rows);
    const none = Array.from({ length: full.rows }, (_, r) => r).filter(
      (r) => full.label[r] === 0 && !Number.isNaN(full.values[r * F + f]),
    );
    expect(st.meanByLabel[0]).toBeCloseTo(
      none.reduce((a, r) => a + full.values[r * F + f], 0) / none.length,
      9,
    );
    expect(s.machines).toBe(5);
  });

  it('writes NaN as an empty field and quotes names that need it', () => {
    const fs: FeatureSet = {
      featureNames: ['a,b', 'c'],
      rows: 2,
      machineId: Int32Array.of(7, 1_000_000_000),
      machineNames: new Map([
        [7, '7'],
        [1_000_000_000, 'Pump 3, "east"'],
      ]),
      t: Float64Array.of(BASE + 12 * 3600, BASE),
      values: Float64Array.of(NaN, 0.1 + 0.2, 1, 2),
      labelNames: ['none'],
      label: Int32Array.of(-1, 0),
    };
    let out = '';
    writeFeaturesCsv(fs, (c) => (out += c));
    expect(out).toBe(
      'machineID,datetime,"a,b",c,label\n7,2015-01-01 12:00:00,,0.30000000000000004,\n' +
        '"Pump 3, ""east""",2015-01-01 00:00:00,1,2,none\n',
    );
  });
});

describe('parseMachineList', () => {
  it('parses ranges and text ids; a tag with a dash is an id', () => {
    expect(parseMachineList('1-3, 42,2, P-101A,Pump 3')).toEqual({
      ids: ['42', '2', 'P-101A', 'Pump 3'],
      ranges: [[1, 3]],
    });
  });
  it('names the bad part', () => {
    expect(() => parseMachineList('5-2')).toThrow(/'5-2'/);
    expect(() => parseMachineList('')).toThrow(/machines/);
    expect(() => parseMachineList('1,,2')).toThrow(/empty/);
  });
  it('resolves to keys in machine order and names unknown ids', () => {
    const names = new Map([
      [10, '10'],
      [2, '2'],
      [1_000_000_000, 'P-101A'],
      [1_000_000_001, 'M001'],
    ]);
    const sel = parseMachineList('P-101A,1-10,M001,X9');
    expect(resolveMachineList(sel, names)).toEqual({
      keys: [2, 10, 1_000_000_001, 1_000_000_000],
      unknown: ['X9'],
    });
  });
});
