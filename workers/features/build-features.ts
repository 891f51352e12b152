/**
 * buildFeatures: the analysis data set of FEATURES.md for a date range and optional
 * machine subset, read from the plant database one machine at a time (memory is the
 * output plus one machine's readings).
 */
import type { Store } from '../store/store';
import { throwIfCancelled, type FeatureSet, type ProgressFn } from '../shared/types';
import { computeMachineFeatures, type MachineFeatures } from './machine-features';
import { MachineReader } from './read-machine';
import { machinesWithTelemetry } from '../store/telemetry-store';
import { featureSchema, type FeatureSchema } from './schema';
import { plantCadence } from '../store/plant-settings';
import { assertCadence, sameCadence, type Cadence } from '../shared/cadence';

export interface BuildFeaturesOptions {
  /** First observation time (inclusive, seconds). Default: the plant's first. */
  from?: number;
  /** Last observation time (inclusive, seconds). Default: the plant's last. */
  to?: number;
  /** Machine keys (Store.machineKey) to build; default every machine with telemetry. Unknown keys give no rows. */
  machines?: number[];
  /**
   * Step, windows, event window and horizon. Default: the schema's when one is given,
   * else the plant's settings.
   */
  cadence?: Cadence;
  /** Compute labels; false (scoring without known failures) gives label -1. Default true. */
  labels?: boolean;
  /** Called after each machine with phase 'features'. */
  onProgress?: ProgressFn;
  /** Checked between machines; aborting throws CancelledError and returns nothing. */
  signal?: AbortSignal;
  /** A schema to use instead of the store's (e.g. a model's); default featureSchema(store). */
  schema?: FeatureSchema;
}

/** Validates options up front; RangeError names the parameter and the allowed range. */
export function validateBuildOptions(opts: BuildFeaturesOptions): void {
  const { from, to, cadence, machines } = opts;
  for (const [name, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (v !== undefined && !Number.isFinite(v)) {
      throw new RangeError(`${name} must be a finite time in seconds, got ${v}`);
    }
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new RangeError(`from (${from}) must not be after to (${to})`);
  }
  if (cadence !== undefined) assertCadence(cadence);
  if (machines) {
    for (const m of machines) {
      if (!Number.isSafeInteger(m)) {
        throw new RangeError(`machines must hold whole numbers, got ${m}`);
      }
    }
  }
}

/** Horizon in whole seconds, as the reference rounds it. */
export function horizonSeconds(horizonDays = 7): number {
  return Math.round(horizonDays * 86400);
}

/** The cadence a build uses: the option, else the given schema's, else the plant's. */
function buildCadence(store: Store, opts: BuildFeaturesOptions): Cadence {
  if (opts.cadence && opts.schema && !sameCadence(opts.cadence, opts.schema.cadence)) {
    throw new RangeError('cadence and schema disagree: the schema was made for another cadence');
  }
  return opts.cadence ?? opts.schema?.cadence ?? plantCadence(store);
}

/** The plant's cadence with another label horizon (days), for one-off builds. */
export function cadenceWithHorizon(store: Store, horizonDays: number | undefined): Cadence {
  const c = plantCadence(store);
  return horizonDays === undefined ? c : { ...c, horizonSeconds: horizonSeconds(horizonDays) };
}

/** Features and labels for the machines and range, rows ordered by machine then time. */
export function buildFeatures(store: Store, opts: BuildFeaturesOptions = {}): FeatureSet {
  validateBuildOptions(opts);
  const cadence = buildCadence(store, opts);
  const schema = opts.schema ?? featureSchema(store, cadence);
  const names = store.machineNames();
  const ids = store.sortMachineKeys(
    opts.machines ? new Set(opts.machines) : machinesWithTelemetry(store),
    names,
  );
  const sizes = {
    nSensors: schema.sensors.length,
    nErrorTypes: schema.errorTypes.length,
    nComponents: schema.components.length,
    nModels: schema.models.length,
  };
  const F = schema.featureNames.length;
  const reader = new MachineReader(store, schema, cadence);
  const parts: { id: number; f: MachineFeatures }[] = [];
  let rows = 0;
  try {
    for (let i = 0; i < ids.length; i++) {
      throwIfCancelled(opts.signal);
      const data = reader.read(ids[i], { from: opts.from, to: opts.to });
      const f = computeMachineFeatures(data, {
        ...sizes,
        from: opts.from,
        to: opts.to,
        cadence,
        labels: opts.labels,
      });
      if (f.t.length > 0) {
        parts.push({ id: ids[i], f });
        rows += f.t.length;
      }
      opts.onProgress?.({ phase: 'features', done: i + 1, total: ids.length });
    }
  } finally {
    reader.close();
  }
  throwIfCancelled(opts.signal);
  return concatMachineFeatures(parts, rows, F, schema, names);
}

/** Joins per-machine results (in the given order) into one FeatureSet. */
export function concatMachineFeatures(
  parts: { id: number; f: MachineFeatures }[],
  rows: number,
  nFeatures: number,
  schema: Pick<FeatureSchema, 'featureNames' | 'labelNames'>,
  names: Map<number, string>,
): FeatureSet {
  const machineId = new Int32Array(rows);
  const t = new Float64Array(rows);
  const values = new Float64Array(rows * nFeatures);
  const label = new Int32Array(rows);
  const machineNames = new Map<number, string>();
  let r = 0;
  for (const { id, f } of parts) {
    machineNames.set(id, names.get(id) ?? String(id));
    const n = f.t.length;
    machineId.fill(id, r, r + n);
    t.set(f.t, r);
    values.set(f.values, r * nFeatures);
    label.set(f.label, r);
    r += n;
  }
  return {
    featureNames: [...schema.featureNames],
    rows,
    machineId,
    machineNames,
    t,
    values,
    labelNames: [...schema.labelNames],
    label,
  };
}
