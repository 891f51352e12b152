/**
 * Plant settings kept in the plant file (table meta): the plant's time zone, how many
 * observation steps old a machine's data may be before the ranking leaves it out, the
 * cadence, and the risk thresholds every screen, printed list and schedule uses.
 * Timestamps that carry an offset (or are epoch instants) are converted to this zone's
 * wall-clock time at import; times without an offset already are plant time (FEATURES.md).
 */
import { hostZone, type Store } from './store';
import {
  cadenceFromJson,
  assertCadence,
  cadenceToJson,
  defaultCadence,
  type Cadence,
} from '../shared/cadence';
import { FieldError } from '../shared/field-error';
import { DEFAULT_LEVELS, type RiskLevels } from '../report/maintenance-list';

export interface PlantSettings {
  /** IANA time zone name, e.g. Europe/Berlin. */
  timeZone: string;
  /**
   * A machine whose latest observation in a scoring run is more than this many
   * observation steps older than the run's data-as-of time is left out of the ranking
   * as "no recent data" (workers/score/stale.ts).
   */
  staleAfterSteps: number;
  /** Observation step, windows, event window and horizon (FEATURES.md, Cadence). */
  cadence: Cadence;
  /**
   * Risk at or above `high` is high, at or above `medium` medium: the ranking's levels,
   * the printed lists' default minimum risk (`high`) and the schedules' alerts.
   */
  thresholds: RiskLevels;
  /**
   * Machines the plant inspects per day: the top k of a day's list. The evaluation's
   * planner metrics (precision and recall at the budget) use it.
   */
  inspectionBudget: number;
}

/** Why thresholds are not valid (FieldError on 'high' or 'medium'); null when they are. */
export function thresholdsProblem(t: RiskLevels): FieldError | null {
  const pct = (p: number) => `${Math.round(p * 10000) / 100} %`;
  const ok = (p: unknown): p is number => typeof p === 'number' && p >= 0.01 && p <= 1;
  if (!ok(t.high)) {
    return new FieldError(
      'high',
      'range',
      `the high risk threshold must be from 1 % to 100 %, got ${String(t.high)}`,
      { min: '1 %', max: '100 %' },
    );
  }
  if (!ok(t.medium)) {
    return new FieldError(
      'medium',
      'range',
      `the medium risk threshold must be from 1 % to 100 %, got ${String(t.medium)}`,
      { min: '1 %', max: '100 %' },
    );
  }
  if (!(t.medium < t.high)) {
    return new FieldError(
      'medium',
      'below-high',
      `the medium risk threshold (${pct(t.medium)}) must be below the high one (${pct(t.high)})`,
      { medium: pct(t.medium), high: pct(t.high) },
    );
  }
  return null;
}

/** The plant's risk thresholds (50 % / 20 % when never set or unreadable). */
export function plantThresholds(store: Store): RiskLevels {
  const v = store.getMeta('risk_thresholds');
  if (v) {
    try {
      const t = JSON.parse(v) as RiskLevels;
      const read = { high: Number(t.high), medium: Number(t.medium) };
      if (!thresholdsProblem(read)) return read;
    } catch {
      /* a damaged value reads as the defaults */
    }
  }
  return { ...DEFAULT_LEVELS };
}

/** Sets the plant's risk thresholds; FieldError (nothing stored) when not valid. */
export function setPlantThresholds(store: Store, t: RiskLevels): RiskLevels {
  const next = { high: t.high, medium: t.medium };
  const bad = thresholdsProblem(next);
  if (bad) throw bad;
  store.setMeta('risk_thresholds', JSON.stringify(next));
  return next;
}

/** Default of `staleAfterSteps`: three 12-hour steps (36 hours). */
export const DEFAULT_STALE_AFTER_STEPS = 3;
export const MAX_STALE_AFTER_STEPS = 1000;

/** True for a whole number of steps in 1..1000. */
export function isValidStaleSteps(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_STALE_AFTER_STEPS;
}

/** The plant's stale-after setting in observation steps (the default when never set). */
export function plantStaleAfterSteps(store: Store): number {
  const v = store.getMeta('stale_after_steps');
  const n = v === null || v === undefined ? NaN : Number(v);
  return isValidStaleSteps(n) ? n : DEFAULT_STALE_AFTER_STEPS;
}

/** Sets the stale-after setting. Throws RangeError unless a whole number 1..1000. */
export function setPlantStaleAfterSteps(store: Store, steps: number): void {
  if (!isValidStaleSteps(steps)) {
    throw new RangeError(
      `'${String(steps)}' is not a number of steps; use a whole number from 1 to ${MAX_STALE_AFTER_STEPS}`,
    );
  }
  store.setMeta('stale_after_steps', String(steps));
}

/** True for an IANA zone name this platform knows ('UTC' included). */
export function isKnownTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.trim() === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The plant's time zone (this computer's when the file never had one). */
export function plantTimeZone(store: Store): string {
  return store.getMeta('time_zone') ?? hostZone();
}

/**
 * Sets the plant's time zone. Throws RangeError for a name that is not an IANA zone.
 * Stored rows are not changed: the zone applies to later imports.
 */
export function setPlantTimeZone(store: Store, zone: string): void {
  const z = zone.trim();
  if (!isKnownTimeZone(z)) {
    throw new RangeError(
      `'${zone}' is not a time zone name; use an IANA name such as Europe/Berlin, ` +
        'America/Chicago, Asia/Seoul or UTC',
    );
  }
  store.setMeta('time_zone', canonicalZone(z));
}

/** The platform's spelling of a zone name (`europe/berlin` -> `Europe/Berlin`). */
function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

/**
 * The plant's cadence (the reference's defaults when never set). A stored value that
 * does not read back as a valid cadence throws: features built on a silently different
 * grid would not match the plant's models.
 */
export function plantCadence(store: Store): Cadence {
  const v = store.getMeta('cadence');
  return v === null ? defaultCadence() : cadenceFromJson(v, 'plant setting "cadence"');
}

/**
 * Changes some or all of the plant's cadence settings. Throws RangeError (nothing
 * stored) when the result is not a valid cadence. Stored readings are not changed;
 * models trained on another cadence can no longer score this plant until retrained.
 */
export function setPlantCadence(store: Store, change: Partial<Cadence>): Cadence {
  const next: Cadence = { ...plantCadence(store), ...change };
  next.windowSeconds = [...next.windowSeconds];
  assertCadence(next);
  store.setMeta('cadence', cadenceToJson(next));
  return next;
}

export function plantSettings(store: Store): PlantSettings {
  return {
    timeZone: plantTimeZone(store),
    staleAfterSteps: plantStaleAfterSteps(store),
    cadence: plantCadence(store),
    thresholds: plantThresholds(store),
    inspectionBudget: plantInspectionBudget(store),
  };
}

/**
 * Default inspection budget: 10 machines a day, what one maintenance crew can look at
 * in a shift on a plant of the reference's size (100 to 1000 machines).
 */
export const DEFAULT_INSPECTION_BUDGET = 10;
export const MAX_INSPECTION_BUDGET = 10000;

/** Why a budget is not valid (FieldError on 'budget'), or null. */
export function inspectionBudgetProblem(n: unknown): FieldError | null {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_INSPECTION_BUDGET
    ? null
    : new FieldError(
        'budget',
        'range',
        `the inspection budget must be a whole number of machines from 1 to ${MAX_INSPECTION_BUDGET}, got ${String(n)}`,
        { min: '1', max: String(MAX_INSPECTION_BUDGET) },
      );
}

/** Machines inspected per day (the default when never set or unreadable). */
export function plantInspectionBudget(store: Store): number {
  const v = store.getMeta('inspection_budget');
  const n = v === null || v === undefined ? NaN : Number(v);
  return inspectionBudgetProblem(n) ? DEFAULT_INSPECTION_BUDGET : n;
}

/** Sets the inspection budget; FieldError (nothing stored) unless a whole number 1..10000. */
export function setPlantInspectionBudget(store: Store, n: number): number {
  const bad = inspectionBudgetProblem(n);
  if (bad) throw bad;
  store.setMeta('inspection_budget', String(n));
  return n;
}
