/**
 * The fast path (blocks merged per window, pointer sweeps over events) against a
 * brute-force oracle written independently here: for every observation time T, a
 * direct loop over all readings and events, on seeded random plants with gaps, lone
 * readings, missing values, quiet machines, simultaneous failures and failures on
 * 12 h boundaries, with ranges that start and end mid-history, at the default cadence
 * and at others (daily grid, windows shorter than the step, windows out of order).
 */
import { describe, expect, it } from 'vitest';
import { buildFeatures, cadenceWithHorizon } from '../../../workers/features';
import type { FeatureSet } from '../../../workers/shared/types';
import { BASE, randomPlant, storeWith, type PlantRows } from './fixtures';
import { DEFAULT_CADENCE, windowSuffix, type Cadence } from '../../../workers/shared/cadence';

const H12 = 12 * 3600;

interface OracleRow {
  m: number;
  T: number;
  values: number[];
  label: string;
}

function oracle(
  p: PlantRows,
  o: { from?: number; to?: number; machines?: number[]; horizonDays?: number },
  cadence: Cadence = DEFAULT_CADENCE,
): { names: string[]; rows: OracleRow[] } {
  const S = cadence.stepSeconds;
  const E = cadence.eventWindowSeconds;
  const errorTypes = [...new Set(p.errors.map((e) => e[2]))].sort();
  const comps = [...new Set([...p.maint.map((e) => e[2]), ...p.failures.map((e) => e[2])])].sort();
  const models = [...new Set(p.machines.map((e) => e[1]))].sort();
  const names: string[] = [];
  for (const w of cadence.windowSeconds)
    for (const s of p.sensors)
      names.push(`${s}_mean_${windowSuffix(w)}`, `${s}_std_${windowSuffix(w)}`);
  for (const e of errorTypes) names.push(`${e}_count_${windowSuffix(E)}`);
  for (const c of comps) names.push(`${c}_days_since_replace`);
  names.push('age', ...models.map((m) => `model_${m}`));
  const H =
    o.horizonDays === undefined ? cadence.horizonSeconds : Math.round(o.horizonDays * 86400);
  const ids = [...new Set(p.telemetry.map((r) => r[0] as number))].sort((a, b) => a - b);
  const rows: OracleRow[] = [];
  for (const m of ids) {
    if (o.machines && !o.machines.includes(m)) continue;
    const tel = p.telemetry.filter((r) => r[0] === m);
    const times = tel.map((r) => r[1] as number);
    const tmin = Math.min(...times);
    const tmax = Math.max(...times);
    for (let T = Math.floor(tmin / S) * S; T <= tmax + S; T += S) {
      if (!times.some((t) => T - S < t && t <= T)) continue;
      if (o.from !== undefined && T < o.from) continue;
      if (o.to !== undefined && T > o.to) continue;
      const values: number[] = [];
      for (const w of cadence.windowSeconds) {
        for (let s = 0; s < p.sensors.length; s++) {
          const xs = tel
            .filter((r) => T - w < (r[1] as number) && (r[1] as number) <= T)
            .map((r) => r[2 + s])
            .filter((v): v is number => v !== null);
          if (xs.length === 0) {
            values.push(NaN, NaN);
            continue;
          }
          const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
          const ss = xs.reduce((a, b) => a + (b - mean) * (b - mean), 0);
          values.push(mean, xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0);
        }
      }
      for (const e of errorTypes) {
        values.push(
          p.errors.filter((r) => r[0] === m && r[2] === e && T - E < r[1] && r[1] <= T).length,
        );
      }
      for (const c of comps) {
        const past = p.maint.filter((r) => r[0] === m && r[2] === c && r[1] <= T).map((r) => r[1]);
        values.push(past.length ? (T - Math.max(...past)) / 86400 : -1);
      }
      const mac = p.machines.find((r) => r[0] === m);
      values.push(mac ? mac[2] : -1); // not in the machine list: age -1, no model
      for (const md of models) values.push(mac && mac[1] === md ? 1 : 0);
      const fut = p.failures.filter((r) => r[0] === m && T < r[1] && r[1] <= T + H);
      let label = 'none';
      if (fut.length) {
        const first = Math.min(...fut.map((r) => r[1]));
        label = fut
          .filter((r) => r[1] === first)
          .map((r) => r[2])
          .sort()[0];
      }
      rows.push({ m, T, values, label });
    }
  }
  return { names, rows };
}

function same(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function expectMatches(fs: FeatureSet, want: ReturnType<typeof oracle>): void {
  expect(fs.featureNames).toEqual(want.names);
  expect(fs.rows).toBe(want.rows.length);
  const F = fs.featureNames.length;
  const bad: string[] = [];
  want.rows.forEach((w, r) => {
    if (fs.machineId[r] !== w.m || fs.t[r] !== w.T)
      bad.push(`row ${r}: key ${fs.machineId[r]}@${fs.t[r]} vs ${w.m}@${w.T}`);
    if (fs.labelNames[fs.label[r]] !== w.label)
      bad.push(`row ${r}: label ${fs.labelNames[fs.label[r]]} vs ${w.label}`);
    for (let f = 0; f < F; f++) {
      const v = fs.values[r * F + f];
      if (!same(v, w.values[f]))
        bad.push(`row ${r} (${w.m}@${w.T}) ${fs.featureNames[f]}: ${v} vs ${w.values[f]}`);
    }
  });
  expect(bad.slice(0, 5)).toEqual([]);
}

describe('fast path equals the brute-force oracle', () => {
  const day = 86400;
  const cases: { name: string; o: Parameters<typeof oracle>[1] }[] = [
    { name: 'whole history', o: {} },
    {
      name: 'range starting and ending mid-history',
      o: { from: BASE + 4 * day + 5 * 3600, to: BASE + 9 * day + 1 },
    },
    {
      name: 'range on boundaries, machine subset',
      o: { from: BASE + 3 * day, to: BASE + 8 * day + H12, machines: [1, 3] },
    },
    { name: 'short horizon', o: { horizonDays: 0.5 } },
    { name: 'fractional horizon, late start', o: { horizonDays: 2.25, from: BASE + 10 * day } },
  ];
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}`, async () => {
      const p = randomPlant(seed);
      const store = await storeWith(p);
      try {
        for (const c of cases) {
          const { horizonDays, ...range } = c.o;
          const fs = buildFeatures(store, {
            ...range,
            cadence: cadenceWithHorizon(store, horizonDays),
          });
          expectMatches(fs, oracle(p, c.o));
        }
      } finally {
        store.close();
      }
    });
  }

  const cadences: { name: string; c: Cadence }[] = [
    {
      name: 'daily grid, 1/3/7-day windows',
      c: {
        stepSeconds: day,
        windowSeconds: [day, 3 * day, 7 * day],
        eventWindowSeconds: 3 * day,
        horizonSeconds: 14 * day,
      },
    },
    {
      name: 'windows shorter than the step and out of order',
      c: {
        stepSeconds: H12,
        windowSeconds: [6 * 3600, 36 * 3600, 18 * 3600],
        eventWindowSeconds: 5 * 3600,
        horizonSeconds: 2 * day,
      },
    },
    {
      name: 'half-hour grid, step and windows with a 20-minute common block',
      c: {
        stepSeconds: 1800,
        windowSeconds: [3600, 4800],
        eventWindowSeconds: 90 * 60,
        horizonSeconds: 12 * 3600,
      },
    },
  ];
  for (const { name, c } of cadences) {
    it(`cadence: ${name}`, async () => {
      for (const seed of [7, 8]) {
        const p = randomPlant(seed);
        const store = await storeWith(p);
        try {
          for (const range of cases.slice(0, 3)) {
            const fs = buildFeatures(store, { ...range.o, cadence: c });
            expectMatches(fs, oracle(p, range.o, c));
          }
        } finally {
          store.close();
        }
      }
    });
  }

  it('handles hand-made boundary cases', async () => {
    const h = 3600;
    // Machine 1: one lone reading at 05:00 day 0, then readings every hour day 2.
    const tel: (number | null)[][] = [[1, BASE + 5 * h, 10, null]];
    for (let k = 0; k < 24; k++) tel.push([1, BASE + 2 * 86400 + k * h, 100 + k, k % 2 ? 1 : null]);
    const p: PlantRows = {
      sensors: ['a', 'b'],
      telemetry: tel,
      errors: [[1, BASE + 2 * 86400 + 12 * h, 'e1']],
      maint: [[1, BASE + 12 * h, 'c2']],
      failures: [
        // exactly on a boundary T = day 2 12:00, two components at once
        [1, BASE + 2 * 86400 + 12 * h, 'c2'],
        [1, BASE + 2 * 86400 + 12 * h, 'c1'],
        // exactly T + H for T = day 3 00:00 with H = 1 day
        [1, BASE + 4 * 86400, 'c3'],
      ],
      machines: [[1, 'm', 3]],
    };
    const store = await storeWith(p);
    for (const horizonDays of [1, 7]) {
      const fs = buildFeatures(store, { cadence: cadenceWithHorizon(store, horizonDays) });
      expectMatches(fs, oracle(p, { horizonDays }));
    }
    const fs = buildFeatures(store, { cadence: cadenceWithHorizon(store, 1) });
    const at = (T: number) => fs.labelNames[fs.label[Array.from(fs.t).indexOf(T)]];
    expect(at(BASE + 12 * h)).toBe('none'); // the lone reading; failures > 1 day away
    expect(at(BASE + 2 * 86400)).toBe('c1'); // two fail together: first by name
    expect(at(BASE + 2 * 86400 + 12 * h)).toBe('none'); // failures at T itself do not count
    expect(at(BASE + 3 * 86400)).toBe('c3'); // failure exactly at T + H counts
    // The lone reading's window: std 0, b missing -> NaN.
    const r0 = Array.from(fs.t).indexOf(BASE + 12 * h);
    expect(fs.values[r0 * fs.featureNames.length + 1]).toBe(0);
    expect(fs.values[r0 * fs.featureNames.length + 2]).toBeNaN();
    store.close();
  });
});
