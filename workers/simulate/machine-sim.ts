/**
 * One simulated machine: its model and age, its maintenance visits, failures,
 * errors and hourly sensor values. Each machine draws from its own seeded streams
 * (see streamSeed), so machine k is the same whatever the number of machines, and
 * its events are the same whatever the number of days.
 */
import {
  AGE_HAZARD,
  COMPONENTS,
  ERROR_RATE,
  FAILURE_ERRORS,
  FAILURE_RATE,
  HAZARD_SCALE_DAYS,
  HAZARD_SHAPE,
  HISTORY_DAYS,
  MAX_AGE,
  MODEL_HAZARD,
  MODEL_SHARE,
  NEAR_MISS,
  OLDEST_FIRST,
  SCHEDULED_REPLACEMENT,
  SECOND_REPLACEMENT,
  SENSORS,
  SENSOR_TARGET,
  SIGNATURE,
  VISIT_DAYS,
} from './plant-model';
import { SimRng, streamSeed } from './prng';

const STREAM_MACHINE = 1;
const STREAM_EVENTS = 2;
const STREAM_ERRORS = 3;
const STREAM_TELEMETRY = 4;
const STREAM_FATE = 5;
const HOURS_PER_YEAR = 8760;

/** A machine as listed in PdM_machines.csv: model index 0..3, age in whole years. */
export interface MachineSpec {
  id: number;
  model: number;
  age: number;
}

/** An event at `h` hours after the first telemetry row (negative = history before it). */
export interface MachineEvent {
  h: number;
  /** Component index 0..3 (maint, failures) or error type index 0..4 (errors). */
  kind: number;
}

export interface MachineEvents {
  maint: MachineEvent[];
  failures: MachineEvent[];
  errors: MachineEvent[];
  /**
   * Every failure whose sensor signature reaches into the telemetry: the failures
   * inside [0, hours) and those of the visits up to 15 days after the end (the
   * signature of a failure just after an export's cut already shows in it), in visit
   * then component order.
   */
  signatures: MachineEvent[];
}

/** Draws the machine's model (by the original plant's model shares) and age. */
export function drawMachine(seed: number, id: number): MachineSpec {
  const rng = new SimRng(streamSeed(seed, id, STREAM_MACHINE));
  let u = rng.next();
  let model = 0;
  while (model < MODEL_SHARE.length - 1 && u >= MODEL_SHARE[model]) u -= MODEL_SHARE[model++];
  const age = rng.int(MAX_AGE + 1);
  return { id, model, age };
}

/** Mean of exp(AGE_HAZARD * (age - 10)) over ages 0..MAX_AGE, so the age factor averages 1. */
const AGE_NORM = (() => {
  let s = 0;
  for (let a = 0; a <= MAX_AGE; a++) s += Math.exp(AGE_HAZARD * (a - MAX_AGE / 2));
  return s / (MAX_AGE + 1);
})();

/** Hazard multiplier per component for one machine; averages 1 over the plant. */
export function hazardMultipliers(spec: MachineSpec): number[] {
  const ageF = Math.exp(AGE_HAZARD * (spec.age - MAX_AGE / 2)) / AGE_NORM;
  return COMPONENTS.map((_, c) => {
    let norm = 0;
    for (let m = 0; m < MODEL_SHARE.length; m++) norm += MODEL_SHARE[m] * MODEL_HAZARD[m][c];
    return (MODEL_HAZARD[spec.model][c] / norm) * ageF;
  });
}

const cumHazard = (days: number, scale: number) => Math.pow(days / scale, HAZARD_SHAPE);

/**
 * Simulates the machine's maintenance visits and failures over `hours` hours of
 * telemetry (visits continue 15 days past the end so signatures of failures just
 * after the export still show, as in a real export cut at an arbitrary time), then
 * the errors. Only events inside [0, hours) are returned, plus the history
 * replacements before 0 (one per component, like the sample's 2014 records).
 */
export function simulateMachineEvents(
  seed: number,
  spec: MachineSpec,
  hours: number,
  /**
   * No component fails (no failure, no signature, no error announcing one). The
   * random draws stay the same, so the visits and the errors not tied to a visit are
   * those of the plant with failures; which component a visit replaces, and its
   * near-miss alarms, follow the components' ages, which differ without failures.
   */
  healthy = false,
): MachineEvents {
  const rng = new SimRng(streamSeed(seed, spec.id, STREAM_EVENTS));
  const mult = hazardMultipliers(spec);
  const nComp = COMPONENTS.length;
  const maint: MachineEvent[] = [];
  const failures: MachineEvent[] = [];
  const errors: MachineEvent[] = [];
  const signatures: MachineEvent[] = [];

  // History: last replacement of each component on the global 15-day grid before the start.
  const gridPoints = Math.ceil(HISTORY_DAYS / VISIT_DAYS);
  const last = new Array<number>(nComp);
  for (let c = 0; c < nComp; c++) {
    const k = rng.next() < 0.7 ? gridPoints - 1 - rng.int(8) : rng.int(gridPoints);
    last[c] = (-HISTORY_DAYS + VISIT_DAYS * k) * 24;
  }
  const order = [0, 1, 2, 3].sort((a, b) => last[a] - last[b] || a - b);
  for (const c of order) maint.push({ h: last[c], kind: c });

  const phaseDays = 1 + rng.int(VISIT_DAYS);
  const horizon = hours + VISIT_DAYS * 24;
  let prev = 0;
  for (let visit = phaseDays * 24; visit < horizon; visit += VISIT_DAYS * 24) {
    const inside = visit < hours;
    const failed: number[] = [];
    const alarms: number[] = [];
    for (let c = 0; c < nComp; c++) {
      const scale = HAZARD_SCALE_DAYS[COMPONENTS[c]];
      const dH =
        mult[c] *
        (cumHazard((visit - last[c]) / 24, scale) - cumHazard((prev - last[c]) / 24, scale));
      const p = 1 - Math.exp(-dH);
      const u = rng.next();
      if (u < p) {
        if (!healthy) failed.push(c);
      } else if (u < p * (1 + NEAR_MISS)) alarms.push(c);
    }
    const replaced = [...failed];
    if (rng.next() < SCHEDULED_REPLACEMENT) {
      const pick = pickComponent(rng, last, replaced);
      if (pick >= 0) replaced.push(pick);
    }
    if (rng.next() < SECOND_REPLACEMENT) {
      const pick = pickRandom(rng, replaced);
      if (pick >= 0) replaced.push(pick);
    }
    for (const c of failed) {
      if (inside) failures.push({ h: visit, kind: c });
      signatures.push({ h: visit, kind: c });
      const eh = visit - 24;
      if (eh >= 0 && eh < hours)
        for (const e of FAILURE_ERRORS[COMPONENTS[c]]) errors.push({ h: eh, kind: e });
    }
    for (const c of alarms) {
      const eh = visit - 24;
      if (eh >= 0 && eh < hours)
        for (const e of FAILURE_ERRORS[COMPONENTS[c]]) errors.push({ h: eh, kind: e });
    }
    for (const c of replaced) {
      if (inside) maint.push({ h: visit, kind: c });
      last[c] = visit;
    }
    prev = visit;
  }

  // Errors not tied to a failure: a Poisson process per type at whole hours.
  const erng = new SimRng(streamSeed(seed, spec.id, STREAM_ERRORS));
  const seen = new Set<number>(errors.map((e) => e.h * 8 + e.kind));
  for (let e = 0; e < ERROR_RATE.length; e++) {
    let linked = 0;
    for (const comp of COMPONENTS)
      if (FAILURE_ERRORS[comp].includes(e)) linked += FAILURE_RATE[comp] * (1 + NEAR_MISS);
    const rate = Math.max(0, ERROR_RATE[e] - linked);
    const n = erng.poisson((rate * hours) / HOURS_PER_YEAR);
    for (let i = 0; i < n; i++) {
      const h = erng.int(hours);
      if (seen.has(h * 8 + e)) continue;
      seen.add(h * 8 + e);
      errors.push({ h, kind: e });
    }
  }
  errors.sort((a, b) => a.h - b.h || a.kind - b.kind);
  failures.sort((a, b) => a.h - b.h || a.kind - b.kind);
  return { maint, failures, errors, signatures };
}

/** The component longest in service (with probability OLDEST_FIRST), else any one not yet taken. */
function pickComponent(rng: SimRng, last: number[], taken: number[]): number {
  if (rng.next() < OLDEST_FIRST) {
    let best = -1;
    for (let c = 0; c < last.length; c++) {
      if (!taken.includes(c) && (best < 0 || last[c] < last[best])) best = c;
    }
    return best;
  }
  return pickRandom(rng, taken);
}

function pickRandom(rng: SimRng, taken: number[]): number {
  const free = [0, 1, 2, 3].filter((c) => !taken.includes(c));
  return free.length ? free[rng.int(free.length)] : -1;
}

/**
 * Baseline mean and sd of each sensor when signatures last `signatureHours` model
 * hours: the sample's overall figures minus what the failure signatures contribute on
 * average, so the overall figures come out right.
 */
export function baselineFor(signatureHours: number): { mean: number; sd: number }[] {
  return SENSORS.map((s) => {
    let mean = SENSOR_TARGET[s].mean;
    let variance = SENSOR_TARGET[s].sd ** 2;
    for (const comp of COMPONENTS) {
      if (SIGNATURE[comp].sensor !== s) continue;
      const p = Math.min(1, (FAILURE_RATE[comp] * signatureHours) / HOURS_PER_YEAR);
      mean -= p * SIGNATURE[comp].shift;
      variance -= p * (1 - p) * SIGNATURE[comp].shift ** 2;
    }
    return { mean, sd: Math.sqrt(Math.max(variance, 1e-6 * SENSOR_TARGET[s].sd ** 2)) };
  });
}

/** Telemetry noise stream for one machine; draw 4 normals per reading in SENSORS order. */
export function telemetryRng(seed: number, id: number): SimRng {
  return new SimRng(streamSeed(seed, id, STREAM_TELEMETRY));
}

/**
 * Whether the machine stops reporting at its first failure (pulled from the fleet),
 * drawn with probability `fraction` from a stream of its own so the other streams,
 * and so every other file, stay the same whatever the fraction.
 */
export function stopsOnFailure(seed: number, id: number, fraction: number): boolean {
  if (!(fraction > 0)) return false;
  return new SimRng(streamSeed(seed, id, STREAM_FATE)).next() < fraction;
}
