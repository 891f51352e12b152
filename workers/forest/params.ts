/**
 * Forest hyperparameters, their documented defaults (the reference
 * hyperparameters of FEATURES.md) and up-front validation, so that a bad value
 * fails with a message naming the parameter before any work starts.
 */

/** Hyperparameters of the histogram random forest. */
export interface ForestParams {
  /** Number of trees. Default 200. Range 1..10000. */
  nTrees: number;
  /** Maximum depth (root = depth 0). Default 15. Range 1..64. */
  maxDepth: number;
  /** Bins per feature, quantiles of the training data. Default 32. Range 2..256 (Uint8 bins). */
  maxBins: number;
  /** Minimum number of distinct training rows in a leaf. Default 1. Range 1..1e9. */
  minSamplesLeaf: number;
  /**
   * Features tried at EVERY split: 'sqrt' (default), 'log2', 'all', a count
   * (integer >= 1) or a fraction in (0, 1). If none of the drawn features allows
   * a split, more are drawn (as scikit-learn does).
   */
  maxFeatures: 'sqrt' | 'log2' | 'all' | number;
  /** Rows drawn per tree as a fraction of the training rows. Default 0.632. Range (0, 1]. */
  sampleFraction: number;
  /**
   * true (default): rows drawn WITH replacement, as scikit-learn's
   * RandomForestClassifier(max_samples=0.632, bootstrap=True); duplicates become
   * integer sample weights. false: a subsample without replacement.
   */
  bootstrap: boolean;
  /** Seed of every random step; integer 0..2^32-1. Default 0. */
  seed: number;
  /**
   * How rare classes weigh, as scikit-learn's class_weight. 'none': every drawn
   * row weighs its bootstrap count. 'balanced': a row of class c also weighs
   * rows / (classes present x rows of c), over all training rows, so each class
   * weighs the same in total. 'balanced_subsample': the same, counted in each
   * tree's own draw. The weights enter the split criterion (weighted gini) and
   * the leaf frequencies (so probabilities lean towards rare classes).
   */
  classWeight: 'none' | 'balanced' | 'balanced_subsample';
}

export const CLASS_WEIGHTS: readonly ForestParams['classWeight'][] = [
  'none',
  'balanced',
  'balanced_subsample',
];

export const DEFAULT_FOREST_PARAMS: Readonly<ForestParams> = Object.freeze({
  nTrees: 200,
  maxDepth: 15,
  maxBins: 32,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  sampleFraction: 0.632,
  bootstrap: true,
  seed: 0,
  classWeight: 'none',
});

function intIn(name: string, v: unknown, lo: number, hi: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${name} must be an integer in ${lo}..${hi}, got ${String(v)}`);
  }
}

/** Fills defaults and validates; throws RangeError naming the parameter and its allowed range. */
export function resolveForestParams(p: Partial<ForestParams> = {}): ForestParams {
  for (const key of Object.keys(p)) {
    if (!(key in DEFAULT_FOREST_PARAMS)) {
      throw new RangeError(
        `unknown forest parameter "${key}" (known: ${Object.keys(DEFAULT_FOREST_PARAMS).join(', ')})`,
      );
    }
  }
  const r: ForestParams = { ...DEFAULT_FOREST_PARAMS };
  for (const [k, v] of Object.entries(p)) if (v !== undefined) (r as any)[k] = v;
  intIn('nTrees', r.nTrees, 1, 10000);
  intIn('maxDepth', r.maxDepth, 1, 64);
  intIn('maxBins', r.maxBins, 2, 256);
  intIn('minSamplesLeaf', r.minSamplesLeaf, 1, 1e9);
  intIn('seed', r.seed, 0, 0xffffffff);
  const mf = r.maxFeatures;
  if (typeof mf === 'number') {
    const ok = Number.isFinite(mf) && ((mf > 0 && mf < 1) || (Number.isInteger(mf) && mf >= 1));
    if (!ok) {
      throw new RangeError(
        `maxFeatures must be 'sqrt', 'log2', 'all', an integer >= 1 or a fraction in (0, 1), got ${mf}`,
      );
    }
  } else if (mf !== 'sqrt' && mf !== 'log2' && mf !== 'all') {
    throw new RangeError(
      `maxFeatures must be 'sqrt', 'log2', 'all', an integer >= 1 or a fraction in (0, 1), got ${String(mf)}`,
    );
  }
  const sf = r.sampleFraction;
  if (typeof sf !== 'number' || !(sf > 0 && sf <= 1)) {
    throw new RangeError(`sampleFraction must be in (0, 1], got ${String(sf)}`);
  }
  if (typeof r.bootstrap !== 'boolean') {
    throw new RangeError(`bootstrap must be true or false, got ${String(r.bootstrap)}`);
  }
  if (!CLASS_WEIGHTS.includes(r.classWeight)) {
    throw new RangeError(
      `classWeight must be one of ${CLASS_WEIGHTS.join(', ')}, got ${String(r.classWeight)}`,
    );
  }
  return r;
}

/** Number of features tried per split for `nFeatures` columns (at least 1, at most nFeatures). */
export function featuresPerSplit(
  maxFeatures: ForestParams['maxFeatures'],
  nFeatures: number,
): number {
  let m: number;
  if (maxFeatures === 'sqrt') m = Math.floor(Math.sqrt(nFeatures));
  else if (maxFeatures === 'log2') m = Math.floor(Math.log2(nFeatures));
  else if (maxFeatures === 'all') m = nFeatures;
  else if (maxFeatures < 1) m = Math.floor(maxFeatures * nFeatures);
  else m = maxFeatures;
  return Math.max(1, Math.min(nFeatures, m));
}
