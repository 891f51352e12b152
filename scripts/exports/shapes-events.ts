/**
 * Export shapes with events inside the telemetry and files without a machine column:
 * a hard-drive fleet's day files with a 0/1 failure flag, a pump test bed's one-file-
 * per-experiment 1 Hz logs with an anomaly flag, and historian exports with a
 * failed-component or an alarm-code column beside the sensors. The data sets are
 * generated here; each shape's event column is written from the data set's events,
 * and the events are derived back from the written cells by the rising-edge rule
 * (independently of the importer) to check that the files say what the canonical
 * data holds.
 */
import { SimRng, streamSeed } from '../../workers/simulate/prng';
import { canonicalFiles, machineOrder, type Dataset, type EventRow, type TelRow } from './datasets';
import { csv, epochOf, iso, isoDate, num } from './format';
import type { Shape } from './shapes';

const HOUR = 3600;
const DAY = 86400;

const byMachineTime = <T extends { m: string; t: number }>(a: T, b: T) =>
  machineOrder(a.m, b.m) || a.t - b.t;
const byEvent = (a: EventRow, b: EventRow) =>
  byMachineTime(a, b) || (a.e < b.e ? -1 : a.e > b.e ? 1 : 0);

const values = (ds: Dataset, r: TelRow) => r.v.map((x, j) => num(x!, ds.decimals[j]));

/**
 * The events a column makes (rows in file order; `cell` is each row's value, '' for
 * none): one where a machine's value starts or changes to another non-empty value.
 */
function risingEdges(rows: { m: string; t: number; cell: string }[]): EventRow[] {
  const prev = new Map<string, string>();
  const out: EventRow[] = [];
  for (const r of rows) {
    if (r.cell !== (prev.get(r.m) ?? '') && r.cell !== '') out.push({ m: r.m, t: r.t, e: r.cell });
    prev.set(r.m, r.cell);
  }
  return out.sort(byEvent);
}

/** Throws unless the events written into a file are exactly the data set's. */
function sameEvents(what: string, got: EventRow[], want: EventRow[]): void {
  const key = (r: EventRow) => `${r.m}|${iso(r.t)}|${r.e}`;
  const a = got.map(key).join('\n');
  const b = [...want].sort(byEvent).map(key).join('\n');
  if (a !== b) throw new Error(`${what}: the event column does not say the data set's events`);
}

// ---------- hard-drive fleet: one file a day, a failure flag ----------
const HDD_START = '2015-01-01 00:00:00';
const HDD_DAYS = 40;
const DRIVES = [
  { m: 'Z305B2QN', model: 'ST4000DM000', cap: '4000787030016', fail: -1 },
  { m: 'MJ1311YNG733NA', model: 'Hitachi HDS5C3030ALA630', cap: '3000592982016', fail: -1 },
  { m: 'W300R8BD', model: 'ST4000DM000', cap: '4000787030016', fail: 21 },
  { m: '13H2B97AS', model: 'HGST HMS5C4040BLE640', cap: '4000787030016', fail: 30 },
  { m: 'ZA10MCEQ', model: 'ST8000DM002', cap: '8001563222016', fail: -1 },
  { m: 'PL1331LAHD1T4H', model: 'HGST HMS5C4040ALE640', cap: '4000787030016', fail: 12 },
];
/** The day files' SMART columns in Backblaze order; the empty ones no drive reports. */
const SMART_COLUMNS = [
  'smart_1_normalized',
  'smart_1_raw',
  'smart_2_normalized',
  'smart_2_raw',
  'smart_5_raw',
  'smart_8_raw',
  'smart_9_raw',
  'smart_183_raw',
  'smart_194_raw',
  'smart_197_raw',
  'smart_200_raw',
  'smart_240_raw',
];
const SMART_EMPTY = new Set([
  'smart_2_normalized',
  'smart_2_raw',
  'smart_8_raw',
  'smart_183_raw',
  'smart_200_raw',
  'smart_240_raw',
]);
const HDD_SENSORS = SMART_COLUMNS.filter((c) => !SMART_EMPTY.has(c));

function hddFlags(): Dataset {
  const t0 = epochOf(HDD_START);
  const telemetry: TelRow[] = [];
  const failures: EventRow[] = [];
  DRIVES.forEach((d, i) => {
    const r = new SimRng(streamSeed(811, 1, i));
    const hours0 = 5000 + r.int(30000);
    const temp = 24 + r.int(10);
    const last = d.fail >= 0 ? d.fail : HDD_DAYS - 1;
    let realloc = r.int(3);
    for (let k = 0; k <= last; k++) {
      const t = t0 + k * DAY;
      // Reallocated sectors climb in the week before a failure.
      if (d.fail >= 0 && d.fail - k < 7) realloc += 1 + r.int(6);
      const v = [
        100 + r.int(20) - (d.fail >= 0 && d.fail - k < 3 ? 15 : 0),
        r.int(200000000),
        realloc,
        hours0 + 24 * k,
        temp + r.int(4),
        d.fail >= 0 && d.fail - k < 4 ? r.int(8) : 0,
      ];
      telemetry.push({ m: d.m, t, v });
    }
    if (d.fail >= 0) failures.push({ m: d.m, t: t0 + d.fail * DAY, e: 'drive' });
  });
  return {
    name: 'hdd-flags',
    sensors: HDD_SENSORS,
    decimals: HDD_SENSORS.map(() => 0),
    telemetry: telemetry.sort(byMachineTime),
    errors: [],
    maint: [],
    failures: failures.sort(byEvent),
    machines: [],
    repeated: [],
  };
}

function hddFiles(ds: Dataset): Record<string, string> {
  const drive = new Map(DRIVES.map((d) => [d.m, d]));
  const fails = new Set(ds.failures.map((f) => `${f.m}|${f.t}`));
  const files: Record<string, string> = {};
  const written: { m: string; t: number; cell: string }[] = [];
  const rnd = new SimRng(streamSeed(811, 2));
  for (let k = 0; k < HDD_DAYS; k++) {
    const t = epochOf(HDD_START) + k * DAY;
    const rows = ds.telemetry.filter((r) => r.t === t);
    // Daily files list the drives in no particular order.
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rnd.int(i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    files[`${isoDate(t)}.csv`] = csv(
      ['date', 'serial_number', 'model', 'capacity_bytes', 'failure', ...SMART_COLUMNS],
      rows.map((r) => {
        const d = drive.get(r.m)!;
        const flag = fails.has(`${r.m}|${r.t}`) ? '1' : '0';
        written.push({ m: r.m, t: r.t, cell: flag === '1' ? 'drive' : '' });
        const v = values(ds, r);
        let s = 0;
        return [
          isoDate(r.t),
          r.m,
          d.model,
          d.cap,
          flag,
          ...SMART_COLUMNS.map((c) => (SMART_EMPTY.has(c) ? '' : v[s++])),
        ];
      }),
    );
  }
  sameEvents('hdd-daily-flags', risingEdges(written), ds.failures);
  return files;
}

// ---------- pump test bed: one 1 Hz file per experiment, no asset column ----------
const EXPERIMENTS = [
  {
    m: 'pump-07',
    start: '2020-03-02 09:00:00',
    anomalies: [
      [300, 360],
      [700, 745],
    ],
  },
  { m: 'pump-08', start: '2020-03-02 13:30:00', anomalies: [] },
  // Cavitating from the first second: the flag is 1 at the file's first row.
  {
    m: 'pump-12',
    start: '2020-03-03 10:15:00',
    anomalies: [
      [0, 20],
      [500, 530],
    ],
  },
];
const BED_SECONDS = 900;
const BED_SENSORS = [
  { name: 'suction_pressure_bar', base: 1.2, noise: 0.02, dec: 3, shift: -0.25 },
  { name: 'discharge_pressure_bar', base: 6.4, noise: 0.05, dec: 3, shift: -0.6 },
  { name: 'flow_lpm', base: 310, noise: 2.5, dec: 1, shift: -40 },
  { name: 'motor_current_a', base: 11.5, noise: 0.15, dec: 2, shift: 0.8 },
  { name: 'vibration_mm_s', base: 2.1, noise: 0.12, dec: 3, shift: 3.5 },
];

function testbed(): Dataset {
  const telemetry: TelRow[] = [];
  const failures: EventRow[] = [];
  EXPERIMENTS.forEach((x, i) => {
    const r = new SimRng(streamSeed(822, 1, i));
    const t0 = epochOf(x.start);
    const on = (s: number) => x.anomalies.some(([a, b]) => s >= a && s < b);
    for (let s = 0; s < BED_SECONDS; s++) {
      const v = BED_SENSORS.map((c) =>
        Number((c.base + c.noise * r.normal() + (on(s) ? c.shift : 0)).toFixed(c.dec)),
      );
      telemetry.push({ m: x.m, t: t0 + s, v });
    }
    for (const [a] of x.anomalies) failures.push({ m: x.m, t: t0 + a, e: 'cavitation' });
  });
  return {
    name: 'testbed',
    sensors: BED_SENSORS.map((c) => c.name),
    decimals: BED_SENSORS.map((c) => c.dec),
    telemetry: telemetry.sort(byMachineTime),
    errors: [],
    maint: [],
    failures: failures.sort(byEvent),
    machines: [],
    repeated: [],
  };
}

function testbedFiles(ds: Dataset): Record<string, string> {
  const files: Record<string, string> = {};
  const written: { m: string; t: number; cell: string }[] = [];
  for (const x of EXPERIMENTS) {
    const t0 = epochOf(x.start);
    const on = (t: number) => x.anomalies.some(([a, b]) => t - t0 >= a && t - t0 < b);
    files[`${x.m}.csv`] = csv(
      ['timestamp', ...ds.sensors, 'anomaly'],
      ds.telemetry
        .filter((r) => r.m === x.m)
        .map((r) => {
          written.push({ m: r.m, t: r.t, cell: on(r.t) ? 'cavitation' : '' });
          return [iso(r.t), ...values(ds, r), on(r.t) ? '1' : '0'];
        }),
    );
  }
  sameEvents('testbed-per-experiment', risingEdges(written), ds.failures);
  return files;
}

// ---------- alarm codes beside the sensors ----------
const CODES = ['E-104', 'E-205', 'E-311', 'W-12'];

/** Per (machine, time) the alarm code standing then ('' none), seeded runs of 1-5 hours. */
function alarmCells(ds: Dataset): Map<string, string> {
  const cells = new Map<string, string>();
  const ids = [...new Set(ds.telemetry.map((r) => r.m))];
  ids.forEach((m, i) => {
    const r = new SimRng(streamSeed(833, 1, i));
    let code = '';
    let left = 0;
    for (const row of ds.telemetry.filter((x) => x.m === m)) {
      if (left === 0) {
        // A standing alarm sometimes changes straight into another one.
        code =
          code !== '' && r.next() < 0.25
            ? CODES[(CODES.indexOf(code) + 1 + r.int(CODES.length - 1)) % CODES.length]
            : code === '' && r.next() < 0.04
              ? CODES[r.int(CODES.length)]
              : '';
        left = code === '' ? 1 : 1 + r.int(5);
      }
      left--;
      cells.set(`${m}|${row.t}`, code);
    }
  });
  return cells;
}

function alarms(numeric: Dataset): Dataset {
  const cells = alarmCells(numeric);
  const errors = risingEdges(
    numeric.telemetry.map((r) => ({ m: r.m, t: r.t, cell: cells.get(`${r.m}|${r.t}`)! })),
  );
  return { ...numeric, name: 'alarms', errors };
}

/** The data sets these shapes need besides those of datasets.ts. */
export function eventDatasets(numeric: Dataset): Record<string, Dataset> {
  return { 'hdd-flags': hddFlags(), testbed: testbed(), alarms: alarms(numeric) };
}

export function eventShapes(d: Record<string, Dataset>): Shape[] {
  const base = {
    expect: 'stored' as const,
    messageIncludes: [],
    notImported: [],
    duplicates: 0,
    repeatedHour: 0,
    golden: true,
  };
  const out: Shape[] = [];

  out.push({
    ...base,
    name: 'hdd-daily-flags',
    dataset: 'hdd-flags',
    about:
      'hard-drive fleet day files (2015-01-01.csv, ...): serial numbers, model and capacity, a 0/1 failure flag on the failure day (the drive is gone the day after), many entirely empty smart columns',
    timeZone: 'UTC',
    options: {
      map: { failure: 'failure-flag', model: 'ignore', capacity_bytes: 'ignore' },
      failureComponent: 'drive',
    },
    notImported: ['model', 'capacity_bytes'],
    cadence: {
      stepSeconds: DAY,
      windowSeconds: [DAY, 3 * DAY, 7 * DAY],
      eventWindowSeconds: 3 * DAY,
      horizonSeconds: 14 * DAY,
    },
    files: hddFiles(d['hdd-flags']),
  });

  out.push({
    ...base,
    name: 'testbed-per-experiment',
    dataset: 'testbed',
    about:
      'pump test bed: one 1 Hz CSV per experiment (pump-07.csv, ...) without an asset column, machine from the file name, an anomaly 0/1 flag (1 at the first row of pump-12)',
    timeZone: 'Europe/Berlin',
    options: {
      machineFromName: '^(pump-\\d+)\\.csv$',
      map: { anomaly: 'failure-flag' },
      failureComponent: 'cavitation',
    },
    cadence: {
      stepSeconds: 60,
      windowSeconds: [60, 300],
      eventWindowSeconds: 300,
      horizonSeconds: 600,
    },
    files: testbedFiles(d.testbed),
  });

  // ---- a failed-component column, empty except on and just after failures ----
  {
    const ds = d.numeric;
    const cell = (r: TelRow) => {
      const f = ds.failures.filter((x) => x.m === r.m && x.t <= r.t && r.t < x.t + 3 * HOUR);
      return f.length ? f.sort((a, b) => b.t - a.t)[0].e : '';
    };
    const rows = ds.telemetry.map((r) => ({ r, c: cell(r) }));
    sameEvents(
      'failed-component-column',
      risingEdges(rows.map(({ r, c }) => ({ m: r.m, t: r.t, cell: c }))),
      ds.failures,
    );
    const files = canonicalFiles(ds);
    delete files['failures.csv'];
    files['telemetry.csv'] = csv(
      ['datetime', 'machineID', ...ds.sensors, 'failed_component'],
      rows.map(({ r, c }) => [iso(r.t), r.m, ...values(ds, r), c]),
    );
    out.push({
      ...base,
      name: 'failed-component-column',
      dataset: 'numeric',
      about:
        'telemetry with a failed_component text column, empty except on the failure reading and the two after it (one failure each), no failure log',
      timeZone: 'Europe/Berlin',
      options: { map: { failed_component: 'failure' } },
      files,
    });
  }

  // ---- an alarm-code column: 0 or a code, rows by time with machines interleaved ----
  {
    const ds = d.alarms;
    const cells = alarmCells(ds);
    const files = canonicalFiles(ds);
    delete files['errors.csv'];
    const byTime = [...ds.telemetry].sort((a, b) => a.t - b.t || machineOrder(a.m, b.m));
    files['telemetry.csv'] = csv(
      ['Timestamp', 'Machine', ...ds.sensors, 'AlarmCode'],
      byTime.map((r) => [iso(r.t), r.m, ...values(ds, r), cells.get(`${r.m}|${r.t}`) || '0']),
    );
    out.push({
      ...base,
      name: 'alarm-code-column',
      dataset: 'alarms',
      about:
        'telemetry by time with an AlarmCode column: 0 or a code such as E-104 standing for 1-5 readings, sometimes changing straight into another; no error log',
      timeZone: 'Europe/Berlin',
      options: { map: { AlarmCode: 'error' } },
      files,
    });
  }
  return out;
}
