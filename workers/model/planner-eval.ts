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
  /** Calibrated risks already computed (cross-fitted ones); default `calibration` applied. */
  calibrated?: Float64Array,
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
  const risk = calibrated ?? applyCalibration(calibration, proba, classNames);
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
      calibration || calibrated ? pooledReliability(rows, truth, risk) : null,
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

/** Fewer failure rows than this in the test range: too few to fit a calibration on. */
const MIN_TEST_POSITIVES = 20;

/**
 * Risks of the test range calibrated by isotonic maps fitted on the OTHER half of its
 * machines (machines alternately in two halves, in key order): each row's calibrated
 * risk comes from a map that never saw its machine. Null when either half has too few
 * failure rows to fit on.
 */
function crossFitted(
  machineId: ArrayLike<number>,
  proba: Float64Array,
  label: Int32Array,
  classNames: string[],
  none: number,
): Float64Array | null {
  const keys = [...new Set(Array.from(machineId))].sort((a, b) => a - b);
  const half = new Map(keys.map((m, i) => [m, i % 2]));
  const fold = Int8Array.from(machineId, (m) => half.get(m)!);
  const out = new Float64Array(proba.length);
  const k = classNames.length;
  for (const f of [0, 1]) {
    let positives = 0;
    for (let r = 0; r < label.length; r++)
      if (fold[r] !== f && label[r] >= 0 && label[r] !== none) positives++;
    if (positives < MIN_TEST_POSITIVES / 2) return null;
    const others = Uint8Array.from(fold, (x) => (x === f ? 0 : 1));
    const cal = fitCalibration(proba, label, classNames, others, 'isotonic-test');
    const applied = applyCalibration(cal, proba, classNames);
    for (let r = 0; r < label.length; r++)
      if (fold[r] === f) for (let c = 0; c < k; c++) out[r * k + c] = applied[r * k + c];
  }
  return out;
}

/**
 * Which calibration a freshly trained model keeps, and the test range's planner view
 * with the risks the model will really give. Two candidates, each judged on rows its
 * map never saw:
 * - the map fitted on the training rows' out-of-bag probabilities (`oobFit`). Out-of-bag
 *   probabilities of time series are over-confident (neighbouring observations share
 *   readings and labels, so a tree that did not draw a row drew its neighbours);
 * - a map fitted on the test range itself, which the forest never trained on, judged
 *   by cross-fitting (each half of the machines calibrated by the map of the other
 *   half); kept, it is refitted on the whole test range.
 * The candidate with the smaller reliability gap is kept only when that gap is smaller
 * than the forest's own; otherwise the model keeps the forest's probabilities. Without
 * a test range there is nothing to check on, and none is kept.
 */
export function chooseCalibration(
  store: Store,
  test: Pick<FeatureSet, 'rows' | 'machineId' | 't'>,
  testProba: Float64Array | null,
  testLabel: Int32Array,
  classNames: string[],
  horizonSeconds: number,
  oobFit: Calibration | undefined,
): { calibration: Calibration | undefined; planner: PlannerEvaluation | undefined } {
  if (!testProba) return { calibration: undefined, planner: undefined };
  const plain = plannerEvaluation(store, test, testProba, classNames, horizonSeconds);
  const candidates: { cal: Calibration; risk?: Float64Array }[] = [];
  if (oobFit) candidates.push({ cal: oobFit });
  const none = classNames.indexOf('none');
  let positives = 0;
  for (const l of testLabel) if (l >= 0 && l !== none) positives++;
  const cross =
    positives >= MIN_TEST_POSITIVES
      ? crossFitted(test.machineId, testProba, testLabel, classNames, none)
      : null;
  if (cross) {
    candidates.push({
      cal: fitCalibration(testProba, testLabel, classNames, undefined, 'isotonic-test'),
      risk: cross,
    });
  }
  let best: { cal: Calibration; planner: PlannerEvaluation } | null = null;
  for (const c of candidates) {
    const p = plannerEvaluation(store, test, testProba, classNames, horizonSeconds, c.cal, c.risk);
    const gap = p.reliability.gapAfter ?? Infinity;
    if (!best || gap < (best.planner.reliability.gapAfter ?? Infinity))
      best = { cal: c.cal, planner: p };
  }
  if (!best) return { calibration: undefined, planner: plain };
  const { gapBefore } = plain.reliability;
  const gapAfter = best.planner.reliability.gapAfter;
  if (gapAfter != null && gapBefore != null && gapAfter < gapBefore) {
    // Rankings and lead times with the map the model keeps (one strictly increasing
    // map per class: the forest's rankings); reliability as judged on unseen rows.
    const kept = plannerEvaluation(store, test, testProba, classNames, horizonSeconds, best.cal);
    return {
      calibration: best.cal,
      planner: { ...kept, reliability: best.planner.reliability },
    };
  }
  // Not kept: lead times follow the forest's own risks; the best map stays shown.
  return {
    calibration: undefined,
    planner: {
      ...plain,
      reliability: {
        ...plain.reliability,
        after: best.planner.reliability.after,
        gapAfter,
        rejected: true,
      },
    },
  };
}
