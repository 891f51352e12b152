/**
 * Detection, table-driven: real-looking headers and values of plant exports, with the
 * kind and the column roles the import must propose, and what it says it assumed.
 * Checked through a dry run's mapping (report.mapping), the same object the CLI's
 * --dry-run and the UI's preview show.
 */
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../../workers/ingest/import-csv';
import {
  ImportError,
  type ColumnRole,
  type ImportKind,
  type ImportOptions,
} from '../../../workers/ingest/types';
import { Store } from '../../../workers/store/store';
import { fixture, memSource } from './helpers';

interface Case {
  about: string;
  file: string;
  /** Header line, then the data lines. */
  lines: string[];
  kind: ImportKind;
  /** Expected roles of some columns (by header name). */
  roles: Record<string, ColumnRole>;
  /** Each must match one assumption. */
  assumed?: RegExp[];
  /** No assumption at all (nothing guessed). */
  noAssumptions?: boolean;
  /** Codes the UI words the assumptions from (workers/ingest/types.ts `assume`). */
  codes?: string[];
  opts?: ImportOptions;
}

/** `n` hourly rows for machines m, with `cells(i, m)` after the timestamp and machine. */
function hourly(n: number, machines: string[], cells: (i: number, m: number) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(2016, 0, 1, i)).toISOString().slice(0, 19).replace('T', ' ');
    machines.forEach((m, k) => out.push(`${d},${m},${cells(i, k)}`));
  }
  return out;
}

const CASES: Case[] = [
  {
    about: 'Backblaze drive stats: failure 0/1 is a failure flag, model text left out',
    file: '2016-01-01.csv',
    lines: [
      'date,serial_number,model,capacity_bytes,failure,smart_1_normalized,smart_1_raw,smart_9_raw',
      ...hourly(30, ['MJ0351YNG9Z0XA', 'Z305B2QN'], (i, m) =>
        [
          m ? 'ST4000DM000' : 'Hitachi HDS5C3030ALA630',
          '4000787030016',
          i === 20 && m === 1 ? '1' : '0',
          String(100 + (i % 7)),
          String(1200 + i * 3),
          String(9000 + i),
        ].join(','),
      ),
    ],
    kind: 'telemetry',
    roles: {
      date: 'timestamp',
      serial_number: 'machine',
      model: 'ignore',
      capacity_bytes: 'sensor',
      failure: 'failure-flag',
      smart_9_raw: 'sensor',
    },
    assumed: [
      /'failure' holds only '0', '1': read as a failure flag \(a failure where it turns 1\); component 'failure' — give another with --failure-component/,
      /'model' holds the machine model/,
    ],
    codes: ['flag-failure', 'machine-model-left-out'],
  },
  {
    about: 'a failure flag names the component given',
    file: 'drives.csv',
    lines: [
      'date,serial_number,failure,smart_5_raw,smart_9_raw',
      ...hourly(5, ['A1', 'B2'], (i) => `${i === 3 ? 'true' : 'false'},${i},${100 + i}`),
    ],
    opts: { failureComponent: 'disk' },
    kind: 'telemetry',
    roles: { failure: 'failure-flag' },
    assumed: [/turns true\); component 'disk'/],
  },
  {
    about: 'wind-farm failure logbook named failures: a failures log',
    file: 'wind-farm-1-failures-2016.csv',
    lines: [
      'Turbine_ID,Component,Timestamp,Remarks',
      'T07,GENERATOR_BEARING,2016-04-30T12:40:00+00:00,"High temperature in generator bearing, replaced"',
      'T06,HYDRAULIC_GROUP,2016-06-07T16:59:00+00:00,Oil leakage in hub',
      'T01,GEARBOX,2016-07-18T02:10:00+00:00,Gearbox pump damaged',
    ],
    kind: 'failures',
    roles: { Turbine_ID: 'machine', Component: 'event', Timestamp: 'timestamp', Remarks: 'ignore' },
    assumed: [
      /'Component' names components and the file name says failures: read as a failures log/,
    ],
  },
  {
    about: 'the same logbook under a name that says nothing: maintenance, said so',
    file: 'logbook.csv',
    lines: ['Turbine_ID,Component,Timestamp,Remarks', 'T07,GEARBOX,2016-04-30 12:40:00,x'],
    kind: 'maint',
    roles: { Component: 'event' },
    assumed: [/neither the header nor the file name says failures or maintenance/],
  },
  {
    about: 'compressor stream: COMP holding numbers is a sensor',
    file: 'air-compressor.csv',
    lines: [
      'timestamp,unit_id,TP2,TP3,Oil_temperature,Motor_current,COMP',
      ...hourly(40, ['APU1'], (i) =>
        [
          (9 + (i % 3) * 0.1).toFixed(3),
          '9.358',
          '53.6',
          '0.04',
          (0.5 + (i % 9) * 0.05).toFixed(2),
        ].join(','),
      ),
    ],
    kind: 'telemetry',
    roles: { unit_id: 'machine', COMP: 'sensor', TP2: 'sensor' },
    assumed: [/'COMP' holds numbers: read as a sensor, not as components/],
  },
  {
    about: 'compressor stream: COMP as an on/off signal is still a sensor',
    file: 'metro.csv',
    lines: [
      'timestamp,unit_id,TP2,TP3,COMP,DV_eletric,Towers',
      ...hourly(40, ['APU1'], (i) => `${(i % 5) * 0.7},9.3,${i % 2},${(i + 1) % 2},1`),
    ],
    kind: 'telemetry',
    roles: { COMP: 'sensor', DV_eletric: 'sensor', Towers: 'sensor' },
    assumed: [/'COMP' holds only '[01]', '[01]': read as a sensor \(an on\/off signal\)/],
  },
  {
    about: 'CMMS work orders: component in every row, cost and hours are attributes',
    file: 'work_orders.csv',
    lines: [
      'WO Number,Timestamp,Asset ID,Component,Description,Labor Hours,Cost',
      '4711,2014-10-03 06:00:00,P-101A,impeller,"Replace impeller, worn",3.5,1200.50',
      '4712,2014-10-13 06:00:00,P-102B,mech_seal,Seal leak,2,340',
      '4713,2014-11-02 06:00:00,P-101A,bearing,Noise,4.25,610',
    ],
    kind: 'maint',
    roles: {
      Component: 'event',
      'Labor Hours': 'ignore',
      Cost: 'ignore',
      Description: 'ignore',
      'WO Number': 'ignore',
    },
    assumed: [/'Component' names an event in most rows, so this is an event log/],
  },
  {
    about: 'PdM telemetry',
    file: 'PdM_telemetry.csv',
    lines: [
      'datetime,machineID,volt,rotate,pressure,vibration',
      '2015-01-01 06:00:00,1,176.217853015625,418.504078221616,113.077935462083,45.0876857639276',
    ],
    kind: 'telemetry',
    roles: { datetime: 'timestamp', machineID: 'machine', volt: 'sensor', vibration: 'sensor' },
    noAssumptions: true,
  },
  {
    about: 'PdM errors',
    file: 'PdM_errors.csv',
    lines: ['datetime,machineID,errorID', '2015-01-03 07:00:00,1,error1'],
    kind: 'errors',
    roles: { errorID: 'event' },
    noAssumptions: true,
  },
  {
    about: 'PdM maintenance: comp, file name says maint',
    file: 'PdM_maint.csv',
    lines: ['datetime,machineID,comp', '2014-06-01 06:00:00,1,comp2'],
    kind: 'maint',
    roles: { comp: 'event' },
    assumed: [/file name says maintenance/],
  },
  {
    about: 'PdM failures',
    file: 'PdM_failures.csv',
    lines: ['datetime,machineID,failure', '2015-01-05 06:00:00,1,comp4'],
    kind: 'failures',
    roles: { failure: 'event' },
    noAssumptions: true,
  },
  {
    about: 'PdM machines',
    file: 'PdM_machines.csv',
    lines: ['machineID,model,age', '1,model3,18'],
    kind: 'machines',
    roles: { machineID: 'machine', model: 'model', age: 'age' },
    noAssumptions: true,
  },
  {
    about: 'alarm log with description and a numeric severity',
    file: 'alarms.csv',
    lines: [
      'Timestamp,Asset,Alarm,Description,Severity',
      '2015-03-02 12:16:00,P-101A,SEAL_LEAK,Seal leak detected,2',
      '2015-03-02 23:12:00,P-102B,OVERTEMP,Bearing over temperature,3',
    ],
    kind: 'errors',
    roles: { Asset: 'machine', Alarm: 'event', Description: 'ignore', Severity: 'ignore' },
  },
  {
    about: 'alarm log with whole-number codes in every row, severity and duration beside',
    file: 'events.csv',
    lines: [
      'Timestamp,Asset,Alarm Code,Severity,Duration',
      '2015-03-02 12:16:00,P-101A,101,2,35.5',
      '2015-03-02 23:12:00,P-102B,205,3,12',
      '2015-03-03 04:40:00,P-101A,101,2,8.25',
    ],
    kind: 'errors',
    roles: { 'Alarm Code': 'event', Severity: 'ignore', Duration: 'ignore' },
    assumed: [
      /'Alarm Code' names an event in most rows, so this is an event log; its numeric columns \('Severity', 'Duration'\)/,
    ],
  },
  {
    about: 'telemetry with a status code column holding codes now and then',
    file: 'line3.csv',
    lines: [
      'Timestamp,Machine,Temp,Pressure,Status Code',
      ...hourly(20, ['M1', 'M2'], (i, m) => `${60 + i},${4 + m},${i === 7 ? 'E101' : ''}`),
    ],
    kind: 'telemetry',
    roles: { Temp: 'sensor', 'Status Code': 'error' },
    assumed: [/'Status Code' holds codes \('E101'\): read as alarms\/errors/],
  },
  {
    about: 'telemetry with whole-number alarm codes',
    file: 'line4.csv',
    lines: [
      'Timestamp,Machine,Temp,Pressure,Alarm Code',
      ...hourly(20, ['M1'], (i) => `${60.5 + i},4.2,${i === 7 ? '17' : '0'}`),
    ],
    kind: 'telemetry',
    roles: { 'Alarm Code': 'error' },
    assumed: [/'Alarm Code' holds whole numbers: read as alarm\/error codes/],
  },
  {
    about: 'telemetry with a failed-component column, mostly empty',
    file: 'pumps.csv',
    lines: [
      'datetime,machineID,volt,rotate,failure',
      ...hourly(20, ['1', '2'], (i, m) => `${170 + i},${400 + m},${i === 9 && m ? 'comp2' : ''}`),
    ],
    kind: 'telemetry',
    roles: { failure: 'failure' },
    assumed: [/'failure' holds text \('comp2'\): read as the failed component/],
  },
  {
    about: 'a component column beside readings, file name says nothing: left out, said so',
    file: 'pumps.csv',
    lines: [
      'datetime,machineID,volt,rotate,Component',
      ...hourly(20, ['1'], (i) => `${170 + i},${400 + i},${i === 4 ? 'impeller' : ''}`),
    ],
    kind: 'telemetry',
    roles: { Component: 'ignore' },
    assumed: [/'Component' names components .* left out; map it with --map "Component=failure"/],
  },
  {
    about: 'the same in a file named as maintenance: replacements',
    file: 'pumps-maintenance.csv',
    lines: [
      'datetime,machineID,volt,rotate,Component',
      ...hourly(20, ['1'], (i) => `${170 + i},${400 + i},${i === 4 ? 'impeller' : ''}`),
    ],
    kind: 'telemetry',
    roles: { Component: 'maint' },
    assumed: [/file name says maintenance: read as replacements/],
  },
];

describe('detection: kind and roles from headers and values', () => {
  it.each(CASES.map((c) => [c.about, c] as const))('%s', async (_, c) => {
    const store = await Store.open(null);
    const r = await importCsv(store, memSource(c.file, c.lines.join('\n') + '\n'), {
      ...c.opts,
      dryRun: true,
    });
    expect(r.kind).toBe(c.kind);
    expect(r.mapping.kind).toBe(c.kind);
    const roles = Object.fromEntries(r.mapping.columns.map((x) => [x.name, x.role]));
    for (const [col, role] of Object.entries(c.roles)) {
      expect(roles[col], `role of ${col}`).toBe(role);
    }
    for (const re of c.assumed ?? []) {
      expect(
        r.mapping.assumptions.some((a) => re.test(a)),
        `${re} in ${r.mapping.assumptions.join(' | ')}`,
      ).toBe(true);
    }
    if (c.noAssumptions) expect(r.mapping.assumptions).toEqual([]);
    // The UI words each assumption from its code: one code per sentence, same column.
    const codes = r.mapping.assumptionCodes;
    expect(codes).toHaveLength(r.mapping.assumptions.length);
    codes.forEach((a, k) => {
      if (a.params.col !== undefined) {
        expect(r.mapping.assumptions[k]).toContain(`'${a.params.col}'`);
      }
    });
    for (const code of c.codes ?? []) expect(codes.map((a) => a.code)).toContain(code);
    // The mapping a profile keeps reads the file the same way, with no detection left.
    const again = await importCsv(store, memSource(c.file, c.lines.join('\n') + '\n'), {
      ...r.mapping.mapping,
      dryRun: true,
    });
    expect(again.mapping.columns).toEqual(r.mapping.columns);
    store.close();
  });

  it('a status column of running states is refused as text, naming it', async () => {
    const store = await Store.open(null);
    const lines = [
      'Timestamp,Machine,Temp,Pressure,Status',
      ...hourly(10, ['M1'], (i) => `${60 + i},4,${i % 3 ? 'RUN' : 'STOP'}`),
    ];
    const e = await importCsv(store, memSource('s.csv', lines.join('\n') + '\n'), {
      dryRun: true,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).message).toMatch(/'Status'.*RUN.*--map "Status=ignore"/);
    // The refusal still says how far detection got, for the preview's mapping editor.
    expect((e as ImportError).mapping?.kind).toBe('telemetry');
    store.close();
  });

  it('an explicit map wins over value detection', async () => {
    const store = await Store.open(null);
    const lines = [
      'date,serial_number,failure,smart_5_raw,smart_9_raw',
      ...hourly(5, ['A1'], (i) => `0,${i},${100 + i}`),
    ];
    const r = await importCsv(store, memSource('d.csv', lines.join('\n') + '\n'), {
      map: { failure: 'sensor' },
      dryRun: true,
    });
    expect(r.mapping.columns.find((c) => c.name === 'failure')?.role).toBe('sensor');
    expect(r.mapping.assumptions).toEqual([]);
    store.close();
  });

  it('an undecidable date form refuses the file but still says how it was read', async () => {
    const store = await Store.open(null);
    const e = await importCsv(
      store,
      memSource('ambiguous-dates.csv', fixture('ambiguous-dates.csv')),
      {
        dryRun: true,
      },
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).reason).toBe('ambiguous-date');
    expect((e as ImportError).mapping).toMatchObject({ kind: 'maint', timestampForm: null });
    store.close();
  });

  it('a file of failure flags alone is refused, saying why', async () => {
    const store = await Store.open(null);
    const text = 'date,serial_number,failure\n2016-01-01,A,0\n2016-01-02,A,1\n';
    await expect(importCsv(store, memSource('flags.csv', text), { dryRun: true })).rejects.toThrow(
      /flags\.csv: 'failure' holds only flags .* but the file has no sensor column/,
    );
    store.close();
  });
});
