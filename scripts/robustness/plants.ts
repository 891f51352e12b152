/**
 * The data sets of the robustness fixtures, in canonical form: `base` (a small simulated
 * plant), `pumps` (other names, ids, sensor count, irregular times), `sparse` (gaps,
 * missing events, a component never maintained, a machine without telemetry) and
 * `codes` (numeric error codes, components and models).
 */
import { simulatePlantInMemory } from '../../workers/simulate';
import {
  clone,
  epoch,
  iso,
  KINDS,
  mulberry32,
  sortRows,
  table,
  type Plant,
  type Table,
} from './shapes';

const round2 = (s: string) => String(Number(Number(s).toFixed(2)));

/** The simulated plant, values rounded to 2 decimals, plus events that settle every date column. */
export async function basePlant(): Promise<Plant> {
  const f = await simulatePlantInMemory({ machines: 3, days: 13, seed: 7 });
  const tel = table(f.telemetry, ['volt', 'rotate', 'pressure', 'vibration']);
  for (const r of tel.rows) for (const i of tel.numeric) r[i] = round2(r[i]);
  const plant: Plant = {
    telemetry: tel,
    errors: table(f.errors),
    maint: table(f.maint),
    failures: table(f.failures),
    machines: table(f.machines, ['age']),
  };
  // Dates with day > 12 in every file (so M/D and D/M read one way only), an error
  // before the first reading, a failure after the last one, a failure with its
  // replacement record at the same time.
  plant.errors.rows.push(
    ['2014-12-31 20:00:00', '1', 'error2'],
    ['2015-01-13 05:00:00', '1', 'error3'],
    ['2015-01-14 17:00:00', '2', 'error1'],
  );
  plant.failures.rows.push(
    ['2015-01-13 06:00:00', '1', 'comp2'],
    ['2015-01-16 06:00:00', '2', 'comp1'],
  );
  plant.maint.rows.push(
    ['2015-01-13 06:00:00', '1', 'comp2'],
    ['2014-12-24 06:00:00', '3', 'comp1'],
  );
  for (const k of KINDS) sortRows(plant[k]);
  return plant;
}

/** Other names everywhere, 6 sensors, other machine ids, irregular reading times. */
export function pumpsPlant(base: Plant): Plant {
  const ids: Record<string, string> = { '1': '101', '2': '205', '3': '7' };
  const errs: Record<string, string> = {
    error1: 'E101',
    error2: 'E205',
    error3: 'E3',
    error4: 'W12',
    error5: 'e7',
  };
  const comps: Record<string, string> = {
    comp1: 'bearing',
    comp2: 'impeller',
    comp3: 'Seal',
    comp4: 'motor',
  };
  const models: Record<string, string> = {
    model1: 'pump-A',
    model2: 'pump-B',
    model3: 'Pump-C',
    model4: 'pump-10',
  };
  const sensors = ['temperature', 'current', 'flow rate', 'speed', 'Vibration_RMS', 'oil_pressure'];
  const rnd = mulberry32(11);
  const b = base.telemetry;
  const tel: Table = {
    header: ['datetime', 'machineID', ...sensors],
    numeric: [2, 3, 4, 5, 6, 7],
    time: 0,
    rows: [],
  };
  for (const r of b.rows) {
    const [, m, volt, rotate, pressure, vib] = r;
    let t = epoch(r[0]);
    // Machine 2: readings at hh:30; machine 3: on the hour; machine 1: on the hour plus
    // a reading at hh:20:15 every third hour (a window edge falls between readings).
    if (m === '2') t += 1800;
    const v = (x: number) => String(Number(x.toFixed(3)));
    const row = (tt: number, k: number) => [
      iso(tt),
      ids[m],
      v(40 + +volt / 10 + k),
      v(8 + rnd() * 4),
      v(+pressure * 1.5),
      v(+rotate * 3.5),
      v(+vib / 20),
      v(-2 + rnd() * 4),
    ];
    tel.rows.push(row(t, 0));
    if (m === '1' && epoch(r[0]) % (3 * 3600) === 0) tel.rows.push(row(t + 1215, 0.5));
  }
  const ev = (t: Table, map: Record<string, string>): Table => {
    const c = clone(t);
    for (const r of c.rows) {
      r[1] = ids[r[1]];
      r[2] = map[r[2]];
    }
    return c;
  };
  const machines = clone(base.machines);
  for (const r of machines.rows) {
    r[0] = ids[r[0]];
    r[1] = models[r[1]];
    r[2] = String(+r[2] + 0.5); // fractional ages
  }
  const plant: Plant = {
    telemetry: tel,
    errors: ev(base.errors, errs),
    maint: ev(base.maint, comps),
    failures: ev(base.failures, comps),
    machines,
  };
  for (const k of KINDS) sortRows(plant[k]);
  return plant;
}

/** Gaps of days, machines without errors, a component never maintained, a machine without telemetry. */
export function sparsePlant(base: Plant): Plant {
  const p: Plant = {
    telemetry: clone(base.telemetry),
    errors: clone(base.errors),
    maint: clone(base.maint),
    failures: clone(base.failures),
    machines: clone(base.machines),
  };
  const t = (s: string) => epoch(s);
  p.telemetry.rows = p.telemetry.rows.filter((r) => {
    const x = t(r[0]);
    if (r[1] === '2') return x < t('2015-01-04 00:00:00') || x >= t('2015-01-07 03:00:00');
    if (r[1] === '3') return x < t('2015-01-09 03:00:00') || x > t('2015-01-09 20:00:00');
    return true;
  });
  // Machine 3: a single reading inside its gap (a window with one reading, std 0).
  p.telemetry.rows.push(['2015-01-09 11:00:00', '3', '170.5', '450.25', '99.125', '40.5']);
  p.errors.rows = p.errors.rows.filter((r) => r[1] === '1');
  p.maint.rows = p.maint.rows.filter((r) => r[2] !== 'comp2');
  p.machines.rows.push(['4', 'model9', '3']);
  for (const k of KINDS) sortRows(p[k]);
  return p;
}

/** Error codes, components and models that are numbers (the reference sorts them by value). */
export function codesPlant(base: Plant): Plant {
  const map = (t: Table, m: Record<string, string>, col: number): Table => {
    const c = clone(t);
    for (const r of c.rows) r[col] = m[r[col]];
    return c;
  };
  const errs = { error1: '101', error2: '22', error3: '3', error4: '4711', error5: '9' };
  // comp3 and comp4 fail together on machine 3: 900 wins by value, 1000 would win as text.
  const comps = { comp1: '1200', comp2: '35', comp3: '900', comp4: '1000' };
  const models = { model1: '3', model2: '10', model3: '200', model4: '7' };
  return {
    telemetry: base.telemetry,
    errors: map(base.errors, errs, 2),
    maint: map(base.maint, comps, 2),
    failures: map(base.failures, comps, 2),
    machines: map(base.machines, models, 1),
  };
}

export function assertUniqueKeys(name: string, p: Plant): void {
  for (const k of KINDS) {
    const tab = p[k];
    const key = k === 'telemetry' ? 2 : k === 'machines' ? 1 : 3;
    const seen = new Set<string>();
    for (const r of tab.rows) {
      const s = r.slice(0, key).join('|');
      if (seen.has(s)) throw new Error(`${name}/${k}: duplicate key ${s}`);
      seen.add(s);
    }
  }
}
