/**
 * The statistical model behind the plant simulator, with every figure taken from the
 * Microsoft predictive-maintenance data set (the public sample in the project's shared
 * folder, see docs/ARCHITECTURE.md, Tests, is a 10-machine, 90-day slice of it; counts
 * for the whole 100-machine 2015 set are quoted where the sample is too small to
 * estimate a rate). `npm run sim:compare` prints how close the
 * simulation lands.
 */

export const SENSORS = ['volt', 'rotate', 'pressure', 'vibration'] as const;
export type SensorName = (typeof SENSORS)[number];

/**
 * Overall mean and standard deviation of each sensor in the sample (all rows,
 * anomalies included). The simulator derives its baseline from these after
 * taking out what the failure signatures add.
 */
export const SENSOR_TARGET: Record<SensorName, { mean: number; sd: number }> = {
  volt: { mean: 170.81, sd: 15.54 },
  rotate: { mean: 447.01, sd: 52.49 },
  pressure: { mean: 100.41, sd: 10.57 },
  vibration: { mean: 40.33, sd: 5.24 },
};

export const COMPONENTS = ['comp1', 'comp2', 'comp3', 'comp4'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export const ERROR_TYPES = ['error1', 'error2', 'error3', 'error4', 'error5'] as const;

export const MODELS = ['model1', 'model2', 'model3', 'model4'] as const;
/** Share of each model in the original 100-machine plant (16, 17, 35, 32 machines). */
export const MODEL_SHARE = [0.16, 0.17, 0.35, 0.32];
/** Machine ages are whole years 0..MAX_AGE, as in the original. */
export const MAX_AGE = 20;

/**
 * Failures per machine-year per component. The full 2015 data set has 192/259/131/179
 * failures of comp1..comp4 on 100 machines (761 in all); the sample's 3-month slice
 * (7/7/0/3 on 10 machines, i.e. 2.8/2.8/0/1.2 per machine-year) agrees within its
 * Poisson noise, and has no comp3 failure at all, so the full-set rates are the target.
 */
export const FAILURE_RATE: Record<ComponentName, number> = {
  comp1: 1.92,
  comp2: 2.59,
  comp3: 1.31,
  comp4: 1.79,
};

/**
 * Errors per machine-year per type, all causes (full set: 1010/988/838/727/356 on
 * 100 machines; the sample gives 13.4/9.7/9.3/6.5/1.6 per machine-year).
 */
export const ERROR_RATE = [10.1, 9.88, 8.38, 7.27, 3.56];

/**
 * Errors raised 24 h before a failure of each component (06:00 the day before, as in
 * the sample): comp1 <- error1, comp2 <- error2 + error3, comp3 <- error4,
 * comp4 <- error5. Indices into ERROR_TYPES.
 */
export const FAILURE_ERRORS: Record<ComponentName, number[]> = {
  comp1: [0],
  comp2: [1, 2],
  comp3: [3],
  comp4: [4],
};

/**
 * Sensor signature before a failure: the sensor moves by `shift` for the
 * `SIGNATURE_HOURS` hours before the failure record. Measured in the sample as
 * mean(24 h before) - overall mean: comp1 volt +19.6, comp2 rotate -69 (-74 over
 * 48 h), comp4 vibration +10.2; comp3 (no failure in the sample) uses the +25 on
 * pressure seen in the full set. The sample's 72 h and 120 h windows (volt +13.4,
 * +8.3) show a plateau about 48 h long, hence 48 h here.
 */
export const SIGNATURE: Record<ComponentName, { sensor: SensorName; shift: number }> = {
  comp1: { sensor: 'volt', shift: 20 },
  comp2: { sensor: 'rotate', shift: -72 },
  comp3: { sensor: 'pressure', shift: 25 },
  comp4: { sensor: 'vibration', shift: 10 },
};
export const SIGNATURE_HOURS = 48;

/**
 * False alarms: the linked errors of a failure are also raised at 06:00 on a visit's
 * eve without a failure following, this many times per failure (the sample has two
 * such bursts, error4 on machine 3 and error1 on machine 8, against 17 failures).
 */
export const NEAR_MISS = 0.1;

/** Days between maintenance visits (the original's 15-day cycle). */
export const VISIT_DAYS = 15;
/**
 * Scheduled replacements per visit: one component with this probability (the one
 * longest in service with probability OLDEST_FIRST, else any), a second one with
 * SECOND_REPLACEMENT. The sample has about 28 maintenance records per machine-year,
 * 7.6 of them failure replacements, so about 0.87 scheduled ones per visit.
 */
export const SCHEDULED_REPLACEMENT = 0.72;
export const OLDEST_FIRST = 0.6;
export const SECOND_REPLACEMENT = 0.15;

/**
 * Failure hazard: cumulative hazard m * (a / scale)^SHAPE over component age a in days
 * since its last replacement (Weibull, increasing risk with age), times a factor for
 * the machine's model and one for its age in years. Scales are calibrated so the
 * plant-wide failure rates land on FAILURE_RATE (see sim:compare).
 */
export const HAZARD_SHAPE = 2;
export const HAZARD_SCALE_DAYS: Record<ComponentName, number> = {
  comp1: 109,
  comp2: 89,
  comp3: 139,
  comp4: 118,
};
/** Per model (rows) and component (columns): some models wear some parts faster. */
export const MODEL_HAZARD = [
  [1.3, 0.9, 1.2, 1.0],
  [1.0, 1.25, 0.8, 1.2],
  [0.9, 1.0, 1.0, 0.9],
  [1.0, 0.95, 1.1, 1.05],
];
/** Hazard multiplier exp(AGE_HAZARD * (age - 10)): older machines fail more. */
export const AGE_HAZARD = 0.05;

/** Maintenance history before the start is on a global 15-day grid from this many days back (2014-06-01 for a 2015-01-01 start). */
export const HISTORY_DAYS = 214;

/**
 * The signal map a planner would enter for this plant from equipment knowledge (which
 * sensor drifts and which alerts fire before each component fails): SIGNATURE's sensor
 * and FAILURE_ERRORS' error types, each mapped to its component. The health ranking's
 * backtest and benchmark use it.
 */
export function equipmentSignalMap(): Record<string, string> {
  const map: Record<string, string> = {};
  for (const c of COMPONENTS) {
    map[SIGNATURE[c].sensor] = c;
    for (const e of FAILURE_ERRORS[c]) map[ERROR_TYPES[e]] = c;
  }
  return map;
}
