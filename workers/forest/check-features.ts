/**
 * Guards scoring against data whose feature columns differ from the model's:
 * the error names exactly what is missing and what is extra, so the user can
 * fix the plant configuration instead of getting silent garbage.
 */

/** The data's feature columns differ from the model's: the user's data, not a bug. */
export class FeatureMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureMismatchError';
  }
}

/**
 * Returns, for each model feature, its column index in `featureNames`
 * (so columns may come in another order); throws an Error naming the missing
 * and the extra features otherwise (a FeatureMismatchError). Columns in `ignored`
 * (those of sensors the model left out because they were empty when it was trained)
 * may be extra.
 */
export function checkFeatures(
  model: { featureNames: string[] },
  featureNames: string[],
  ignored: ReadonlySet<string> = new Set(),
): Int32Array {
  const have = new Map(featureNames.map((n, i) => [n, i]));
  const want = new Set(model.featureNames);
  const missing = model.featureNames.filter((n) => !have.has(n));
  const extra = featureNames.filter((n) => !want.has(n) && !ignored.has(n));
  if (missing.length || extra.length) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing features: ${missing.join(', ')}`);
    if (extra.length) parts.push(`extra features: ${extra.join(', ')}`);
    throw new FeatureMismatchError(
      `the data's features do not match the model's (${parts.join('; ')})`,
    );
  }
  return Int32Array.from(model.featureNames, (n) => have.get(n)!);
}

/** Reorders row-major X (columns in `featureNames` order) into the model's column order. */
export function alignColumns(
  X: Float64Array,
  rows: number,
  columnOf: Int32Array,
  nCols: number,
): Float64Array {
  const nF = columnOf.length;
  const out = new Float64Array(rows * nF);
  for (let r = 0; r < rows; r++)
    for (let f = 0; f < nF; f++) out[r * nF + f] = X[r * nCols + columnOf[f]];
  return out;
}
