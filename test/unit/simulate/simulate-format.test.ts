import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SAMPLE, SAMPLE_DIR } from '../../helpers/shared';
import {
  PLANT_FILE_NAMES,
  PLANT_HEADERS,
  simulatePlant,
  simulatePlantInMemory,
  type PlantFileKind,
} from '../../../workers/simulate/simulate-plant';
import { formatValue } from '../../../workers/simulate/csv-format';
import { parseStamp } from '../../../workers/simulate/plant-stats';

const STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const VALUE = /^-?\d+(\.\d*[1-9])?$/;

/** Row checker per file kind: returns a reason when a row does not look like the sample's. */
function badRow(kind: PlantFileKind, r: string[]): string | null {
  if (r.length !== PLANT_HEADERS[kind].split(',').length) return 'field count';
  if (kind === 'machines') {
    if (!/^\d+$/.test(r[0]) || !/^model[1-4]$/.test(r[1]) || !/^(\d|1\d|20)$/.test(r[2])) {
      return 'machine fields';
    }
    return null;
  }
  if (!STAMP.test(r[0]) || !Number.isFinite(parseStamp(r[0]))) return 'datetime';
  if (!/^\d+$/.test(r[1])) return 'machineID';
  if (kind === 'telemetry') {
    for (const v of r.slice(2)) {
      if (!VALUE.test(v) || v.replace(/^-?0*|\./g, '').length > 15) return `value ${v}`;
    }
  } else if (kind === 'errors' ? !/^error[1-5]$/.test(r[2]) : !/^comp[1-4]$/.test(r[2])) {
    return 'event type';
  }
  return null;
}

/** Checks one file's text has the shape of the sample's; returns its data rows split on commas. */
function checkFile(kind: PlantFileKind, text: string): string[][] {
  const lines = text.split('\n');
  expect(lines[0]).toBe(PLANT_HEADERS[kind]);
  expect(lines.at(-1)).toBe(''); // ends with one newline
  const rows = lines.slice(1, -1).map((l) => l.split(','));
  const bad: string[] = [];
  rows.forEach((r, i) => {
    const why = badRow(kind, r);
    if (why && bad.length < 5) bad.push(`line ${i + 2}: ${why}: ${r.join(',')}`);
  });
  expect(bad).toEqual([]);
  return rows;
}

describe('simulator output format', () => {
  it('writes the five files with the sample headers, hourly telemetry from 06:00 and sorted events', async () => {
    const f = await simulatePlantInMemory({ machines: 6, days: 40, start: '2016-02-20', seed: 7 });
    const tel = checkFile('telemetry', f.telemetry);
    expect(tel.length).toBe(6 * 40 * 24);
    expect(tel[0][0]).toBe('2016-02-20 06:00:00');
    expect(tel.at(-1)![0]).toBe('2016-03-31 05:00:00'); // leap day included
    const gaps: string[] = [];
    for (let i = 1; i < tel.length; i++) {
      const ok =
        tel[i][1] === tel[i - 1][1]
          ? parseStamp(tel[i][0]) - parseStamp(tel[i - 1][0]) === 3600
          : +tel[i][1] === +tel[i - 1][1] + 1 && tel[i][0] === '2016-02-20 06:00:00';
      if (!ok) gaps.push(`row ${i}: ${tel[i - 1].slice(0, 2)} -> ${tel[i].slice(0, 2)}`);
    }
    expect(gaps).toEqual([]);
    const machines = checkFile('machines', f.machines);
    expect(machines.map((r) => +r[0])).toEqual([1, 2, 3, 4, 5, 6]);
    const t0 = parseStamp('2016-02-20 06:00:00');
    const t1 = t0 + 40 * 86400;
    for (const kind of ['errors', 'maint', 'failures'] as const) {
      const rows = checkFile(kind, f[kind]);
      for (let i = 1; i < rows.length; i++) {
        const a = [+rows[i - 1][1], parseStamp(rows[i - 1][0])];
        const b = [+rows[i][1], parseStamp(rows[i][0])];
        expect(b[0] > a[0] || (b[0] === a[0] && b[1] >= a[1])).toBe(true);
      }
      for (const r of rows) {
        const t = parseStamp(r[0]);
        expect(t).toBeLessThan(t1);
        if (kind !== 'maint') expect(t).toBeGreaterThanOrEqual(t0);
      }
    }
    expect(f.summary.rows.telemetry).toBe(tel.length);
  });

  it('formats numbers with 15 significant digits like the sample', () => {
    expect(formatValue(176.217853015625)).toBe('176.217853015625');
    expect(formatValue(100.0016118655931)).toBe('100.001611865593');
    expect(formatValue(40.5)).toBe('40.5');
    expect(formatValue(41)).toBe('41');
    expect(formatValue(-3.25)).toBe('-3.25');
  });

  it('puts a maintenance record beside every failure and the linked errors 24 h before it', async () => {
    const f = await simulatePlantInMemory({ machines: 30, days: 200, seed: 3 });
    const maint = new Set(f.maint.split('\n').slice(1));
    const errors = new Set(f.errors.split('\n').slice(1));
    const linked: Record<string, string[]> = {
      comp1: ['error1'],
      comp2: ['error2', 'error3'],
      comp3: ['error4'],
      comp4: ['error5'],
    };
    const failures = f.failures.split('\n').slice(1, -1);
    expect(failures.length).toBeGreaterThan(20);
    for (const line of failures) {
      const [stamp, id, comp] = line.split(',');
      expect(stamp.endsWith(' 06:00:00')).toBe(true);
      expect(maint.has(line)).toBe(true);
      const before = parseStamp(stamp) - 86400;
      if (before >= parseStamp('2015-01-01 06:00:00')) {
        const s = new Date(before * 1000).toISOString().replace('T', ' ').slice(0, 19);
        for (const e of linked[comp]) expect(errors.has(`${s},${id},${e}`)).toBe(true);
      }
    }
  });
});

describe.skipIf(!HAS_SAMPLE)('sample files pass the same format checks', () => {
  it('reads the five sample files with the checker used on the simulation', () => {
    for (const kind of ['telemetry', 'errors', 'maint', 'failures', 'machines'] as const) {
      const text = readFileSync(join(SAMPLE_DIR, PLANT_FILE_NAMES[kind]), 'utf8');
      expect(checkFile(kind, text).length).toBeGreaterThan(0);
    }
  });
});

describe('determinism and options', () => {
  it('gives byte-identical output for the same seed and different output for another', async () => {
    const a = await simulatePlantInMemory({ machines: 4, days: 30, seed: 11 });
    const b = await simulatePlantInMemory({ machines: 4, days: 30, seed: 11 });
    const c = await simulatePlantInMemory({ machines: 4, days: 30, seed: 12 });
    for (const k of ['telemetry', 'errors', 'maint', 'failures', 'machines'] as const) {
      expect(a[k]).toBe(b[k]);
    }
    expect(c.telemetry).not.toBe(a.telemetry);
    expect(c.maint).not.toBe(a.maint);
  });

  it('keeps each machine the same whatever the number of machines', async () => {
    const small = await simulatePlantInMemory({ machines: 3, days: 20, seed: 5 });
    const big = await simulatePlantInMemory({ machines: 8, days: 20, seed: 5 });
    expect(big.telemetry.startsWith(small.telemetry)).toBe(true);
    expect(big.maint.startsWith(small.maint)).toBe(true);
    expect(big.machines.startsWith(small.machines)).toBe(true);
  });

  it.each([
    [{ machines: 0 }, /machines/],
    [{ machines: 2.5 }, /machines/],
    [{ days: 0 }, /days/],
    [{ days: 5000 }, /days/],
    [{ seed: -1 }, /seed/],
    [{ seed: 2 ** 32 }, /seed/],
    [{ start: '2015-02-30' }, /start/],
    [{ start: '1/1/2015' }, /start/],
  ])('rejects %o with a RangeError naming the parameter', async (opts, name) => {
    await expect(simulatePlant(opts, () => {})).rejects.toThrow(RangeError);
    await expect(simulatePlant(opts, () => {})).rejects.toThrow(name);
  });

  it('refuses to build a big plant in memory', async () => {
    await expect(simulatePlantInMemory({ machines: 1000, days: 365 })).rejects.toThrow(/stream/);
  });
});
