/**
 * Probability calibration, so that a risk of 30 % means a failure follows about 30 %
 * of the time. Per class, isotonic regression (pool adjacent violators) of the
 * held-out probabilities against the row's label: the training rows' out-of-bag ones,
 * or the test range's (which one a model keeps: workers/model/planner-eval.ts). The
 * fitted step function is made STRICTLY increasing: straight lines between the centres
 * of its blocks, and a small share (CALIBRATION_EPSILON) of the identity mixed in so
 * the flat ends rise too. A class's ranking of observations is therefore unchanged,
 * and with it every ranking metric (precision-recall curve, average precision, top k
 * of a day's list).
 *
 * No renormalisation across classes: dividing by a row's sum would reorder rows within
 * a class. A calibrated row need not sum to 1; each component's risk is its own
 * calibrated probability. The table is small (at most MAX_KNOTS points per class) and
 * applies as np.interp(p, x, y) anywhere (docs/EXPORT-BUNDLE.md).
 */

/** One class's map: piecewise linear through (x[i], y[i]), both strictly increasing. */
export interface ClassCalibration {
  x: number[];
  y: number[];
}

/** What a model keeps of its calibration (ModelMetrics.calibration). */
export interface Calibration {
  /**
   * How the table was fitted: isotonic regression of the training rows' out-of-bag
   * probabilities ('isotonic-oob'), or of the test range's probabilities, which the
   * model never trained on ('isotonic-test'; workers/model/planner-eval.ts).
   */
  method: 'isotonic-oob' | 'isotonic-test';
  /** Rows fitted on (out-of-bag: training rows with at least one out-of-bag tree). */
  rows: number;
  /** Per class, in the model's class order. */
  classes: Record<string, ClassCalibration>;
}

/** Share of the identity mixed into the fitted map so that it is strictly increasing. */
export const CALIBRATION_EPSILON = 1e-3;
/** Points kept per class: a subset of the knots keeps the map strictly increasing. */
export const MAX_KNOTS = 100;

/**
 * Pool adjacent violators: the non-decreasing fit of y (0/1 or any value) on x with
 * weights; equal x values are pooled first (one value per x). Returns blocks with their
 * weighted mean x and value, values strictly increasing.
 */
export function poolAdjacentViolators(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w?: ArrayLike<number>,
): Array<{ x: number; y: number; w: number }> {
  const n = x.length;
  if (y.length !== n || (w && w.length !== n)) throw new RangeError('x, y and w differ in length');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const blocks: Array<{ sx: number; sy: number; w: number }> = [];
  let lastX = NaN;
  for (const i of order) {
    const wi = w ? w[i] : 1;
    if (!(wi > 0)) continue;
    const top = blocks[blocks.length - 1];
    if (top && x[i] === lastX) {
      top.sx += wi * x[i];
      top.sy += wi * y[i];
      top.w += wi;
    } else blocks.push({ sx: wi * x[i], sy: wi * y[i], w: wi });
    lastX = x[i];
    // merge while the previous block's value is not below the last one's
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a.sy / a.w < b.sy / b.w) break;
      a.sx += b.sx;
      a.sy += b.sy;
      a.w += b.w;
      blocks.pop();
    }
  }
  return blocks.map((b) => ({ x: b.sx / b.w, y: b.sy / b.w, w: b.w }));
}

/** The strictly increasing map of a class on [0, 1] from its isotonic blocks. */
export function fitClassCalibration(
  p: ArrayLike<number>,
  truth: ArrayLike<number>,
  w?: ArrayLike<number>,
): ClassCalibration {
  const blocks = poolAdjacentViolators(p, truth, w);
  const kx: number[] = [];
  const ky: number[] = [];
  // Flat below the first centre and above the last (the isotonic fit there), then the
  // identity share makes every piece rise.
  if (!blocks.length || blocks[0].x > 0) {
    kx.push(0);
    ky.push(blocks.length ? blocks[0].y : 0);
  }
  for (const b of blocks) {
    kx.push(b.x);
    ky.push(b.y);
  }
  if (kx[kx.length - 1] < 1) {
    kx.push(1);
    ky.push(blocks.length ? blocks[blocks.length - 1].y : 1);
  }
  const keep = thinKnots(kx.length, MAX_KNOTS);
  const e = CALIBRATION_EPSILON;
  return {
    x: keep.map((i) => kx[i]),
    y: keep.map((i) => (1 - e) * ky[i] + e * kx[i]),
  };
}

/** Indices of at most `max` of n knots, first and last kept, evenly spread. */
function thinKnots(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < max; i++) {
    const j = Math.round((i * (n - 1)) / (max - 1));
    if (out[out.length - 1] !== j) out.push(j);
  }
  return out;
}

/** np.interp: piecewise linear through the knots, clamped to the end values outside them. */
export function interpolate(p: number, c: ClassCalibration): number {
  const { x, y } = c;
  const n = x.length;
  if (p <= x[0]) return y[0];
  if (p >= x[n - 1]) return y[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= p) lo = mid;
    else hi = mid;
  }
  return y[lo] + ((y[hi] - y[lo]) * (p - x[lo])) / (x[hi] - x[lo]);
}

/**
 * Fits every class's map on honest held-out probabilities (rows x classNames.length;
 * rows whose `heldOut` weight is 0 are left out) and the rows' class labels.
 */
export function fitCalibration(
  proba: Float64Array,
  label: ArrayLike<number>,
  classNames: string[],
  heldOut?: ArrayLike<number>,
  method: Calibration['method'] = 'isotonic-oob',
): Calibration {
  const k = classNames.length;
  const rows = label.length;
  const keep: number[] = [];
  for (let r = 0; r < rows; r++) if (label[r] >= 0 && (!heldOut || heldOut[r] > 0)) keep.push(r);
  const classes: Record<string, ClassCalibration> = {};
  classNames.forEach((name, c) => {
    const p = keep.map((r) => proba[r * k + c]);
    const y = keep.map((r) => (label[r] === c ? 1 : 0));
    classes[name] = fitClassCalibration(p, y);
  });
  return { method, rows: keep.length, classes };
}

/**
 * Calibrated copies of a model's probabilities (rows x classNames.length); the same
 * array when the model has no calibration (models trained before it, or learners
 * without out-of-bag predictions). A class without a table keeps its probabilities.
 */
export function applyCalibration(
  cal: Calibration | null | undefined,
  proba: Float64Array,
  classNames: string[],
): Float64Array {
  if (!cal) return proba;
  const k = classNames.length;
  const maps = classNames.map((n) => (Object.hasOwn(cal.classes, n) ? cal.classes[n] : null));
  const out = new Float64Array(proba.length);
  for (let i = 0; i < proba.length; i++) {
    const m = maps[i % k];
    out[i] = m ? interpolate(proba[i], m) : proba[i];
  }
  return out;
}

/** What is wrong with a stored calibration (it turns risks into what users act on), or null. */
export function calibrationProblem(c: unknown): string | null {
  if (c === undefined) return null;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return 'calibration is not an object';
  const o = c as Record<string, unknown>;
  if (o.method !== 'isotonic-oob' && o.method !== 'isotonic-test')
    return `calibration method ${JSON.stringify(o.method)} is unknown`;
  if (typeof o.rows !== 'number' || !(o.rows >= 0)) return 'calibration.rows is not a row count';
  if (!o.classes || typeof o.classes !== 'object' || Array.isArray(o.classes)) {
    return 'calibration.classes is not an object';
  }
  for (const [name, m] of Object.entries(o.classes as Record<string, unknown>)) {
    const t = m as Partial<ClassCalibration> | null;
    const ok =
      t &&
      Array.isArray(t.x) &&
      Array.isArray(t.y) &&
      t.x.length >= 1 &&
      t.x.length === t.y.length &&
      t.x.length <= 10_000 &&
      t.x.every(
        (v, i) => typeof v === 'number' && v >= 0 && v <= 1 && (i === 0 || v > t.x![i - 1]),
      ) &&
      t.y.every(
        (v, i) => typeof v === 'number' && v >= 0 && v <= 1 && (i === 0 || v > t.y![i - 1]),
      );
    if (!ok) return `calibration of ${name} is not two strictly increasing lists of probabilities`;
  }
  return null;
}
