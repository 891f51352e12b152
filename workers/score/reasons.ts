/**
 * Reasons as structures: what a scoring run stores per risk (feature, contribution,
 * the row's value) and what a model keeps of its training rows to say what is usual
 * (per feature mean, standard deviation and quartiles; per machine type for the window
 * features). The ranking joins the two into `Reason`s (workers/report/reason-text.ts)
 * that the app and the command line put into words.
 */
import type { FeatureSet } from '../shared/types';
import { featureParts, type Reason, type ReasonUsual } from '../report/reason-text';

/** Typical training values of one feature. */
export interface UsualStats {
  mean: number;
  sd: number;
  median: number;
  q1: number;
  q3: number;
  /** Training rows with a value. */
  n: number;
}

/** What a model keeps of its training rows (in its metrics) to say what is usual. */
export interface UsualValues {
  /** Per feature over all training rows (days since replacement and age: rows on record). */
  fleet: Record<string, UsualStats>;
  /** Per machine type, for window features of types with enough training rows. */
  byType: Record<string, Record<string, UsualStats>>;
}

/** A machine type needs this many training rows before its own usual values are used. */
const MIN_TYPE_ROWS = 30;

const sig = (x: number) => Number(x.toPrecision(6));

function stats(v: Float64Array): UsualStats | null {
  const n = v.length;
  if (n === 0) return null;
  v.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += v[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) ** 2;
  const q = (p: number) => {
    const x = p * (n - 1);
    const lo = Math.floor(x);
    const hi = Math.min(n - 1, lo + 1);
    return v[lo] + (v[hi] - v[lo]) * (x - lo);
  };
  return {
    mean: sig(mean),
    sd: sig(n > 1 ? Math.sqrt(ss / (n - 1)) : 0),
    median: sig(q(0.5)),
    q1: sig(q(0.25)),
    q3: sig(q(0.75)),
    n,
  };
}

/**
 * Usual values of a training feature set. Missing values are skipped, and so are -1
 * in days since replacement (none on record) and age (not in the machine list): they
 * say "unknown", not a short time or a new machine.
 */
export function usualValues(fs: FeatureSet): UsualValues {
  const nf = fs.featureNames.length;
  const parts = fs.featureNames.map(featureParts);
  const typeCols = parts.flatMap((p, i) => (p.kind === 'type' ? [{ name: p.name, col: i }] : []));
  // Each row's machine type (index into typeCols), -1 when none is set.
  const rowType = new Int32Array(fs.rows).fill(-1);
  for (let r = 0; r < fs.rows; r++) {
    for (let j = 0; j < typeCols.length; j++) {
      if (fs.values[r * nf + typeCols[j].col] === 1) {
        rowType[r] = j;
        break;
      }
    }
  }
  const fleet: Record<string, UsualStats> = {};
  const byType: Record<string, Record<string, UsualStats>> = {};
  const col = new Float64Array(fs.rows);
  for (let f = 0; f < nf; f++) {
    const kind = parts[f].kind;
    if (kind === 'type') continue;
    const unknownBelowZero = kind === 'daysSince' || kind === 'age';
    const perType = kind === 'mean' || kind === 'std';
    const typeVals: number[][] = perType ? typeCols.map(() => []) : [];
    let n = 0;
    for (let r = 0; r < fs.rows; r++) {
      const x = fs.values[r * nf + f];
      if (!Number.isFinite(x) || (unknownBelowZero && x < 0)) continue;
      col[n++] = x;
      if (perType && rowType[r] >= 0) typeVals[rowType[r]].push(x);
    }
    const s = stats(col.slice(0, n));
    if (s) fleet[fs.featureNames[f]] = s;
    typeVals.forEach((vals, j) => {
      if (vals.length < MIN_TYPE_ROWS) return;
      const st = stats(Float64Array.from(vals));
      if (st) (byType[typeCols[j].name] ??= {})[fs.featureNames[f]] = st;
    });
  }
  return { fleet, byType };
}

const isStats = (s: unknown): s is UsualStats => {
  if (!s || typeof s !== 'object') return false;
  const o = s as Record<string, unknown>;
  return ['mean', 'sd', 'median', 'q1', 'q3'].every(
    (k) => typeof o[k] === 'number' && Number.isFinite(o[k]),
  );
};

/** A model's usual values from its stored metrics; null when it has none (older models). */
export function readUsualValues(metrics: unknown): UsualValues | null {
  if (!metrics || typeof metrics !== 'object') return null;
  const u = (metrics as { usual?: unknown }).usual;
  if (!u || typeof u !== 'object') return null;
  const { fleet, byType } = u as { fleet?: unknown; byType?: unknown };
  if (!fleet || typeof fleet !== 'object') return null;
  return {
    fleet: fleet as Record<string, UsualStats>,
    byType: byType && typeof byType === 'object' ? (byType as UsualValues['byType']) : {},
  };
}

/** A stored reason: [feature, contribution, value] (value absent in older runs, null when missing). */
export type StoredReason = [string, number, (number | null)?];

/** Stored reasons of one result, as JSON; values to 6 significant digits. */
export function storeReasons(reasons: Array<[string, number, number]>): string {
  return JSON.stringify(
    reasons.map(([f, c, v]) => [f, Math.round(c * 1e4) / 1e4, Number.isFinite(v) ? sig(v) : null]),
  );
}

/** Decimals a value of this size is shown with: 1234, 52.1, 0.53, 0.042. */
function digitsFor(x: number): number {
  const a = Math.abs(x);
  if (a >= 1000) return 0;
  if (a >= 1) return 1;
  if (a >= 0.1) return 2;
  return 3;
}

const roundTo = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * One stored reason with what is usual for it: the machine type's figures for window
 * features when the model has them, else the fleet's. Direction: beyond one standard
 * deviation from the mean (window features) or outside the middle half of the training
 * values (counts, days, age).
 */
export function toReason(
  stored: StoredReason,
  usual: UsualValues | null,
  machineType: string,
): Reason {
  const [feature, contribution] = stored;
  const raw = stored[2];
  const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
  const kind = featureParts(feature).kind;
  const base = { feature, contribution };
  if (value === null) return { ...base, value, usual: null, direction: null, digits: 0 };
  const windowed = kind === 'mean' || kind === 'std';
  const typeStats = windowed && machineType ? usual?.byType[machineType]?.[feature] : undefined;
  const st = isStats(typeStats) ? typeStats : usual?.fleet[feature];
  const known = (kind === 'daysSince' || kind === 'age') && value < 0 ? false : true;
  if (!isStats(st) || kind === 'type' || kind === 'other' || !known) {
    const digits = kind === 'daysSince' || kind === 'count' ? 0 : digitsFor(value);
    return { ...base, value: roundTo(value, digits), usual: null, direction: null, digits };
  }
  let digits: number;
  let u: ReasonUsual;
  let direction: Reason['direction'];
  if (windowed) {
    digits = Math.max(digitsFor(st.mean), digitsFor(st.sd));
    u = {
      scope: st === typeStats ? 'type' : 'fleet',
      ...(st === typeStats ? { type: machineType } : {}),
      center: roundTo(st.mean, digits),
      spread: roundTo(st.sd, digits),
    };
    direction = value > st.mean + st.sd ? 'high' : value < st.mean - st.sd ? 'low' : 'usual';
    // A constant feature in training (sd 0) still says which side the value is on.
    if (st.sd === 0) direction = value > st.mean ? 'high' : value < st.mean ? 'low' : 'usual';
  } else {
    digits = kind === 'daysSince' ? 0 : kind === 'count' && Number.isInteger(st.median) ? 0 : 1;
    u = { scope: 'fleet', center: roundTo(st.median, digits), spread: null };
    direction = value > st.q3 ? 'high' : value < st.q1 ? 'low' : 'usual';
  }
  return { ...base, value: roundTo(value, digits), usual: u, direction, digits };
}

/** The stored reasons of one result (JSON) as `Reason`s; unreadable entries are skipped. */
export function readReasons(
  json: string,
  usual: UsualValues | null,
  machineType: string,
): Reason[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter(
      (x): x is StoredReason =>
        Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'number',
    )
    .map((x) => toReason(x, usual, machineType));
}
