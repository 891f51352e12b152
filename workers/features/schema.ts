/**
 * The feature and label schema of a plant (FEATURES.md): sensor names, error types,
 * components and machine models all come from the data, never from constants. The
 * schema is read from the whole plant (not from a machine subset or date range) so
 * that every build on the same data has the same columns and a model can check its
 * feature list against the data.
 */
import type { Store } from '../store/store';
import { plantCadence } from '../store/plant-settings';
import { eventNames } from '../store/events-store';
import { machineModels } from '../store/machines-store';
import { windowSuffix, type Cadence } from '../shared/cadence';

/** The label of observations with no failure within the horizon. */
export const NO_FAILURE = 'none';

export interface SensorColumn {
  name: string;
  /** The telemetry table column holding it (e.g. `s3`). */
  col: string;
}

export interface PlantSchema {
  /** Sensors in file (first-seen) order. */
  sensors: SensorColumn[];
  /** Error types sorted by name. */
  errorTypes: string[];
  /** Union of maint.comp and failures.failure, sorted by name. */
  components: string[];
  /** Machine models sorted by name. */
  models: string[];
}

export interface FeatureSchema extends PlantSchema {
  /** Step, windows, event window and horizon the features and labels are built with. */
  cadence: Cadence;
  /** Numeric feature columns in the golden file's order (no machineID, datetime, label). */
  featureNames: string[];
  /** 'none', then the components sorted by name. */
  labelNames: string[];
}

/** Sort order of names: by UTF-16 code unit, like Python's sorted() and SQLite BINARY for BMP text. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const NUMERIC_NAME = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Sorts names as the reference does: a column whose values are all numbers (error
 * codes 3, 22, 101; models 7, 10) is read as numbers by pandas and sorted by value,
 * anything else by code unit (compareNames). Sorts in place and returns the array.
 */
export function sortNames(names: string[]): string[] {
  if (names.length > 0 && names.every((n) => NUMERIC_NAME.test(n))) {
    return names.sort((a, b) => Number(a) - Number(b) || compareNames(a, b));
  }
  return names.sort(compareNames);
}

/** Reads the plant's schema from the store (small queries only). */
export function readPlantSchema(store: Store): PlantSchema {
  const sensors = store.sensors().map((s) => ({ name: s.name, col: s.col }));
  const errorTypes = sortNames(eventNames(store, 'errors'));
  const components = sortNames([
    ...new Set([...eventNames(store, 'maint'), ...eventNames(store, 'failures')]),
  ]);
  const models = sortNames(machineModels(store));
  return { sensors, errorTypes, components, models };
}

/**
 * Feature column names for a plant schema and cadence, in the golden file's order.
 * Window suffixes follow FEATURES.md: hours `12`, else minutes `5m`, else seconds `30s`.
 */
export function featureNamesFor(schema: PlantSchema, cadence: Cadence): string[] {
  const names: string[] = [];
  for (const w of cadence.windowSeconds) {
    const suffix = windowSuffix(w);
    for (const s of schema.sensors) {
      names.push(`${s.name}_mean_${suffix}`, `${s.name}_std_${suffix}`);
    }
  }
  const events = windowSuffix(cadence.eventWindowSeconds);
  for (const e of schema.errorTypes) names.push(`${e}_count_${events}`);
  for (const c of schema.components) names.push(`${c}_days_since_replace`);
  names.push('age');
  for (const m of schema.models) names.push(`model_${m}`);
  return names;
}

/** Adds the cadence and the feature and label names to a plant schema. */
export function withNames(schema: PlantSchema, cadence: Cadence): FeatureSchema {
  return {
    ...schema,
    cadence,
    featureNames: featureNamesFor(schema, cadence),
    labelNames: [NO_FAILURE, ...schema.components],
  };
}

/**
 * The feature list and label classes that buildFeatures produces for this plant (with
 * its cadence settings unless another cadence is given), so a trained model can check
 * that its expected features still match the data.
 */
export function featureSchema(store: Store, cadence: Cadence = plantCadence(store)): FeatureSchema {
  return withNames(readPlantSchema(store), cadence);
}
