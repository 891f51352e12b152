/**
 * What scoring and evaluation need from a trained model, whatever engine made it.
 * Engines (the histogram forest, ml-random-forest) are adapted to this in engines.ts.
 */
export interface LoadedModel {
  engine: string;
  featureNames: string[];
  classNames: string[];
  /** rows x classNames.length class probabilities, row-major. */
  predictProba(X: Float64Array, rows: number): Float64Array;
  /**
   * For each row, the k features that raised the probability of `classIndex[row]`
   * most, with their contribution (probability points, 0..1 scale).
   */
  explain(
    X: Float64Array,
    rows: number,
    classIndex: Int32Array,
    k: number,
  ): Array<Array<[string, number]>>;
  /** Normalised feature importances, featureNames order; empty when the engine has none. */
  importances(): Float64Array;
}

/** Raised when a model's features do not match the data; names both lists' differences. */
export class FeatureMismatchError extends Error {
  constructor(
    readonly missing: string[],
    readonly extra: string[],
  ) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing from the data: ${missing.join(', ')}`);
    if (extra.length) parts.push(`in the data but unknown to the model: ${extra.join(', ')}`);
    super(`the model's features do not match this plant's data (${parts.join('; ')})`);
    this.name = 'FeatureMismatchError';
  }
}

/**
 * Column order that maps the data's features onto the model's, or a
 * FeatureMismatchError naming the missing and extra features.
 */
export function alignFeatures(modelFeatures: string[], dataFeatures: string[]): Int32Array {
  const pos = new Map(dataFeatures.map((f, i) => [f, i]));
  const missing = modelFeatures.filter((f) => !pos.has(f));
  const known = new Set(modelFeatures);
  const extra = dataFeatures.filter((f) => !known.has(f));
  if (missing.length || extra.length) throw new FeatureMismatchError(missing, extra);
  return Int32Array.from(modelFeatures, (f) => pos.get(f)!);
}

/** Copies a row-major matrix with columns reordered by `order` (identity returns the input). */
export function reorderColumns(X: Float64Array, rows: number, order: Int32Array): Float64Array {
  const k = order.length;
  if (order.every((v, i) => v === i)) return X;
  const src = X.length / Math.max(rows, 1);
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < k; j++) out[r * k + j] = X[r * src + order[j]];
  }
  return out;
}
