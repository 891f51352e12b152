/**
 * The model a bundle ships as model.onnx: the plant's active model (or one named by id),
 * written as ONNX with its manifest part, so `features.sql` and `job/score.py` on Spark
 * score with the very forest the desktop uses.
 */
import type { Store } from '../store/store';
import { activeModelId, getModel, modelProblem } from '../model/model-store';
import { plantTimeZone } from '../store/plant-settings';
import { exportOnnx } from './onnx-model';
import type { BundleModel } from './export-bundle';

/** Why a bundle has no model.onnx: a code the app words, and English for the CLI. */
export interface NoBundleModel {
  code: 'no-active-model' | 'model-unusable' | 'not-forest';
  modelId: number | null;
  learner: string | null;
  why: string;
}

/** The model to ship, or why there is none (said to the user; the bundle goes without). */
export type BundleModelChoice =
  { model: BundleModel; modelId: number } | { model: null; none: NoBundleModel };

export function bundleModelOf(store: Store, modelId?: number): BundleModelChoice {
  const id = modelId ?? activeModelId(store);
  if (id === null) {
    const why = 'the plant has no active model';
    return { model: null, none: { code: 'no-active-model', modelId: null, learner: null, why } };
  }
  const record = getModel(store, id);
  const problem = modelProblem(record);
  if (problem) {
    const why = `model #${id} cannot be used: ${problem}`;
    return { model: null, none: { code: 'model-unusable', modelId: id, learner: null, why } };
  }
  if (record.learner !== 'forest') {
    const why = `model #${id} was trained with ${record.learner}; only forest models export to ONNX`;
    return {
      model: null,
      none: { code: 'not-forest', modelId: id, learner: record.learner, why },
    };
  }
  const { onnx, manifest } = exportOnnx(record, { timeZone: plantTimeZone(store) });
  return {
    model: {
      bytes: onnx,
      featureNames: record.featureNames,
      classNames: record.labelNames,
      label: `model #${id}`,
      manifest,
    },
    modelId: id,
  };
}
