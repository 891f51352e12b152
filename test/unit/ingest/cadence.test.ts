/**
 * The cadence measured at import: per machine the median interval between its readings
 * in the file, the median over machines, and the plant's cadence checked against it.
 */
import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest/import-csv';
import { CadenceMeter, SAMPLE_PER_MACHINE } from '../../../workers/ingest/cadence-meter';
import { setPlantCadence } from '../../../workers/store/plant-settings';
import { defaultCadence } from '../../../workers/shared/cadence';
import { formatEpoch } from '../../../workers/shared/time';
import { memSource } from './helpers';

const H = 3600;
const D = 86400;
const T0 = Date.UTC(2020, 0, 1, 6) / 1000;

/** Telemetry CSV text from (machine, epoch seconds) readings, in the order given. */
function csv(rows: [string, number][]): string {
  const time = (t: number) => {
    const whole = Math.floor(t);
    const ms = Math.round((t - whole) * 1000);
    return formatEpoch(whole) + (ms ? '.' + String(ms).padStart(3, '0') : '');
  };
  return (
    'datetime,machineID,volt\n' +
    rows.map(([m, t], i) => `${time(t)},${m},${170 + (i % 7)}\n`).join('')
  );
}

/** `n` readings per machine every `step` seconds, machine after machine. */
function perMachine(machines: string[], n: number, step: number): [string, number][] {
  return machines.flatMap((m) =>
    Array.from({ length: n }, (_, i): [string, number] => [m, T0 + i * step]),
  );
}

/** The same readings interleaved: all machines at each time. */
function interleaved(machines: string[], n: number, step: number): [string, number][] {
  return Array.from({ length: n }, (_, i) =>
    machines.map((m): [string, number] => [m, T0 + i * step]),
  ).flat();
}

/** A fixed pseudo-random shuffle. */
function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  let s = 12345;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

async function check(rows: [string, number][], store?: Store) {
  const st = store ?? (await Store.open(null));
  const r = await importCsv(st, memSource('t.csv', csv(rows)));
  expect(r.kind).toBe('telemetry');
  return r.cadence;
}

describe('cadence measured at import', () => {
  it('daily readings: 24 h, and the daily proposal under the default settings', async () => {
    const c = await check(perMachine(['A', 'B', 'C'], 60, D));
    expect(c).toMatchObject({
      medianIntervalSeconds: D,
      machines: 3,
      spanSeconds: 59 * D,
      current: defaultCadence(),
      proposal: {
        stepSeconds: D,
        windowSeconds: [D, 3 * D, 7 * D],
        eventWindowSeconds: 3 * D,
        horizonSeconds: 14 * D,
      },
    });
    expect(c!.reason).toMatch(
      /^readings arrive once a day \(median interval 24h\) but the observation step is 12h/,
    );
  });

  it('hourly readings fit the defaults', async () => {
    const c = await check(interleaved(['1', '2', '3', '4'], 24 * 30, H));
    expect(c).toMatchObject({
      medianIntervalSeconds: H,
      machines: 4,
      proposal: null,
      reason: null,
    });
  });

  it('1 Hz readings (with milliseconds) get minutes', async () => {
    const rows = interleaved(['rig1', 'rig2'], 3000, 1).map(([m, t], i): [string, number] => [
      m,
      t + (i % 2 ? 0.25 : 0),
    ]);
    const c = await check(rows);
    expect(c).toMatchObject({ medianIntervalSeconds: 1, machines: 2 });
    expect(c!.proposal).toMatchObject({ stepSeconds: 60, windowSeconds: [300, 600, 1800] });
  });

  it('per-machine, interleaved and shuffled files measure the same', async () => {
    const machines = ['M1', 'M2', 'M3', 'M4', 'M5'];
    const a = await check(perMachine(machines, 200, 6 * H));
    const b = await check(interleaved(machines, 200, 6 * H));
    const c = await check(shuffled(perMachine(machines, 200, 6 * H)));
    const r = await check(perMachine(machines, 200, 6 * H).reverse());
    for (const x of [a, b, c, r])
      expect(x).toMatchObject({ medianIntervalSeconds: 6 * H, machines: 5 });
  });

  it('median over machines: machines reporting at other rates do not move it far', async () => {
    const rows = [
      ...perMachine(['A', 'B'], 50, D),
      ...perMachine(['C'], 50, H),
      ...perMachine(['D', 'E'], 50, D).map(([m, t]): [string, number] => [m, t + 1800]),
    ];
    expect(await check(rows)).toMatchObject({ medianIntervalSeconds: D, machines: 5 });
  });

  it('gaps and repeated rows do not change a machine median', async () => {
    const rows = perMachine(['A'], 100, H).filter((_, i) => i % 10 !== 5);
    rows.push(rows[3], rows[4]); // duplicates in the file
    expect(await check(rows)).toMatchObject({ medianIntervalSeconds: H, machines: 1 });
  });

  it('one machine with one reading: not measured (null)', async () => {
    expect(await check([['A', T0]])).toBeNull();
    expect(
      await check([
        ['A', T0],
        ['B', T0 + H],
      ]),
    ).toBeNull();
  });

  it('checks against the plant cadence, and spans the plant data, not only this file', async () => {
    const store = await Store.open(null);
    setPlantCadence(store, {
      stepSeconds: D,
      windowSeconds: [D, 3 * D, 7 * D],
      horizonSeconds: 14 * D,
    });
    // one new day of hourly readings on top of a month stored before
    await check(perMachine(['A', 'B'], 24 * 30, H), store);
    const c = await check(
      perMachine(['A', 'B'], 24, H).map(([m, t]): [string, number] => [m, t + 30 * D]),
      store,
    );
    expect(c).toMatchObject({ medianIntervalSeconds: H, current: { stepSeconds: D } });
    expect(c!.spanSeconds).toBe(31 * D - H);
    // 24 readings a step over 31 steps suit the daily grid; the file alone spans 23 h
    expect(c).toMatchObject({ reason: null, proposal: null });
    setPlantCadence(store, { stepSeconds: 7 * D, windowSeconds: [7 * D], eventWindowSeconds: D });
    const weekly = await check(
      [
        ['A', T0 + 40 * D],
        ['A', T0 + 40 * D + H],
      ],
      store,
    );
    expect(weekly!.reason).toMatch(/spans 40d, less than 10 observation steps of 168h/);
    expect(weekly!.proposal).toEqual(defaultCadence());
  });

  it('other kinds have no cadence; the report in import_log carries it', async () => {
    const store = await Store.open(null);
    const r = await importCsv(
      store,
      memSource('e.csv', 'datetime,machineID,errorID\n2020-01-01 06:00:00,1,error1\n'),
    );
    expect(r.cadence).toBeNull();
    await check(perMachine(['A'], 10, D), store);
    const logged = JSON.parse(
      String(store.scalar("SELECT report_json FROM import_log WHERE kind = 'telemetry'")),
    );
    expect(logged.cadence).toMatchObject({ medianIntervalSeconds: D });
  });
});

describe('CadenceMeter', () => {
  it('keeps each machine to its earliest readings whatever the order', () => {
    const n = SAMPLE_PER_MACHINE * 4;
    const times = shuffled(Array.from({ length: n }, (_, i) => T0 + i * 60));
    // later readings come every 10 minutes; the earliest ones every minute
    const later = Array.from({ length: n }, (_, i) => T0 + n * 60 + i * 600);
    const m = new CadenceMeter();
    for (const t of shuffled([...times, ...later])) m.add(7, t);
    expect(m.result()).toEqual({ medianIntervalSeconds: 60, machines: [7] });
  });

  it('measures at most MAX machines and none without two distinct times', () => {
    const m = new CadenceMeter();
    m.add(1, 5);
    m.add(1, 5);
    expect(m.result()).toBeNull();
    m.add(2, 10);
    m.add(2, 40);
    m.add(2, 70);
    expect(m.result()).toEqual({ medianIntervalSeconds: 30, machines: [2] });
  });
});
