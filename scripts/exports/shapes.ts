/**
 * The export shapes of test/fixtures/exports: each writes one data set the way a real
 * system exports it (headers, units, quoting, row order, time and number formats,
 * encodings), with the import options, the plant time zone and the expected outcome.
 */
import { SimRng, streamSeed } from '../../workers/simulate/prng';
import type { Cadence } from '../../workers/shared/cadence';
import { eventShapes } from './shapes-events';
import { canonicalFiles, machineOrder, type Dataset, type EventRow, type TelRow } from './datasets';
import {
  csv,
  ddMonYyyy,
  decimalComma,
  dmyy,
  dotDmy,
  excelSerial,
  iso,
  isoClock,
  isoDate,
  isoOffset,
  monDYyyyAmPm,
  num,
  thousandsComma,
  thousandsPoint,
  utf16leNoBom,
  windows1252,
  zipArchive,
  zoneOffset,
  type CsvOpts,
} from './format';
import { longShapes } from './shapes-long';

export interface Shape {
  name: string;
  dataset: string;
  about: string;
  /** The plant's time zone, set before the import. */
  timeZone: string;
  /** ImportOptions (JSON) for importPaths on the shape's folder. */
  options: Record<string, unknown>;
  expect: 'stored' | 'refused';
  /** Refused shapes: the file (in the shape's folder) that must be refused. */
  file?: string;
  /** Refused shapes: text the refusal message must contain (case-insensitive). */
  messageIncludes: string[];
  /** Columns the import reports must list as not imported. */
  notImported: string[];
  /** Rows the import reports as duplicates (sum over files). */
  duplicates: number;
  /** Readings dropped because their wall time repeats one already read (clocks going back). */
  repeatedHour: number;
  /** Stored shapes: the features must equal goldens/<dataset>.csv. */
  golden: boolean;
  /**
   * The plant's cadence for this shape (set before the import; the golden of its data
   * set is made with it). Default: the reference's (12 h step).
   */
  cadence?: Cadence;
  files: Record<string, string | Buffer>;
}

type Fmt = (x: number, dec: number) => string;
const plain: Fmt = (x, dec) => num(x, dec);

/** Telemetry rows in export order: by machine then time, or by time then machine (`ids` order). */
function telOrder(rows: TelRow[], order: 'machine' | 'time', ids?: string[]): TelRow[] {
  const rank = (m: string) => (ids ? ids.indexOf(m) : 0);
  return [...rows].sort((a, b) =>
    order === 'machine'
      ? machineOrder(a.m, b.m) || a.t - b.t
      : (a.u ?? a.t) - (b.u ?? b.t) || rank(a.m) - rank(b.m) || machineOrder(a.m, b.m),
  );
}

/** Event rows as a logbook has them: by time, then machine. */
const logOrder = (rows: EventRow[]) =>
  [...rows].sort((a, b) => (a.u ?? a.t) - (b.u ?? b.t) || machineOrder(a.m, b.m));

/** The UTC instant of a row in `zone` (rows of wall-time data sets: zones without DST only). */
function instant(r: { t: number; u?: number }, zone: string): number {
  if (r.u !== undefined) return r.u;
  if (zone === 'Europe/Berlin') throw new Error('wall time to instant is ambiguous in Berlin');
  return r.t - zoneOffset(zone, r.t);
}

const values = (ds: Dataset, r: TelRow, fmt: Fmt, missing: (k: number) => string = () => '') =>
  r.v.map((x, j) => (x === null ? missing(j) : fmt(x, ds.decimals[j])));

/**
 * The five files in one layout: `time` writes a row's time as one or more fields
 * (`timeHeader` names them), `idHeader` names the machine column.
 */
interface Layout {
  names?: Partial<Record<'telemetry' | 'errors' | 'maint' | 'failures' | 'machines', string>>;
  timeHeader: string[];
  time: (r: { t: number; u?: number }) => string[];
  idHeader: string;
  eventHeaders?: [string, string, string];
  machinesHeader?: [string, string];
  fmt?: Fmt;
  age?: (a: number) => string;
  csv?: CsvOpts;
  telOrder?: 'machine' | 'time';
}

function fiveFiles(ds: Dataset, o: Layout): Record<string, string> {
  const n = {
    telemetry: 'telemetry.csv',
    errors: 'errors.csv',
    maint: 'maint.csv',
    failures: 'failures.csv',
    machines: 'machines.csv',
    ...o.names,
  };
  const [eh, ch, fh] = o.eventHeaders ?? ['errorID', 'comp', 'failure'];
  const [mh, ah] = o.machinesHeader ?? ['model', 'age'];
  const fmt = o.fmt ?? plain;
  const head = [...o.timeHeader, o.idHeader];
  const ev = (rows: EventRow[], h: string) =>
    csv(
      [...head, h],
      logOrder(rows).map((r) => [...o.time(r), r.m, r.e]),
      o.csv,
    );
  return {
    [n.machines]: csv(
      [o.idHeader, mh, ah],
      ds.machines.map((r) => [r.m, r.model, (o.age ?? String)(r.age)]),
      o.csv,
    ),
    [n.telemetry]: csv(
      [...head, ...ds.sensors],
      telOrder(ds.telemetry, o.telOrder ?? 'machine').map((r) => [
        ...o.time(r),
        r.m,
        ...values(ds, r, fmt),
      ]),
      o.csv,
    ),
    [n.errors]: ev(ds.errors, eh),
    [n.maint]: ev(ds.maint, ch),
    [n.failures]: ev(ds.failures, fh),
  };
}

const REMARKS: Record<string, string[]> = {
  GEARBOX: ['Gearbox pump damaged, replaced', 'Oil leak at gearbox, seals and pump replaced'],
  GENERATOR: ['Generator replaced', 'Generator damaged; slip ring, brushes replaced'],
  GENERATOR_BEARING: [
    'High temperature in generator bearing, replaced bearing',
    'Generator bearing replaced (non-drive end, "DE" side checked)',
  ],
  HYDRAULIC_GROUP: [
    'Oil leakage in hub, hydraulic group replaced',
    'Hydraulic pump, valve replaced',
  ],
  TRANSFORMER: [
    'Transformer fan damaged, replaced',
    'High temperature transformer, cooling replaced',
  ],
};

export function shapes(d: Record<string, Dataset>): Shape[] {
  const out: Shape[] = [];
  const base = {
    expect: 'stored' as const,
    messageIncludes: [],
    notImported: [],
    duplicates: 0,
    repeatedHour: 0,
    golden: true,
  };
  const numeric = d.numeric;
  const isoLayout: Layout = {
    timeHeader: ['datetime'],
    time: (r) => [iso(r.t)],
    idHeader: 'machineID',
  };

  out.push({
    ...base,
    name: 'baseline-numeric',
    dataset: 'numeric',
    about: 'the canonical form itself with whole-number ids (read today; checks the harness)',
    timeZone: 'Europe/Berlin',
    options: {},
    files: canonicalFiles(numeric),
  });

  // ---- wind farm: SCADA signals and a failure logbook with offsets, turbine tags ----
  {
    const ds = d.tags;
    const ts = (r: { t: number; u?: number }) => isoOffset(instant(r, 'UTC'), 0);
    const rnd = new SimRng(streamSeed(9, 1));
    out.push({
      ...base,
      name: 'windfarm-logbook',
      dataset: 'tags',
      about:
        'wind-farm SCADA signals and failure logbook: T07 ids, +00:00 offsets (plant Europe/Berlin, across the March DST switch), free-text Remarks with commas and quotes',
      timeZone: 'Europe/Berlin',
      options: { map: { Turbine_ID: 'machine', Remarks: 'ignore' } },
      notImported: ['Remarks'],
      files: {
        'wind-farm-1-signals-2016.csv': csv(
          ['Turbine_ID', 'Timestamp', ...ds.sensors],
          telOrder(ds.telemetry, 'time').map((r) => [r.m, ts(r), ...values(ds, r, plain)]),
        ),
        'wind-farm-1-failures-2016.csv': csv(
          ['Turbine_ID', 'Component', 'Timestamp', 'Remarks'],
          logOrder(ds.failures).map((r) => {
            const opts = REMARKS[r.e];
            return [r.m, r.e, ts(r), opts[Math.floor(rnd.next() * opts.length)]];
          }),
        ),
        'wind-farm-1-turbines.csv': csv(
          ['Turbine_ID', 'Model', 'Age'],
          ds.machines.map((r) => [r.m, r.model, String(r.age)]),
        ),
      },
    });
  }

  // ---- hard-drive fleet: serial numbers ----
  {
    const ds = d.serials;
    const capacity: Record<string, string> = {
      ST4000DM000: '4000787030016',
      'Hitachi HDS5C3030ALA630': '3000592982016',
      ST8000DM002: '8001563222016',
      'HGST HMS5C4040BLE640': '4000787030016',
    };
    const files = fiveFiles(ds, {
      names: {
        telemetry: 'drive_stats_2015-06.csv',
        errors: 'drive_errors_2015-06.csv',
        maint: 'drive_replacements_2015-06.csv',
        failures: 'drive_failures_2015-06.csv',
        machines: 'drive_models.csv',
      },
      timeHeader: ['date'],
      time: (r) => [iso(r.t)],
      idHeader: 'serial_number',
      eventHeaders: ['error_code', 'component', 'failure'],
      telOrder: 'time',
    });
    files['drive_models.csv'] = csv(
      ['serial_number', 'model', 'capacity_bytes', 'age'],
      ds.machines.map((r) => [r.m, r.model, capacity[r.model], String(r.age)]),
    );
    // Backblaze-style daily files list the drives in no particular order.
    files['drive_stats_2015-06.csv'] = csv(
      ['date', 'serial_number', ...ds.sensors],
      telOrder(ds.telemetry, 'time', [
        'Z305B2QN',
        'MJ1311YNG733NA',
        'ZA10MCEQ',
        'W300R8BD',
        '13H2B97AS',
      ]).map((r) => [iso(r.t), r.m, ...values(ds, r, plain)]),
    );
    out.push({
      ...base,
      name: 'serial-numbers',
      dataset: 'serials',
      about:
        'hard-drive fleet stats: serial-number ids (MJ1311YNG733NA, Z305B2QN, 13H2B97AS), smart_* columns, rows by date',
      timeZone: 'America/Los_Angeles',
      options: { map: { serial_number: 'machine' } },
      notImported: ['capacity_bytes'],
      files,
    });
  }

  // ---- CMMS + historian: asset tags mixed with whole numbers ----
  {
    const ds = d.assets;
    const desc: Record<string, string> = {
      'P-101A': 'Cooling water pump, north bank',
      'P-102B': 'Cooling water pump, south bank (standby)',
      'Pump 3': 'Boiler feed pump 3',
      '7': 'Condensate pump',
      '12': 'Fire water jockey pump',
      T07: 'Transfer pump, tank farm "T07"',
    };
    // Fixed-width habits of the register: padded tags (ids compare after trimming).
    const pad: Record<string, string> = { 'Pump 3': 'Pump 3 ', '12': '  12' };
    const ts = (r: { t: number }) => [iso(r.t)];
    let wo = 4711;
    out.push({
      ...base,
      name: 'asset-tags',
      dataset: 'assets',
      about:
        'CMMS register and historian: tags P-101A, Pump 3, M001, T07 mixed with 7 and 12, padded ids in the register',
      timeZone: 'America/Chicago',
      options: {},
      notImported: ['Description', 'WO Number'],
      files: {
        'equipment_register.csv': csv(
          ['Asset ID', 'Description', 'Model', 'Age'],
          ds.machines.map((r) => [pad[r.m] ?? r.m, desc[r.m], r.model, String(r.age)]),
        ),
        'historian_export.csv': csv(
          ['Timestamp', 'Asset ID', ...ds.sensors],
          telOrder(ds.telemetry, 'time', ['P-101A', 'Pump 3', '12', 'M001', 'T07', '7']).map(
            (r) => [...ts(r), r.m, ...values(ds, r, plain)],
          ),
        ),
        'alarms.csv': csv(
          ['Timestamp', 'Asset ID', 'Error Code'],
          logOrder(ds.errors).map((r) => [...ts(r), r.m, r.e]),
        ),
        'work_orders.csv': csv(
          ['WO Number', 'Timestamp', 'Asset ID', 'Component'],
          logOrder(ds.maint).map((r) => [`WO-${wo++}`, ...ts(r), r.m, r.e]),
        ),
        'breakdowns.csv': csv(
          ['Timestamp', 'Asset ID', 'Failed Component'],
          logOrder(ds.failures).map((r) => [...ts(r), r.m, r.e]),
        ),
      },
    });
  }

  // ---- numeric time formats ----
  out.push({
    ...base,
    name: 'excel-serial',
    dataset: 'numeric',
    about: 'timestamps as Excel serial days (42005.25 = 2015-01-01 06:00), format detected',
    timeZone: 'Europe/Berlin',
    options: {},
    files: fiveFiles(numeric, {
      timeHeader: ['Timestamp'],
      time: (r) => [excelSerial(r.t)],
      idHeader: 'MachineID',
    }),
  });
  out.push({
    ...base,
    name: 'epoch-seconds',
    dataset: 'numeric',
    about:
      'historian export: Unix epoch seconds (instants; plant Asia/Seoul, wall = UTC + 9 h), detected',
    timeZone: 'Asia/Seoul',
    options: {},
    files: fiveFiles(numeric, {
      timeHeader: ['ts'],
      time: (r) => [String(instant(r, 'Asia/Seoul'))],
      idHeader: 'machine_id',
      eventHeaders: ['error_id', 'component', 'failure'],
      telOrder: 'time',
    }),
  });
  out.push({
    ...base,
    name: 'epoch-ms',
    dataset: 'numeric',
    about: 'IoT platform export: Unix epoch milliseconds (plant Asia/Seoul), dateFormat epoch-ms',
    timeZone: 'Asia/Seoul',
    options: { dateFormat: 'epoch-ms' },
    files: fiveFiles(numeric, {
      timeHeader: ['timestamp'],
      time: (r) => [String(instant(r, 'Asia/Seoul') * 1000)],
      idHeader: 'machine_id',
      eventHeaders: ['error_id', 'component', 'failure'],
    }),
  });
  {
    const tel = fiveFiles(numeric, {
      timeHeader: ['Date Time'],
      time: (r) => [ddMonYyyy(r.t)],
      idHeader: 'Machine',
    });
    const ev = fiveFiles(numeric, {
      timeHeader: ['Time'],
      time: (r) => [monDYyyyAmPm(r.t)],
      idHeader: 'Machine',
      eventHeaders: ['Error', 'Component', 'Failure'],
    });
    out.push({
      ...base,
      name: 'month-names',
      dataset: 'numeric',
      about:
        'month names: 01-Jan-2015 06:00:00 (telemetry) and "Jan 1, 2015 6:00 AM" (event files)',
      timeZone: 'Europe/Berlin',
      options: {},
      files: {
        'machines.csv': tel['machines.csv'],
        'telemetry.csv': tel['telemetry.csv'],
        'errors.csv': ev['errors.csv'],
        'maint.csv': ev['maint.csv'],
        'failures.csv': ev['failures.csv'],
      },
    });
  }
  out.push({
    ...base,
    name: 'split-date-time',
    dataset: 'numeric',
    about:
      'separate Date and Time columns (2015-01-03, 06:00:00): 24 rows per machine share a date',
    timeZone: 'Europe/Berlin',
    options: {},
    files: fiveFiles(numeric, {
      timeHeader: ['Date', 'Time'],
      time: (r) => [isoDate(r.t), isoClock(r.t)],
      idHeader: 'Machine',
      eventHeaders: ['Error', 'Component', 'Failure'],
    }),
  });

  // ---- offsets across both DST switches, the repeated October hour ----
  {
    const ds = d.dst;
    const ts = (r: { u?: number }) => isoOffset(r.u!, zoneOffset('Europe/Berlin', r.u!));
    const files = fiveFiles(ds, {
      timeHeader: ['Timestamp'],
      time: (r) => [ts(r)],
      idHeader: 'Machine ID',
      telOrder: 'time',
    });
    files['telemetry.csv'] = csv(
      ['Timestamp', 'Machine ID', ...ds.sensors],
      telOrder([...ds.telemetry, ...ds.repeated], 'time').map((r) => [
        ts(r),
        r.m,
        ...values(ds, r, plain),
      ]),
    );
    out.push({
      ...base,
      name: 'offsets-mixed-dst',
      dataset: 'dst',
      about:
        'ISO with offsets changing inside a file (+01:00/+02:00, Europe/Berlin, late March and late October 2015); the repeated 02:00 keeps its first reading',
      timeZone: 'Europe/Berlin',
      options: {},
      repeatedHour: ds.repeated.length,
      files,
    });
  }

  // ---- thousands separators ----
  {
    const ds = d['kilo-gaps'];
    const tokens = ['NULL', '-', ''];
    let k = 0;
    const files = fiveFiles(ds, {
      timeHeader: ['Timestamp'],
      time: (r) => [iso(r.t)],
      idHeader: 'Machine',
      fmt: (x, dec) => thousandsPoint(num(x, dec)),
    });
    files['telemetry.csv'] = csv(
      ['Timestamp', 'Machine', ...ds.sensors],
      telOrder(ds.telemetry, 'machine').map((r) => [
        iso(r.t),
        r.m,
        ...values(
          ds,
          r,
          (x, dec) => thousandsPoint(num(x, dec)),
          () => tokens[k++ % tokens.length],
        ),
      ]),
    );
    out.push({
      ...base,
      name: 'thousands-point',
      dataset: 'kilo-gaps',
      about:
        'US spreadsheet CSV: "4,377.16" (comma thousands, quoted) in a comma file; first readings NULL, - or empty',
      timeZone: 'America/New_York',
      options: {},
      golden: false,
      files,
    });
  }
  out.push({
    ...base,
    name: 'thousands-comma',
    dataset: 'kilo',
    about:
      'German spreadsheet: semicolons, 1.549,8 and 1.418 (= 1418), DD.MM.YYYY, decimal-comma ages, CRLF',
    timeZone: 'Europe/Berlin',
    options: { map: { Zeitstempel: 'timestamp' } },
    files: fiveFiles(d.kilo, {
      timeHeader: ['Zeitstempel'],
      time: (r) => [dotDmy(r.t)],
      idHeader: 'Machine',
      fmt: (x, dec) => thousandsComma(num(x, dec)),
      age: (a) => decimalComma(String(a)),
      csv: { delim: ';', eol: '\r\n' },
    }),
  });

  // ---- placeholders for missing values ----
  {
    const ds = d['numeric-gaps'];
    const tokens = ['NULL', 'NaN', 'NA', 'n/a', '-', ''];
    let k = 0;
    const files = fiveFiles(ds, isoLayout);
    files['telemetry.csv'] = csv(
      ['datetime', 'machineID', ...ds.sensors],
      ds.telemetry.map((r) => [
        iso(r.t),
        r.m,
        ...values(ds, r, plain, () => tokens[k++ % tokens.length]),
      ]),
    );
    out.push({
      ...base,
      name: 'placeholders',
      dataset: 'numeric-gaps',
      about:
        'missing readings as NULL, NaN, NA, n/a, - and empty; vibration missing in the first 60 rows',
      timeZone: 'Europe/Berlin',
      options: {},
      golden: false,
      files,
    });
  }

  // ---- Windows-1252 German export (the CMMS files beside it are UTF-8) ----
  {
    const ds = d.werk;
    const sites: Record<string, string> = {
      '101': 'Halle Süd',
      '102': 'Halle Nord',
      '103': 'Außenlager',
    };
    const german: Layout = {
      timeHeader: ['Zeitstempel'],
      time: (r) => [dotDmy(r.t)],
      idHeader: 'Maschine',
      eventHeaders: ['Fehler', 'Bauteil', 'Ausfall'],
      machinesHeader: ['Modell', 'Alter'],
      fmt: (x, dec) => decimalComma(num(x, dec)),
      age: (a) => decimalComma(String(a)),
      csv: { delim: ';', eol: '\r\n' },
    };
    const mes = fiveFiles(ds, german);
    const cmms = canonicalFiles(ds);
    out.push({
      ...base,
      name: 'latin1',
      dataset: 'werk',
      about:
        'German MES export in Windows-1252 (Kühlpumpe, Presse Süd, Förderband – Linie 2, °C, Übertemperatur), semicolons, decimal comma, detected; CMMS files beside it in UTF-8',
      timeZone: 'Europe/Berlin',
      options: {
        map: {
          Zeitstempel: 'timestamp',
          Maschine: 'machine',
          Modell: 'model',
          Alter: 'age',
          Fehler: 'event',
        },
      },
      notImported: ['Standort'],
      files: {
        'maschinen.csv': windows1252(
          csv(
            ['Maschine', 'Modell', 'Alter', 'Standort'],
            ds.machines.map((r) => [r.m, r.model, decimalComma(String(r.age)), sites[r.m]]),
            german.csv,
          ),
        ),
        'messwerte.csv': windows1252(mes['telemetry.csv']),
        'stoerungen.csv': windows1252(mes['errors.csv']),
        'cmms-wartung.csv': cmms['maint.csv'],
        'cmms-ausfaelle.csv': cmms['failures.csv'],
      },
    });
  }

  out.push({
    ...base,
    name: 'sep-line',
    dataset: 'numeric',
    about: 'Excel "sep=;" first line, semicolons, decimal comma, CRLF',
    timeZone: 'Europe/Berlin',
    options: {},
    files: fiveFiles(numeric, {
      ...isoLayout,
      fmt: (x, dec) => decimalComma(num(x, dec)),
      age: (a) => decimalComma(String(a)),
      csv: { delim: ';', eol: '\r\n', sepLine: true },
    }),
  });

  // ---- two-digit years: refused without a format, stored with one ----
  const dmyyLayout: Layout = {
    timeHeader: ['Date'],
    time: (r) => [dmyy(r.t)],
    idHeader: 'Machine',
    eventHeaders: ['Error', 'Component', 'Failure'],
  };
  const refused = {
    ...base,
    expect: 'refused' as const,
    dataset: 'numeric',
    timeZone: 'Europe/Berlin',
    options: {},
    golden: false,
  };
  out.push({
    ...refused,
    name: 'two-digit-years',
    about: 'D/M/YY HH:mm dates (03/01/15 06:00): the century and the day/month order are guesses',
    file: 'telemetry.csv',
    messageIncludes: ['telemetry.csv', '--date-format'],
    files: { 'telemetry.csv': fiveFiles(numeric, dmyyLayout)['telemetry.csv'] },
  });
  out.push({
    ...base,
    name: 'two-digit-years-given',
    dataset: 'numeric',
    about: 'the same D/M/YY HH:mm dates with dateFormat given',
    timeZone: 'Europe/Berlin',
    options: { dateFormat: 'D/M/YY HH:mm' },
    files: fiveFiles(numeric, dmyyLayout),
  });

  // ---- a logger whose clock reset to 1850 ----
  {
    const tel = numeric.telemetry.map((r) => [iso(r.t), r.m, ...values(numeric, r, plain)]);
    let n = 0;
    const t1850 = Date.UTC(1850, 0, 1) / 1000;
    for (const row of tel) {
      if (row[1] === '3' && n < 48) row[0] = iso(t1850 + 3600 * n++);
    }
    out.push({
      ...refused,
      name: 'year-1850',
      about: 'a logger clock reset: 48 of 960 readings stamped 1850-01-01 onwards',
      file: 'telemetry.csv',
      messageIncludes: ['telemetry.csv', '1850'],
      files: { 'telemetry.csv': csv(['datetime', 'machineID', ...numeric.sensors], tel) },
    });
  }

  // ---- a text column among the sensors ----
  {
    const status = (r: TelRow) => {
      const h = new Date(r.t * 1000).getUTCHours();
      if (numeric.maint.some((x) => x.m === r.m && Math.abs(x.t - r.t) < 3600)) return 'MAINT';
      return h === 3 || h === 4 ? 'STOP' : 'RUN';
    };
    const tel = csv(
      ['datetime', 'machineID', 'Status', ...numeric.sensors],
      numeric.telemetry.map((r) => [iso(r.t), r.m, status(r), ...values(numeric, r, plain)]),
    );
    out.push({
      ...refused,
      name: 'text-column',
      about:
        'a Status column (RUN/STOP/MAINT) among the sensors: refused, naming it, unless mapped',
      file: 'telemetry.csv',
      messageIncludes: ['telemetry.csv', 'Status', 'RUN'],
      files: { 'telemetry.csv': tel },
    });
    out.push({
      ...base,
      name: 'text-column-ignored',
      dataset: 'numeric',
      about: 'the same Status column mapped to ignore',
      timeZone: 'Europe/Berlin',
      options: { map: { Status: 'ignore' } },
      notImported: ['Status'],
      files: { ...canonicalFiles(numeric), 'telemetry.csv': tel },
    });
  }

  out.push(...eventShapes(d));

  // ---- the same header twice ----
  {
    const rnd = new SimRng(streamSeed(13, 1));
    const tel = csv(
      ['datetime', 'machineID', 'volt', 'volt', 'rotate', 'pressure', 'vibration'],
      numeric.telemetry.map((r) => {
        const v = values(numeric, r, plain);
        return [iso(r.t), r.m, v[0], num(Number(v[0]) + rnd.normal() * 0.8, 2), ...v.slice(1)];
      }),
    );
    out.push({
      ...refused,
      name: 'duplicate-header',
      about: 'two PLC channels exported under the same name: volt,volt',
      file: 'telemetry.csv',
      messageIncludes: ['telemetry.csv', 'volt'],
      files: { 'telemetry.csv': tel },
    });
  }

  out.push({
    ...refused,
    name: 'zip',
    about: 'a zipped export (a real ZIP holding telemetry-2015-01.csv)',
    file: 'telemetry-2015-01.zip',
    messageIncludes: ['telemetry-2015-01.zip'],
    files: {
      'telemetry-2015-01.zip': zipArchive(
        [
          {
            name: 'telemetry-2015-01.csv',
            data: Buffer.from(canonicalFiles(numeric)['telemetry.csv'], 'utf8'),
          },
        ],
        new Date(Date.UTC(2015, 1, 2, 8, 30, 0)),
      ),
    },
  });
  out.push({
    ...refused,
    name: 'utf16-no-bom',
    about: 'UTF-16LE text without a byte order mark (tab-delimited, CRLF)',
    file: 'telemetry.csv',
    messageIncludes: ['telemetry.csv', 'UTF-16'],
    files: {
      'telemetry.csv': utf16leNoBom(
        csv(
          ['datetime', 'machineID', ...numeric.sensors],
          numeric.telemetry.map((r) => [iso(r.t), r.m, ...values(numeric, r, plain)]),
          { delim: '\t', eol: '\r\n' },
        ),
      ),
    },
  });
  out.push(...longShapes(d));
  return out;
}
