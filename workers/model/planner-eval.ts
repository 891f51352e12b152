/**
 * The planner's part of training and evaluation: the calibration fitted on the
 * training rows' out-of-bag probabilities, and the planner metrics of an evaluation
 * range (workers/metrics/planner.ts) at the plant's inspection budget and high-risk
 * threshold. Kept apart from the training pipeline so each stays readable.
 */
import type { Store } from '../store/store';
import type { FeatureSet } from '../shared/types';
import type { TrainedModel } from '../forest';
import { failuresBetween } from '../store/events-store';
import { plantInspectionBudget, plantThresholds } from '../store/plant-settings';
import {
  failsWithin,
  plannerMetrics,
  pooledReliability,
  reliabilityGap,
  type PlannerEvaluation,
} from '../metrics/planner';
import { applyCalibration, fitCalibration, type Calibration } from './calibration';

/**
 * The calibration of a freshly trained model, fitted on the out-of-bag probabilities
 * of its training rows (`train` exactly as it was trained on); undefined for a learner
 * without out-of-bag predictions (ml-random-forest: its risks stay uncalibrated) or
 * when no row was left out of any tree.
 */
export function fitModelCalibration(
  model: TrainedModel,
  train: Pick<FeatureSet, 'values' | 'rows' | 'label' | 'labelNames'>,
): Calibration | undefined {
  if (!model.outOfBag) return undefined;
  const oob = model.outOfBag(train.values, train.rows);
  const map = train.labelNames.map((n) => model.classNames.indexOf(n));
  const label = Int32Array.from(train.label, (l) => (l < 0 ? -1 : map[l]));
  const cal = fitCalibration(oob.proba, label, model.classNames, oob.trees);
  return cal.rows > 0 ? cal : undefined;
}

/**
 * Planner metrics and the reliability table of a model's probabilities `proba` on the
 * observations of `fs` (uncalibrated, as the forest gives them; `calibration` is
 * applied here), with the plant's budget and high threshold and the model's horizon.
 */
export function plannerEvaluation(
  store: Store,
  fs: Pick<FeatureSet, 'rows' | 'machineId' | 't'>,
  proba: Float64Array,
  classNames: string[],
  horizonSeconds: number,
  calibration?: Calibration,
): PlannerEvaluation {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < fs.rows; r++) {
    lo = Math.min(lo, fs.t[r]);
    hi = Math.max(hi, fs.t[r]);
  }
  // From one horizon before the first observation, so an earlier failure bounds the
  // alarm window of the next one, to one horizon after the last (its labels).
  const failures = fs.rows ? failuresBetween(store, lo - horizonSeconds, hi + horizonSeconds) : [];
  const risk = applyCalibration(calibration, proba, classNames);
  const rows = { rows: fs.rows, machine: fs.machineId, t: fs.t, classNames };
  const settings = {
    budget: plantInspectionBudget(store),
    highRisk: plantThresholds(store).high,
    horizonSeconds,
  };
  const truth = failsWithin(rows, failures, horizonSeconds);
  return {
    ...settings,
    machines: new Set(fs.machineId).size,
    components: plannerMetrics({ ...rows, risk }, failures, settings),
    reliability: reliabilityTable(
      pooledReliability(rows, truth, proba),
      calibration ? pooledReliability(rows, truth, risk) : null,
    ),
  };
}

function reliabilityTable(
  before: PlannerEvaluation['reliability']['before'],
  after: PlannerEvaluation['reliability']['after'],
): PlannerEvaluation['reliability'] {
  return {
    before,
    after,
    gapBefore: reliabilityGap(before),
    gapAfter: after ? reliabilityGap(after) : null,
  };
}

/**
 * Whether a freshly fitted calibration is kept, and the test range's planner view with
 * the risks the model will really give. Out-of-bag probabilities of time series are
 * over-confident (neighbouring observations share readings and labels, so a tree that
 * did not draw a row drew its neighbours), and a calibration fitted on them can make
 * risks less reliable than the forest's own probabilities: it is kept only when, on
 * the test range, it brings predicted risk closer to the observed share of failures.
 * Without a test range there is nothing to check it on, and it is not kept.
 */
export function chooseCalibration(
  store: Store,
  test: Pick<FeatureSet, 'rows' | 'machineId' | 't'>,
  testProba: Float64Array | null,
  classNames: string[],
  horizonSeconds: number,
  fitted: Calibration | undefined,
): { calibration: Calibration | undefined; planner: PlannerEvaluation | undefined } {
  if (!testProba) return { calibration: undefined, planner: undefined };
  const withFitted = plannerEvaluation(store, test, testProba, classNames, horizonSeconds, fitted);
  const { gapBefore, gapAfter } = withFitted.reliability;
  if (!fitted || (gapAfter != null && gapBefore != null && gapAfter < gapBefore))
    return { calibration: fitted, planner: withFitted };
  // Not kept: lead times follow the forest's own risks; the fitted table stays shown.
  const plain = plannerEvaluation(store, test, testProba, classNames, horizonSeconds);
  return {
    calibration: undefined,
    planner: {
      ...plain,
      reliability: {
        ...plain.reliability,
        after: withFitted.reliability.after,
        gapAfter,
        rejected: true,
      },
    },
  };
}
