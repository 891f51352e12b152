/**
 * The plant simulator: a seeded, platform-neutral generator of the five CSV exports
 * of a plant (PdM_telemetry/errors/maint/failures/machines), in exactly the format of
 * the Microsoft sample. Output is streamed to a sink in chunks (one per machine and
 * file, or about every CHUNK_BYTES), so 1000 machines x 365 days (about 850 MB of
 * telemetry) streams with flat memory; the same code runs in the CLI and in the
 * renderer's Web Worker ("Open demo plant").
 */
import { throwIfCancelled, type ProgressFn } from '../shared/types';
import { civilToEpoch, formatEpoch } from '../shared/time';
import { formatValue, readingStamps } from './csv-format';
import {
  baselineFor,
  drawMachine,
  simulateMachineEvents,
  stopsOnFailure,
  telemetryRng,
  type MachineEvent,
} from './machine-sim';
import {
  COMPONENTS,
  ERROR_TYPES,
  MODELS,
  SENSORS,
  SIGNATURE,
  SIGNATURE_HOURS,
} from './plant-model';

export type PlantFileKind = 'telemetry' | 'errors' | 'maint' | 'failures' | 'machines';

/** The five files in the order their first chunks are emitted. */
export const PLANT_FILE_KINDS: readonly PlantFileKind[] = [
  'machines',
  'telemetry',
  'errors',
  'maint',
  'failures',
];

/** File names as in the original data set. */
export const PLANT_FILE_NAMES: Record<PlantFileKind, string> = {
  telemetry: 'PdM_telemetry.csv',
  errors: 'PdM_errors.csv',
  maint: 'PdM_maint.csv',
  failures: 'PdM_failures.csv',
  machines: 'PdM_machines.csv',
};

/** Header lines, exactly as in the sample. */
export const PLANT_HEADERS: Record<PlantFileKind, string> = {
  telemetry: 'datetime,machineID,volt,rotate,pressure,vibration',
  errors: 'datetime,machineID,errorID',
  maint: 'datetime,machineID,comp',
  failures: 'datetime,machineID,failure',
  machines: 'machineID,model,age',
};

export interface SimulateOptions {
  /** Number of machines, ids 1..N. Default 100; 1..100000. */
  machines?: number;
  /** Days of telemetry (86400 / intervalSeconds rows per machine per day). Default 365; 1..3660. */
  days?: number;
  /**
   * Seconds between telemetry readings, 1 (1 Hz) to 604800 (weekly). Default 3600
   * (hourly, as the sample). See eventTimeScale for how events follow the interval.
   */
  intervalSeconds?: number;
  /**
   * Fraction 0..1 of machines whose data ends at their first failure (units pulled
   * from the fleet, like failed hard drives): no reading at or after it, no later
   * error, maintenance or failure. Which machines is drawn from the seed. Default 0.
   */
  stopOnFailure?: number;
  /**
   * A healthy plant: no component fails (no failures file rows, no sensor signatures,
   * no errors announcing a failure); maintenance visits with scheduled replacements,
   * near-miss alarms and the other errors stay. For measuring false alarms. Default false.
   */
  healthy?: boolean;
  /** First day, `YYYY-MM-DD`; telemetry starts at 06:00 that day like the sample. Default '2015-01-01'. */
  start?: string;
  /** Seed: the same seed and options give byte-identical files. Default 1; 0..2^32-1. */
  seed?: number;
  /** Aborting stops between machines with a CancelledError. */
  signal?: AbortSignal;
  /** Called after each machine (phase 'simulate', done/total machines). */
  onProgress?: ProgressFn;
  /** Telemetry is flushed when a buffer passes this many characters. Default 1 MiB. */
  chunkBytes?: number;
}

export interface SimulateSummary {
  machines: number;
  days: number;
  /** Seconds between readings. */
  intervalSeconds: number;
  /** Machines whose data ends at their first failure (--stop-on-failure). */
  stopped: number;
  start: string;
  seed: number;
  /** Data rows (without header) per file. */
  rows: Record<PlantFileKind, number>;
}

export type PlantSink = (file: PlantFileKind, chunk: string) => void | Promise<void>;

const DEFAULTS = {
  machines: 100,
  days: 365,
  start: '2015-01-01',
  seed: 1,
  chunkBytes: 1 << 20,
  intervalSeconds: 3600,
  stopOnFailure: 0,
  healthy: false,
};
/** Most telemetry rows one machine may have (about 116 days at 1 Hz). */
export const MAX_READINGS_PER_MACHINE = 10_000_000;
/** Longest reading interval: a week. */
export const MAX_INTERVAL_SECONDS = 7 * 86400;
/**
 * A failure's sensor signature spans at least this many readings, so it shows in
 * windows of a few steps also when readings are daily (48 h would be two readings).
 */
export const SIGNATURE_MIN_READINGS = 6;
const HOURS_PER_YEAR = 8760;

/**
 * Seconds of real time per hour of the event model (plant-model.ts is written in
 * hours: 15-day visits, 48 h signatures, errors 24 h before a failure, wear over
 * months). Hourly and slower readings keep real hours, so a daily fleet has the
 * hourly plant's failure rates. Faster readings over less than a year (a 1 Hz test
 * bed for a day, minute data for a few days) have a year of wear compressed into
 * the span: one model hour lasts span / 8760 seconds (at least 1 s), so failures,
 * errors and visits happen inside the span at about the plant's yearly counts.
 */
export function eventTimeScale(intervalSeconds: number, spanSeconds: number): number {
  if (intervalSeconds >= 3600) return 3600;
  return Math.max(1, Math.min(3600, Math.floor(spanSeconds / HOURS_PER_YEAR)));
}

/** Seconds a failure's sensor signature lasts before it (48 model hours, at least 6 readings). */
export function signatureSeconds(intervalSeconds: number, scale: number): number {
  return Math.max(SIGNATURE_HOURS * scale, SIGNATURE_MIN_READINGS * intervalSeconds);
}
/** Telemetry begins at 06:00 on the start day, as in the original exports. */
const START_HOUR = 6;

interface Resolved {
  machines: number;
  days: number;
  start: string;
  seed: number;
  chunkBytes: number;
  t0: number;
  intervalSeconds: number;
  stopOnFailure: number;
  healthy: boolean;
  /** Telemetry rows per machine (before --stop-on-failure cuts). */
  readings: number;
}

/** Validates options up front; throws a RangeError naming the parameter and allowed range. */
export function resolveSimulateOptions(opts: SimulateOptions = {}): Resolved {
  const machines = opts.machines ?? DEFAULTS.machines;
  const days = opts.days ?? DEFAULTS.days;
  const start = opts.start ?? DEFAULTS.start;
  const seed = opts.seed ?? DEFAULTS.seed;
  const chunkBytes = opts.chunkBytes ?? DEFAULTS.chunkBytes;
  const whole = (v: number, name: string, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new RangeError(
        `${name} must be a whole number from ${min} to ${max}, got ${String(v)}`,
      );
    }
  };
  whole(machines, 'machines', 1, 100_000);
  whole(days, 'days', 1, 3660);
  whole(seed, 'seed', 0, 0xffffffff);
  whole(chunkBytes, 'chunkBytes', 1024, 64 << 20);
  const intervalSeconds = opts.intervalSeconds ?? DEFAULTS.intervalSeconds;
  whole(intervalSeconds, 'interval', 1, MAX_INTERVAL_SECONDS);
  const readings = Math.floor((days * 86400) / intervalSeconds);
  if (readings < 1) {
    throw new RangeError(
      `interval (${intervalSeconds} s) must not be longer than the ${days} days simulated`,
    );
  }
  if (readings > MAX_READINGS_PER_MACHINE) {
    throw new RangeError(
      `interval: ${days} days at one reading every ${intervalSeconds} s is ${readings} readings per machine; ` +
        `at most ${MAX_READINGS_PER_MACHINE} (fewer days or a longer interval)`,
    );
  }
  const stopOnFailure = opts.stopOnFailure ?? DEFAULTS.stopOnFailure;
  if (typeof stopOnFailure !== 'number' || !(stopOnFailure >= 0 && stopOnFailure <= 1)) {
    throw new RangeError(
      `stop-on-failure must be a fraction from 0 to 1, got ${String(stopOnFailure)}`,
    );
  }
  const m = typeof start === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(start) : null;
  const t0 = m ? civilToEpoch(+m[1], +m[2], +m[3], START_HOUR) : NaN;
  if (!Number.isFinite(t0) || +m![1] < 1971 || +m![1] > 9000) {
    throw new RangeError(
      `start must be a date YYYY-MM-DD between 1971 and 9000, got '${String(start)}'`,
    );
  }
  return {
    machines,
    days,
    start,
    seed,
    chunkBytes,
    t0,
    intervalSeconds,
    stopOnFailure,
    healthy: opts.healthy ?? DEFAULTS.healthy,
    readings,
  };
}

/**
 * Generates a plant and hands its CSV text to `sink` chunk by chunk: first each
 * file's header line, then per machine its telemetry (split past `chunkBytes`),
 * errors, maintenance and failures; machines.csv comes whole first. Files are in
 * machine then time order like the sample. A sink returning a promise is awaited
 * (back-pressure). Returns the row counts.
 */
export async function simulatePlant(
  opts: SimulateOptions,
  sink: PlantSink,
): Promise<SimulateSummary> {
  const o = resolveSimulateOptions(opts);
  const step = o.intervalSeconds;
  const n = o.readings;
  const span = n * step;
  // The event model runs in model hours of `scale` seconds (3600 for hourly data).
  const scale = eventTimeScale(step, span);
  const modelHours = Math.ceil(span / scale);
  const sigSeconds = signatureSeconds(step, scale);
  const [bv, br, bp, bb] = baselineFor(sigSeconds / scale);
  const stamp = readingStamps(o.t0, step, n);
  const eventStamp = (h: number) => {
    const sec = h * scale;
    const r = sec / step;
    return Number.isInteger(r) && r >= 0 && r < n ? stamp(r) : formatEpoch(o.t0 + sec);
  };
  const rows: Record<PlantFileKind, number> = {
    telemetry: 0,
    errors: 0,
    maint: 0,
    failures: 0,
    machines: 0,
  };
  let stopped = 0;
  const emit = async (file: PlantFileKind, chunk: string) => {
    const r = sink(file, chunk);
    if (r && typeof (r as Promise<void>).then === 'function') await r;
  };

  const specs = [];
  let machinesCsv = PLANT_HEADERS.machines + '\n';
  for (let id = 1; id <= o.machines; id++) {
    const spec = drawMachine(o.seed, id);
    specs.push(spec);
    machinesCsv += `${id},${MODELS[spec.model]},${spec.age}\n`;
  }
  rows.machines = o.machines;
  await emit('machines', machinesCsv);
  for (const k of PLANT_FILE_KINDS) if (k !== 'machines') await emit(k, PLANT_HEADERS[k] + '\n');

  const events = (list: MachineEvent[], id: number, names: readonly string[]) => {
    let s = '';
    for (const e of list) s += `${eventStamp(e.h)},${id},${names[e.kind]}\n`;
    return s;
  };
  const sensorOf = COMPONENTS.map((c) => SENSORS.indexOf(SIGNATURE[c].sensor));

  for (const spec of specs) {
    throwIfCancelled(opts.signal);
    const id = spec.id;
    const ev = simulateMachineEvents(o.seed, spec, modelHours, o.healthy);
    let readings = n;
    if (ev.failures.length && stopsOnFailure(o.seed, id, o.stopOnFailure)) {
      // Pulled at its first failure: nothing is recorded after it (the errors that
      // announced it are kept, the replacement visit is not).
      const hf = ev.failures[0].h;
      readings = Math.min(n, Math.ceil((hf * scale) / step));
      ev.failures = ev.failures.filter((e) => e.h === hf);
      ev.errors = ev.errors.filter((e) => e.h <= hf);
      ev.maint = ev.maint.filter((e) => e.h < hf);
      stopped++;
    }
    // Signatures as offset changes at reading indices; shifts are whole numbers, so
    // adding and taking them off again is exact.
    const changes: { r: number; sensor: number; delta: number }[] = [];
    for (const f of ev.signatures) {
      const end = f.h * scale;
      const r0 = Math.max(0, Math.ceil((end - sigSeconds) / step));
      const r1 = Math.min(readings, Math.ceil(end / step));
      if (r0 >= r1) continue;
      const shift = SIGNATURE[COMPONENTS[f.kind]].shift;
      changes.push({ r: r0, sensor: sensorOf[f.kind], delta: shift });
      changes.push({ r: r1, sensor: sensorOf[f.kind], delta: -shift });
    }
    changes.sort((x, y) => x.r - y.r);
    const off = [0, 0, 0, 0];
    let next = 0;
    let nextAt = changes.length ? changes[0].r : Infinity;
    const rng = telemetryRng(o.seed, id);
    // Rows are collected and joined per chunk: a flat string per chunk is much
    // cheaper for sinks that keep chunks than a rope built by `+=`.
    let lines: string[] = [];
    let size = 0;
    for (let r = 0; r < readings; r++) {
      while (r >= nextAt) {
        const c = changes[next++];
        off[c.sensor] += c.delta;
        nextAt = next < changes.length ? changes[next].r : Infinity;
      }
      const volt = bv.mean + bv.sd * rng.normal() + off[0];
      const rotate = br.mean + br.sd * rng.normal() + off[1];
      const pressure = bp.mean + bp.sd * rng.normal() + off[2];
      const vibration = bb.mean + bb.sd * rng.normal() + off[3];
      const line =
        stamp(r) +
        ',' +
        id +
        ',' +
        formatValue(volt) +
        ',' +
        formatValue(rotate) +
        ',' +
        formatValue(pressure) +
        ',' +
        formatValue(vibration) +
        '\n';
      lines.push(line);
      size += line.length;
      if (size >= o.chunkBytes) {
        await emit('telemetry', lines.join(''));
        lines = [];
        size = 0;
      }
    }
    if (lines.length) await emit('telemetry', lines.join(''));
    rows.telemetry += readings;
    if (ev.errors.length) await emit('errors', events(ev.errors, id, ERROR_TYPES));
    if (ev.maint.length) await emit('maint', events(ev.maint, id, COMPONENTS));
    if (ev.failures.length) await emit('failures', events(ev.failures, id, COMPONENTS));
    rows.errors += ev.errors.length;
    rows.maint += ev.maint.length;
    rows.failures += ev.failures.length;
    opts.onProgress?.({ phase: 'simulate', done: id, total: o.machines });
  }
  return {
    machines: o.machines,
    days: o.days,
    intervalSeconds: step,
    stopped,
    start: o.start,
    seed: o.seed,
    rows,
  };
}

/** Largest plant simulatePlantInMemory accepts (machines x days of hourly readings), about 350 MB of text. */
export const IN_MEMORY_LIMIT = 150_000;

/** The five CSV texts of a small plant, for tests and the browser demo. */
export async function simulatePlantInMemory(
  opts: SimulateOptions = {},
): Promise<Record<PlantFileKind, string> & { summary: SimulateSummary }> {
  const o = resolveSimulateOptions(opts);
  // Counted in readings: machines x days for hourly data, as many rows for any interval.
  const readings = o.machines * o.readings;
  if (readings > IN_MEMORY_LIMIT * 24) {
    throw new RangeError(
      o.intervalSeconds === 3600
        ? `machines x days must be at most ${IN_MEMORY_LIMIT} in memory (got ${o.machines * o.days}); stream with simulatePlant`
        : `machines x readings must be at most ${IN_MEMORY_LIMIT * 24} in memory (got ${readings}); stream with simulatePlant`,
    );
  }
  const parts: Record<PlantFileKind, string[]> = {
    telemetry: [],
    errors: [],
    maint: [],
    failures: [],
    machines: [],
  };
  const summary = await simulatePlant(opts, (file, chunk) => {
    parts[file].push(chunk);
  });
  return {
    telemetry: parts.telemetry.join(''),
    errors: parts.errors.join(''),
    maint: parts.maint.join(''),
    failures: parts.failures.join(''),
    machines: parts.machines.join(''),
    summary,
  };
}
