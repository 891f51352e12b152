/**
 * Whether a newly trained model replaces the active one. Both are evaluated on the same
 * test range (the new model's: the observations after its training cut-off) with the
 * same features, and the new one counts as worse when it has a lower macro-F1 or a
 * lower pooled any-failure recall (the share of observations with any failure coming
 * that it flags with some failure). Either drop matters to a planner: macro-F1 says how
 * well components are told apart, the pooled recall how many coming failures are
 * flagged at all. With `if-better` a worse model is stored but not activated, and the
 * caller says so (the app asks the user, the CLI keeps the active model).
 */
import type { Store } from '../store/store';
import { buildFeatures } from '../features';
import { argmaxRows, evaluate, type Evaluation } from '../metrics/classification';
import { FeatureMismatchError } from '../forest/check-features';
import { throwIfCancelled } from '../shared/types';
import { modelColumns } from './evaluate-model';
import {
  activateModel,
  activeModelId,
  CadenceMismatchError,
  getModel,
  loadStoredModel,
  assertModelCadence,
  removeModel,
} from './model-store';
import { ModelFileError } from './model-check';
import { remapLabels, trainModel, type TrainOptions, type TrainResult } from './train-model';

export type ActivatePolicy = 'always' | 'if-better';
export const ACTIVATE_POLICIES: readonly ActivatePolicy[] = ['always', 'if-better'];

/** The two figures the comparison is decided on, for one model on the common range. */
export interface RangeScore {
  modelId: number;
  macroF1: number;
  /** Pooled: observations with any failure coming that are flagged with some failure. */
  anyFailureRecall: number;
  /** Observations in the range. */
  rows: number;
}

/** Which of the two figures the new model is lower on. */
export type WorseOn = 'macroF1' | 'anyFailureRecall';

/**
 * What was compared and what came of it:
 * - `no-active`: there was no active model; the new one is active.
 * - `compared`: both were evaluated on `from`..`to`; `worseOn` is empty when the new one
 *   is not worse on either figure.
 * - `no-test-range`: the new model has no observations after its training cut-off, so
 *   nothing shows it is as good.
 * - `active-unusable`: the active model cannot be evaluated on this plant's data (`code`:
 *   `cadence` when it was trained with another cadence, `features` when the plant's
 *   features differ from its own, `damaged` when its record or bytes are damaged); it
 *   cannot score either, so the new one replaces it.
 */
export type Comparison =
  | { kind: 'no-active' }
  | {
      kind: 'compared';
      from: number;
      to: number;
      newModel: RangeScore;
      active: RangeScore;
      worseOn: WorseOn[];
    }
  | { kind: 'no-test-range'; activeId: number }
  | {
      kind: 'active-unusable';
      activeId: number;
      code: 'cadence' | 'features' | 'damaged';
      message: string;
    };

/** The outcome of training under a policy: the comparison and whether the new model is active. */
export interface ActivationDecision {
  comparison: Comparison;
  activated: boolean;
  /** The active model afterwards. */
  activeId: number;
}

/** Differences smaller than this are rounding, not a worse model. */
const EPS = 1e-9;

/** Which figures `a` is lower on than `b`. */
export function worseOn(
  a: Pick<RangeScore, 'macroF1' | 'anyFailureRecall'>,
  b: Pick<RangeScore, 'macroF1' | 'anyFailureRecall'>,
): WorseOn[] {
  const out: WorseOn[] = [];
  if (a.macroF1 < b.macroF1 - EPS) out.push('macroF1');
  if (a.anyFailureRecall < b.anyFailureRecall - EPS) out.push('anyFailureRecall');
  return out;
}

/** Whether the new model may become active without asking, given the comparison. */
export function activatesUnasked(c: Comparison): boolean {
  switch (c.kind) {
    case 'no-active':
    case 'active-unusable':
      return true;
    case 'compared':
      return c.worseOn.length === 0;
    case 'no-test-range':
      return false;
  }
}

const scoreOf = (modelId: number, e: Evaluation): RangeScore => ({
  modelId,
  macroF1: e.macroF1,
  anyFailureRecall: e.failureRecall,
  rows: e.rows,
});

/**
 * Evaluates the new model and the active one on the new model's test range (features
 * built once, on the plant's cadence, which the new model was trained with).
 */
export function compareWithActive(
  store: Store,
  newId: number,
  activeId: number | null,
  signal?: AbortSignal,
): Comparison {
  if (activeId === null || activeId === newId) return { kind: 'no-active' };
  const fresh = getModel(store, newId);
  const from = fresh.metrics?.testFrom ?? null;
  const to = fresh.metrics?.testTo ?? null;
  if (from === null || to === null || !fresh.metrics?.test) {
    return { kind: 'no-test-range', activeId };
  }
  const record = getModel(store, activeId);
  let old;
  try {
    old = loadStoredModel(record);
    assertModelCadence(store, record);
  } catch (e) {
    if (e instanceof CadenceMismatchError)
      return { kind: 'active-unusable', activeId, code: 'cadence', message: e.message };
    if (e instanceof ModelFileError)
      return { kind: 'active-unusable', activeId, code: 'damaged', message: e.message };
    throw e;
  }
  const newModel = loadStoredModel(fresh);
  const fs = buildFeatures(store, { from, to, cadence: fresh.cadence, signal });
  throwIfCancelled(signal);
  const evalOn = (
    model: ReturnType<typeof loadStoredModel>,
    rec: Parameters<typeof modelColumns>[2],
  ): Evaluation => {
    const X = modelColumns(model, fs, rec);
    const pred = argmaxRows(model.predictProba(X, fs.rows), fs.rows, model.classNames.length);
    return evaluate(remapLabels(fs, model.classNames), pred, model.classNames);
  };
  let activeEval: Evaluation;
  try {
    activeEval = evalOn(old, record);
  } catch (e) {
    if (e instanceof FeatureMismatchError)
      return { kind: 'active-unusable', activeId, code: 'features', message: e.message };
    throw e;
  }
  const a = scoreOf(newId, evalOn(newModel, fresh));
  const b = scoreOf(activeId, activeEval);
  return { kind: 'compared', from, to, newModel: a, active: b, worseOn: worseOn(a, b) };
}

/**
 * After training (the new model stored, not yet active): compares it with the model
 * that was active before and activates it under the policy. `always` activates it
 * whatever the comparison says; `if-better` only when nothing says it is worse.
 */
export function decideActivation(
  store: Store,
  newId: number,
  previousActive: number | null,
  policy: ActivatePolicy,
  signal?: AbortSignal,
): ActivationDecision {
  const comparison = compareWithActive(store, newId, previousActive, signal);
  const activated = previousActive === null || policy === 'always' || activatesUnasked(comparison);
  if (activated) activateModel(store, newId);
  return { comparison, activated, activeId: activated ? newId : (previousActive as number) };
}

/**
 * Trains a model (stored, not active), then compares it with the model active before
 * and activates it under the policy (progress phase `compare` while both are evaluated).
 */
export async function trainUnderPolicy(
  store: Store,
  opts: Omit<TrainOptions, 'activate'>,
  policy: ActivatePolicy,
): Promise<TrainResult & { activation: ActivationDecision }> {
  const before = activeModelId(store);
  const progress = opts.onProgress ?? (() => undefined);
  const r = await trainModel(store, { ...opts, activate: false, onProgress: progress });
  progress({ phase: 'compare', done: 0, total: 1 });
  let activation: ActivationDecision;
  try {
    activation = decideActivation(store, r.modelId, before, policy, opts.signal);
  } catch (e) {
    // Cancelled (or failed) while comparing: training counts as not done, so the new
    // model does not stay behind unannounced.
    removeModel(store, r.modelId);
    throw e;
  }
  progress({ phase: 'compare', done: 1, total: 1 });
  return { ...r, activation };
}
