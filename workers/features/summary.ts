/**
 * The feature exploration view (the reference's feature exploration notebook): per
 * feature count, mean, std, min, max and mean per label class, for the UI and the CLI.
 */
import type { FeatureSet } from '../shared/types';

export interface FeatureStats {
  name: string;
  /** Rows with a value (NaN excluded). */
  count: number;
  mean: number;
  /** Sample standard deviation (n-1); 0 for one value; NaN for none. */
  std: number;
  min: number;
  max: number;
  /** Mean per class, aligned with FeatureSummary.labelNames; NaN where a class has no value. */
  meanByLabel: number[];
}

export interface FeatureSummary {
  rows: number;
  machines: number;
  /** First and last observation time (seconds), NaN when there are no rows. */
  from: number;
  to: number;
  labelNames: string[];
  /** Rows per class, aligned with labelNames; rows with unknown label are not counted. */
  labelCounts: number[];
  features: FeatureStats[];
}

/** One pass over the values (Welford per feature, plain sums per label). */
export function featureSummary(fs: FeatureSet): FeatureSummary {
  const F = fs.featureNames.length;
  const L = fs.labelNames.length;
  const count = new Float64Array(F);
  const mean = new Float64Array(F);
  const m2 = new Float64Array(F);
  const min = new Float64Array(F).fill(Infinity);
  const max = new Float64Array(F).fill(-Infinity);
  const lSum = new Float64Array(F * L);
  const lCnt = new Float64Array(F * L);
  const labelCounts = new Array<number>(L).fill(0);
  const machines = new Set<number>();
  let from = Infinity;
  let to = -Infinity;
  for (let r = 0; r < fs.rows; r++) {
    machines.add(fs.machineId[r]);
    if (fs.t[r] < from) from = fs.t[r];
    if (fs.t[r] > to) to = fs.t[r];
    const l = fs.label[r];
    if (l >= 0 && l < L) labelCounts[l]++;
    const o = r * F;
    for (let f = 0; f < F; f++) {
      const v = fs.values[o + f];
      if (v !== v) continue;
      const n = ++count[f];
      const d = v - mean[f];
      mean[f] += d / n;
      m2[f] += d * (v - mean[f]);
      if (v < min[f]) min[f] = v;
      if (v > max[f]) max[f] = v;
      if (l >= 0 && l < L) {
        lSum[f * L + l] += v;
        lCnt[f * L + l]++;
      }
    }
  }
  const features: FeatureStats[] = fs.featureNames.map((name, f) => {
    const n = count[f];
    const byLabel: number[] = [];
    for (let l = 0; l < L; l++) {
      const c = lCnt[f * L + l];
      byLabel.push(c > 0 ? lSum[f * L + l] / c : NaN);
    }
    return {
      name,
      count: n,
      mean: n > 0 ? mean[f] : NaN,
      std: n > 1 ? Math.sqrt(m2[f] / (n - 1)) : n === 1 ? 0 : NaN,
      min: n > 0 ? min[f] : NaN,
      max: n > 0 ? max[f] : NaN,
      meanByLabel: byLabel,
    };
  });
  return {
    rows: fs.rows,
    machines: machines.size,
    from: fs.rows ? from : NaN,
    to: fs.rows ? to : NaN,
    labelNames: [...fs.labelNames],
    labelCounts,
    features,
  };
}
