/**
 * Plant settings kept in the plant file (table meta): the plant's time zone and how many
 * observation steps old a machine's data may be before the ranking leaves it out.
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
  };
}
