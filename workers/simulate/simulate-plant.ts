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
import { formatValue, hourlyStamps } from './csv-format';
import {
  BASELINE,
  drawMachine,
  simulateMachineEvents,
  telemetryRng,
  type MachineEvent,
} from './machine-sim';
import { COMPONENTS, ERROR_TYPES, MODELS } from './plant-model';

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
  /** Days of hourly telemetry (24 rows per machine per day). Default 365; 1..3660. */
  days?: number;
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
  start: string;
  seed: number;
  /** Data rows (without header) per file. */
  rows: Record<PlantFileKind, number>;
}

export type PlantSink = (file: PlantFileKind, chunk: string) => void | Promise<void>;

const DEFAULTS = { machines: 100, days: 365, start: '2015-01-01', seed: 1, chunkBytes: 1 << 20 };
/** Telemetry begins at 06:00 on the start day, as in the original exports. */
const START_HOUR = 6;

interface Resolved {
  machines: number;
  days: number;
  start: string;
  seed: number;
  chunkBytes: number;
  t0: number;
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
  const m = typeof start === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(start) : null;
  const t0 = m ? civilToEpoch(+m[1], +m[2], +m[3], START_HOUR) : NaN;
  if (!Number.isFinite(t0) || +m![1] < 1971 || +m![1] > 9000) {
    throw new RangeError(
      `start must be a date YYYY-MM-DD between 1971 and 9000, got '${String(start)}'`,
    );
  }
  return { machines, days, start, seed, chunkBytes, t0 };
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
  const hours = o.days * 24;
  const stamps = hourlyStamps(o.t0, hours);
  const eventStamp = (h: number) =>
    h >= 0 && h < hours ? stamps[h] : formatEpoch(o.t0 + h * 3600);
  const rows: Record<PlantFileKind, number> = {
    telemetry: 0,
    errors: 0,
    maint: 0,
    failures: 0,
    machines: 0,
  };
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

  for (const spec of specs) {
    throwIfCancelled(opts.signal);
    const id = spec.id;
    const ev = simulateMachineEvents(o.seed, spec, hours);
    const rng = telemetryRng(o.seed, id);
    const [ov, or, op, ob] = ev.offsets;
    const [bv, br, bp, bb] = BASELINE;
    // Rows are collected and joined per chunk: a flat string per chunk is much
    // cheaper for sinks that keep chunks than a rope built by `+=`.
    let lines: string[] = [];
    let size = 0;
    for (let h = 0; h < hours; h++) {
      const volt = bv.mean + bv.sd * rng.normal() + ov[h];
      const rotate = br.mean + br.sd * rng.normal() + or[h];
      const pressure = bp.mean + bp.sd * rng.normal() + op[h];
      const vibration = bb.mean + bb.sd * rng.normal() + ob[h];
      const line =
        stamps[h] +
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
    rows.telemetry += hours;
    if (ev.errors.length) await emit('errors', events(ev.errors, id, ERROR_TYPES));
    if (ev.maint.length) await emit('maint', events(ev.maint, id, COMPONENTS));
    if (ev.failures.length) await emit('failures', events(ev.failures, id, COMPONENTS));
    rows.errors += ev.errors.length;
    rows.maint += ev.maint.length;
    rows.failures += ev.failures.length;
    opts.onProgress?.({ phase: 'simulate', done: id, total: o.machines });
  }
  return { machines: o.machines, days: o.days, start: o.start, seed: o.seed, rows };
}

/** Largest plant simulatePlantInMemory accepts (machines x days), about 350 MB of text. */
export const IN_MEMORY_LIMIT = 150_000;

/** The five CSV texts of a small plant, for tests and the browser demo. */
export async function simulatePlantInMemory(
  opts: SimulateOptions = {},
): Promise<Record<PlantFileKind, string> & { summary: SimulateSummary }> {
  const o = resolveSimulateOptions(opts);
  if (o.machines * o.days > IN_MEMORY_LIMIT) {
    throw new RangeError(
      `machines x days must be at most ${IN_MEMORY_LIMIT} in memory (got ${o.machines * o.days}); stream with simulatePlant`,
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
