/**
 * The data sets behind the export fixtures: small seeded plants (3-6 machines, 10-16
 * days of hourly readings, errors, maintenance, failures and a machine list that
 * lacks one machine with telemetry), each kept as rows with their wall time `t`
 * (plant-local, as the canonical files hold it) and, for plants generated as
 * instants, the UTC instant `u`. canonicalFiles() writes the canonical CSVs the
 * reference reads and the store must hold after an import.
 */
import { SimRng, streamSeed } from '../../workers/simulate/prng';
import { csv, epochOf, iso, num, zoneOffset } from './format';

export interface TelRow {
  m: string;
  /** Plant wall time, seconds (read as UTC). */
  t: number;
  /** UTC instant, seconds, when the plant was generated in instants (offsets, DST). */
  u?: number;
  v: (number | null)[];
}
export interface EventRow {
  m: string;
  t: number;
  u?: number;
  e: string;
}
export interface MachineRow {
  m: string;
  model: string;
  age: number;
}
export interface Dataset {
  name: string;
  sensors: string[];
  /** Decimals each sensor is written with. */
  decimals: number[];
  telemetry: TelRow[];
  errors: EventRow[];
  maint: EventRow[];
  failures: EventRow[];
  /** The machine list in the order the plant's asset register has it. */
  machines: MachineRow[];
  /**
   * Readings an export holds but the canonical data does not: the second reading of a
   * machine in the repeated wall hour when clocks go back (the first one is kept).
   */
  repeated: TelRow[];
}

/** Machine order of FEATURES.md and ref_features.py: all-numeric ids by value, then text. */
export function machineOrder(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const byMachineTime = <T extends { m: string; t: number }>(a: T, b: T) =>
  machineOrder(a.m, b.m) || a.t - b.t;
const byEvent = (a: EventRow, b: EventRow) =>
  byMachineTime(a, b) || (a.e < b.e ? -1 : a.e > b.e ? 1 : 0);

interface SensorSpec {
  name: string;
  base: number;
  /** Spread of the per-machine level. */
  spread: number;
  /** Amplitude of the daily cycle. */
  daily: number;
  noise: number;
  dec: number;
  min?: number;
  /** Change per hour (e.g. power-on hours). */
  perHour?: number;
}

interface Spec {
  name: string;
  seed: number;
  /** Machines with telemetry. */
  ids: string[];
  machines: MachineRow[];
  sensors: SensorSpec[];
  /** Reading periods: start (`YYYY-MM-DD HH:MM:SS`: wall time, or a UTC instant when `zone`) and hours. */
  periods: { start: string; hours: number }[];
  /** Generate instants and convert them to this zone's wall time. */
  zone?: string;
  errorTypes: string[];
  comps: string[];
  /** Events at any minute (else on whole hours). */
  eventMinutes?: boolean;
  /** No maintenance records (a failure logbook only). */
  noMaint?: boolean;
}

const HOUR = 3600;
const DAY = 86400;

function generate(s: Spec): Dataset {
  const rng = new SimRng(streamSeed(s.seed, 1));
  const wall = (u: number) => (s.zone ? u + zoneOffset(s.zone, u) : u);
  // The reading instants (or wall times when there is no zone).
  const hours: number[] = [];
  for (const p of s.periods) {
    const t0 = epochOf(p.start);
    for (let h = 0; h < p.hours; h++) hours.push(t0 + h * HOUR);
  }
  const first = hours[0];
  const last = hours[hours.length - 1];
  // No events within an hour of a clock change (a repeated or skipped wall hour).
  const off = (u: number) => (s.zone ? zoneOffset(s.zone, u) : 0);
  const nearSwitch = (u: number) => off(u) !== off(u - HOUR) || off(u) !== off(u + HOUR);
  const pickTime = (from: number, to: number, minutes: boolean): number => {
    for (;;) {
      const h = hours[Math.floor(rng.next() * hours.length)];
      if (h < from || h > to) continue;
      const u = h + (minutes ? 60 * (1 + rng.int(58)) : 0);
      if (nearSwitch(u)) continue;
      return u;
    }
  };
  const ev = (m: string, u: number, e: string): EventRow =>
    s.zone ? { m, t: wall(u), u, e } : { m, t: u, e };

  const failures: EventRow[] = [];
  const maint: EventRow[] = [];
  const errors: EventRow[] = [];
  const pattern = [1, 0, 2, 1, 1, 1];
  s.ids.forEach((m, i) => {
    for (let k = 0; k < pattern[i % pattern.length]; k++) {
      const u = pickTime(first + 36 * HOUR, last, s.eventMinutes ?? false);
      const comp = s.comps[rng.int(s.comps.length)];
      failures.push(ev(m, u, comp));
      if (!s.noMaint) maint.push(ev(m, u, comp));
    }
    if (!s.noMaint) {
      for (const c of s.comps) {
        if (rng.next() < 0.75) {
          // Replaced before the readings start, at 06:00 on some day.
          const d = 5 + rng.int(150);
          const u = Math.floor(first / DAY) * DAY - d * DAY + 6 * HOUR;
          maint.push(ev(m, u, c));
        }
        if (rng.next() < 0.3) maint.push(ev(m, pickTime(first, last, s.eventMinutes ?? false), c));
      }
    }
    const n = s.errorTypes.length ? Math.max(1, rng.poisson(hours.length / 30)) : 0;
    for (let k = 0; k < n; k++) {
      const u = pickTime(first, last + HOUR, s.eventMinutes ?? false);
      errors.push(ev(m, u, s.errorTypes[rng.int(s.errorTypes.length)]));
    }
  });
  const uniq = (rows: EventRow[]) => {
    const seen = new Set<string>();
    return rows
      .filter((r) => {
        const k = `${r.m}|${r.t}|${r.e}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .sort(byEvent);
  };

  const telemetry: TelRow[] = [];
  const repeated: TelRow[] = [];
  for (const m of s.ids) {
    const r = new SimRng(streamSeed(s.seed, 2, s.ids.indexOf(m)));
    const level = s.sensors.map((x) => x.base + x.spread * (2 * r.next() - 1));
    const mine = failures.filter((f) => f.m === m);
    const seen = new Set<number>();
    hours.forEach((u, k) => {
      const t = wall(u);
      const v = s.sensors.map((x, j) => {
        let y = level[j] + x.daily * Math.sin((2 * Math.PI * ((t / HOUR) % 24)) / 24);
        y += x.noise * r.normal() + (x.perHour ?? 0) * k;
        // Drift before a failure of the component this sensor watches.
        for (const f of mine) {
          const lead = (f.u ?? f.t) - u;
          if (s.comps.indexOf(f.e) % s.sensors.length === j && lead > 0 && lead < 72 * HOUR) {
            y += 3 * x.noise * (1 - lead / (72 * HOUR));
          }
        }
        if (x.min !== undefined) y = Math.max(x.min, y);
        return Number(y.toFixed(x.dec));
      });
      const row: TelRow = s.zone ? { m, t, u, v } : { m, t, v };
      if (seen.has(t)) repeated.push(row);
      else {
        seen.add(t);
        telemetry.push(row);
      }
    });
  }
  telemetry.sort(byMachineTime);
  return {
    name: s.name,
    sensors: s.sensors.map((x) => x.name),
    decimals: s.sensors.map((x) => x.dec),
    telemetry,
    errors: uniq(errors),
    maint: uniq(maint),
    failures: uniq(failures),
    machines: s.machines,
    repeated,
  };
}

// ---------- the data sets ----------
const MS_SENSORS: SensorSpec[] = [
  { name: 'volt', base: 170, spread: 10, daily: 3, noise: 12, dec: 2 },
  { name: 'rotate', base: 446, spread: 40, daily: 15, noise: 45, dec: 2 },
  { name: 'pressure', base: 100, spread: 8, daily: 2, noise: 9, dec: 2 },
  { name: 'vibration', base: 40, spread: 3, daily: 1, noise: 4.5, dec: 2 },
];

/** Whole-number ids 1, 2, 3, 10 (3 not in the list, 11 listed without readings). */
export const numeric = () =>
  generate({
    name: 'numeric',
    seed: 101,
    ids: ['1', '2', '3', '10'],
    machines: [
      { m: '1', model: 'model3', age: 18 },
      { m: '2', model: 'model4', age: 7 },
      { m: '10', model: 'model3', age: 2.5 },
      { m: '11', model: 'model1', age: 11 },
    ],
    sensors: MS_SENSORS,
    periods: [{ start: '2015-01-01 00:00:00', hours: 240 }],
    errorTypes: ['error1', 'error2', 'error3', 'error4', 'error5'],
    comps: ['comp1', 'comp2', 'comp3', 'comp4'],
  });

/** Wind turbines T01..T07 (T05 not in the turbine list), instants around the March DST switch. */
export const tags = () =>
  generate({
    name: 'tags',
    seed: 202,
    ids: ['T01', 'T02', 'T03', 'T05', 'T07'],
    machines: [
      { m: 'T01', model: 'Vestas V90-2.0', age: 9 },
      { m: 'T02', model: 'Vestas V90-2.0', age: 9 },
      { m: 'T03', model: 'Gamesa G87-2.0', age: 6 },
      { m: 'T07', model: 'Gamesa G87-2.0', age: 4.5 },
    ],
    sensors: [
      { name: 'Gen_RPM_Avg', base: 1500, spread: 60, daily: 100, noise: 120, dec: 1, min: 0 },
      { name: 'Gen_Bear_Temp_Avg', base: 45, spread: 3, daily: 2, noise: 1.5, dec: 1 },
      { name: 'Amb_WindSpeed_Avg', base: 7, spread: 1, daily: 1.5, noise: 2, dec: 2, min: 0 },
      { name: 'Grd_Prod_Pwr_Avg', base: 900, spread: 100, daily: 200, noise: 250, dec: 1 },
    ],
    zone: 'Europe/Berlin',
    periods: [{ start: '2016-03-18 00:00:00', hours: 360 }],
    errorTypes: [],
    comps: ['GEARBOX', 'GENERATOR', 'GENERATOR_BEARING', 'HYDRAULIC_GROUP', 'TRANSFORMER'],
    eventMinutes: true,
    noMaint: true,
  });

/** Hard-drive serial numbers (W300R8BD not in the model list). */
export const serials = () =>
  generate({
    name: 'serials',
    seed: 303,
    ids: ['MJ1311YNG733NA', 'Z305B2QN', 'W300R8BD', '13H2B97AS', 'ZA10MCEQ'],
    machines: [
      { m: 'Z305B2QN', model: 'ST4000DM000', age: 1.8 },
      { m: 'MJ1311YNG733NA', model: 'Hitachi HDS5C3030ALA630', age: 3.4 },
      { m: 'ZA10MCEQ', model: 'ST8000DM002', age: 0.6 },
      { m: '13H2B97AS', model: 'HGST HMS5C4040BLE640', age: 2.1 },
    ],
    sensors: [
      { name: 'smart_5_raw', base: 4, spread: 4, daily: 0, noise: 1.5, dec: 0, min: 0 },
      { name: 'smart_9_raw', base: 20000, spread: 9000, daily: 0, noise: 0, dec: 0, perHour: 1 },
      { name: 'smart_194_raw', base: 31, spread: 5, daily: 2, noise: 1, dec: 0 },
      { name: 'smart_197_raw', base: 2, spread: 2, daily: 0, noise: 1.2, dec: 0, min: 0 },
    ],
    periods: [{ start: '2015-06-01 00:00:00', hours: 240 }],
    errorTypes: ['CRC_ERR', 'IO_TIMEOUT', 'SMART_TRIP'],
    comps: ['backplane', 'cable', 'disk'],
  });

/** Asset tags mixed with whole numbers (M001 not in the register, P-102B without readings). */
export const assets = () =>
  generate({
    name: 'assets',
    seed: 404,
    ids: ['P-101A', 'Pump 3', '12', 'M001', 'T07', '7'],
    machines: [
      { m: 'P-101A', model: 'KSB Etanorm', age: 12 },
      { m: 'P-102B', model: 'KSB Etanorm', age: 12 },
      { m: 'Pump 3', model: 'Grundfos CR 64', age: 3 },
      { m: '7', model: 'Sulzer AHLSTAR', age: 21.5 },
      { m: '12', model: 'Grundfos CR 64', age: 5 },
      { m: 'T07', model: 'Flowserve HPX', age: 8 },
    ],
    sensors: [
      { name: 'Discharge pressure (bar)', base: 6.5, spread: 0.8, daily: 0.2, noise: 0.25, dec: 2 },
      { name: 'Flow (m3/h)', base: 120, spread: 25, daily: 10, noise: 6, dec: 1 },
      { name: 'Motor current (A)', base: 42, spread: 5, daily: 3, noise: 1.8, dec: 1 },
      { name: 'Bearing temp (C)', base: 55, spread: 4, daily: 2, noise: 1.2, dec: 1 },
    ],
    periods: [{ start: '2015-03-02 00:00:00', hours: 240 }],
    errorTypes: ['HIGH_VIB', 'LOW_FLOW', 'OVERTEMP', 'SEAL_LEAK'],
    comps: ['bearing', 'impeller', 'mech_seal', 'motor'],
    eventMinutes: true,
  });

/** Values in the thousands (and some below 1000) for the thousands-separator shapes. */
export const kilo = () =>
  generate({
    name: 'kilo',
    seed: 505,
    ids: ['1', '2', '3', '4'],
    machines: [
      { m: '1', model: 'KSB-500', age: 6 },
      { m: '2', model: 'ABB-900', age: 14 },
      { m: '3', model: 'KSB-500', age: 1 },
    ],
    sensors: [
      { name: 'Active Power (kW)', base: 4200, spread: 300, daily: 400, noise: 150, dec: 2 },
      { name: 'Rotor Speed (rpm)', base: 1450, spread: 40, daily: 30, noise: 25, dec: 0 },
      { name: 'Flow (m3/h)', base: 1000, spread: 200, daily: 60, noise: 40, dec: 1 },
      { name: 'Pressure (bar)', base: 8.5, spread: 0.5, daily: 0.3, noise: 0.2, dec: 2 },
    ],
    periods: [{ start: '2015-02-01 00:00:00', hours: 240 }],
    errorTypes: ['E101', 'E205', 'W12'],
    comps: ['bearing', 'gearbox', 'seal'],
  });

/** Instants in March and October 2015 around both Berlin DST switches. */
export const dst = () =>
  generate({
    name: 'dst',
    seed: 606,
    ids: ['1', '2', '3'],
    machines: [
      { m: '1', model: 'model1', age: 4 },
      { m: '2', model: 'model2', age: 16 },
    ],
    sensors: MS_SENSORS,
    zone: 'Europe/Berlin',
    periods: [
      { start: '2015-03-24 23:00:00', hours: 192 },
      { start: '2015-10-20 22:00:00', hours: 192 },
    ],
    errorTypes: ['error1', 'error2', 'error3'],
    comps: ['comp1', 'comp2', 'comp3'],
  });

/** A German plant: umlauts, degree signs and an en dash in names (Windows-1252). */
export const werk = () =>
  generate({
    name: 'werk',
    seed: 707,
    ids: ['101', '102', '103', '104'],
    machines: [
      { m: '101', model: 'Kühlpumpe', age: 7 },
      { m: '102', model: 'Presse Süd', age: 22 },
      { m: '103', model: 'Förderband – Linie 2', age: 3.5 },
    ],
    sensors: [
      { name: 'Temperatur (°C)', base: 65, spread: 5, daily: 3, noise: 1.5, dec: 1 },
      { name: 'Druck (bar)', base: 4.2, spread: 0.4, daily: 0.2, noise: 0.1, dec: 2 },
      { name: 'Leistung (kW)', base: 18, spread: 3, daily: 2, noise: 1, dec: 2 },
      { name: 'Drehzahl (1/min)', base: 1480, spread: 15, daily: 5, noise: 8, dec: 0 },
    ],
    periods: [{ start: '2015-02-02 00:00:00', hours: 240 }],
    errorTypes: ['Übertemperatur >80 °C', 'Druckabfall', 'Not-Aus'],
    comps: ['Dichtung', 'Kühler', 'Lager', 'Motor'],
  });

/** A copy of `ds` named `name` whose readings lose the values `drop` picks (null = missing). */
export function withGaps(
  ds: Dataset,
  name: string,
  drop: (row: TelRow, fileIndex: number, sensor: number) => boolean,
): Dataset {
  const telemetry = ds.telemetry.map((r, i) => {
    const v = r.v.map((x, j) => (drop(r, i, j) ? null : x));
    if (v.every((x) => x === null)) throw new Error(`${name}: a reading lost every value`);
    return { ...r, v };
  });
  return { ...ds, name, telemetry };
}

/** The canonical CSVs (what ref_features.py reads and the store must hold). */
export function canonicalFiles(ds: Dataset): Record<string, string> {
  const tel = ds.telemetry.map((r) => [
    iso(r.t),
    r.m,
    ...r.v.map((x, j) => (x === null ? '' : num(x, ds.decimals[j]))),
  ]);
  const ev = (rows: EventRow[]) => rows.map((r) => [iso(r.t), r.m, r.e]);
  return {
    'telemetry.csv': csv(['datetime', 'machineID', ...ds.sensors], tel),
    'errors.csv': csv(['datetime', 'machineID', 'errorID'], ev(ds.errors)),
    'maint.csv': csv(['datetime', 'machineID', 'comp'], ev(ds.maint)),
    'failures.csv': csv(['datetime', 'machineID', 'failure'], ev(ds.failures)),
    'machines.csv': csv(
      ['machineID', 'model', 'age'],
      [...ds.machines]
        .sort((a, b) => machineOrder(a.m, b.m))
        .map((r) => [r.m, r.model, String(r.age)]),
    ),
  };
}

// ---------- long historian files and run-to-failure sets ----------

/** Pumps with historian tags P101.Temperature ... (P104 not in the asset list). */
export const pumps = () =>
  generate({
    name: 'pumps',
    seed: 808,
    ids: ['P101', 'P102', 'P103', 'P104'],
    machines: [
      { m: 'P101', model: 'KSB Etanorm', age: 9 },
      { m: 'P102', model: 'KSB Etanorm', age: 4 },
      { m: 'P103', model: 'Grundfos NB', age: 12.5 },
    ],
    sensors: [
      { name: 'Temperature', base: 62, spread: 4, daily: 2, noise: 1.2, dec: 2 },
      { name: 'Pressure', base: 5.4, spread: 0.5, daily: 0.2, noise: 0.15, dec: 3 },
      { name: 'Vibration', base: 2.8, spread: 0.4, daily: 0.1, noise: 0.3, dec: 3, min: 0 },
      { name: 'Flow', base: 140, spread: 20, daily: 8, noise: 5, dec: 1 },
    ],
    periods: [{ start: '2015-04-01 00:00:00', hours: 240 }],
    errorTypes: ['HIGH_TEMP', 'LOW_PRESSURE', 'VIB_ALARM'],
    comps: ['bearing', 'seal', 'impeller', 'motor'],
  });

/** Ignition tag paths: machines Line1/Pump3, Line1/Pump4, Line2/Fan1 (Line2/Fan2 unlisted). */
export const lines = () =>
  generate({
    name: 'lines',
    seed: 909,
    ids: ['Line1/Pump3', 'Line1/Pump4', 'Line2/Fan1', 'Line2/Fan2'],
    machines: [
      { m: 'Line1/Pump3', model: 'pump', age: 6 },
      { m: 'Line1/Pump4', model: 'pump', age: 2 },
      { m: 'Line2/Fan1', model: 'fan', age: 11 },
    ],
    sensors: [
      { name: 'vibration', base: 3.1, spread: 0.5, daily: 0.2, noise: 0.35, dec: 4, min: 0 },
      { name: 'temperature', base: 48, spread: 3, daily: 2, noise: 1, dec: 3 },
      { name: 'current', base: 21, spread: 2, daily: 1.5, noise: 0.8, dec: 3 },
    ],
    periods: [{ start: '2015-05-04 00:00:00', hours: 240 }],
    errorTypes: ['Overload', 'HighVibration'],
    comps: ['bearing', 'motor', 'coupling'],
  });

/** C-MAPSS sensors: base level, noise, decimals (noise keeps each off a constant). */
const ENGINE_SENSORS: [number, number, number][] = [
  [0, 0.002, 4],
  [0, 0.0003, 4],
  [100, 0.3, 1],
  [518.67, 0.1, 2],
  [642.5, 0.5, 2],
  [1590, 6, 2],
  [1408, 9, 2],
  [14.62, 0.01, 2],
  [21.61, 0.01, 2],
  [553.4, 0.9, 2],
  [2388.1, 0.5, 2],
  [9065, 22, 2],
  [1.3, 0.01, 2],
  [47.5, 0.27, 2],
  [521.4, 0.7, 2],
  [2388.1, 0.5, 2],
  [8143, 19, 2],
  [8.44, 0.037, 4],
  [0.03, 0.005, 3],
  [393, 1.5, 0],
  [2388, 2, 0],
  [100, 0.3, 1],
  [38.8, 0.18, 2],
  [23.29, 0.1, 4],
];

/**
 * A run-to-failure engine set (NASA C-MAPSS-like): units 1-3 run 150, 172 and 131
 * cycles, drifting over their last 40; cycle n is 2000-01-01 00:00 + n hours. No error
 * log, no maintenance, no machine list (every engine is unlisted).
 */
export function engines(): Dataset {
  const rng = new SimRng(streamSeed(1010, 1));
  const lengths: Record<string, number> = { '1': 150, '2': 172, '3': 131 };
  const t0 = epochOf('2000-01-01 00:00:00');
  const telemetry: TelRow[] = [];
  // Run to failure: each unit fails at its last cycle (ImportOptions.failureAtEnd).
  const failures: EventRow[] = [];
  for (const [m, n] of Object.entries(lengths)) {
    for (let c = 1; c <= n; c++) {
      // Degradation: the last 40 cycles drift by up to 4 noise units.
      const wear = Math.max(0, (c - (n - 40)) / 40);
      const v = ENGINE_SENSORS.map(([base, noise, dec], j) =>
        Number(
          (base + noise * (rng.normal() + (j >= 4 && j % 2 === 0 ? 4 * wear : 0))).toFixed(dec),
        ),
      );
      telemetry.push({ m, t: t0 + c * HOUR, v });
    }
    failures.push({ m, t: t0 + n * HOUR, e: 'engine' });
  }
  return {
    name: 'engines',
    sensors: [
      'setting1',
      'setting2',
      'setting3',
      ...Array.from({ length: 21 }, (_, i) => `s${i + 1}`),
    ],
    decimals: ENGINE_SENSORS.map(([, , dec]) => dec),
    telemetry,
    errors: [],
    maint: [],
    failures,
    machines: [],
    repeated: [],
  };
}
