/**
 * Health scores over time (docs/HEALTH.md): for every machine and observation of the
 * plant's grid, how unusual its recent behaviour is, without failure labels.
 *
 * Each machine is read once (workers/features, the same reader and feature builder as
 * training, with failure records left unread) and reduced to a few series on a common
 * grid: each sensor's rolling mean over the plant's middle window, each error type's
 * count in the event window and each component's days since replacement. Then:
 *
 * - own: a sensor mean against the machine's own trailing baseline (the means of its
 *   earlier windows that do not overlap the current one, back to BASELINE_STEPS
 *   steps): median and 1.4826 x MAD; an error count against the machine's usual count per window (its
 *   trailing baseline, shrunk towards the plant's rate), as a Poisson tail z;
 * - peers: a sensor mean against the machines of the same type at the same time;
 * - replacements: days since a component was replaced against the plant's usual
 *   interval between its replacements (median and 1.4826 x MAD of the intervals).
 *
 * A feature counts with its stronger basis; the signals mapped to a component (the
 * plant's signal map) make that (machine, component) row, the rest the machine's row
 * (component null), days since replacement its component's row. Rows combine their
 * capped z-scores into a 0..100 score (robust.ts). Everything is typed arrays.
 */
import type { Store } from '../store/store';
import { throwIfCancelled, type ProgressFn } from '../shared/types';
import { plantCadence } from '../store/plant-settings';
import { machinesWithTelemetry, telemetrySpanOf } from '../store/telemetry-store';
import { eventNames } from '../store/events-store';
import { computeMachineFeatures } from '../features/machine-features';
import { MachineReader } from '../features/read-machine';
import { readPlantSchema } from '../features/schema';
import { windowSuffix, type Cadence } from '../shared/cadence';
import {
  combineTop3,
  countZ,
  robustCenterSpread,
  robustZ,
  SortedWindow,
  strengthScore,
  Z_CAP,
} from './robust';
import { plantSignalMap } from './signal-map';
import type { HealthBasis } from './types';

/** Observation steps of the own baseline (30 days on the 12 h grid). */
export const BASELINE_STEPS = 60;
/** Fewest baseline windows (own) or intervals (replacements), and machines (peers), a comparison needs. */
const MIN_BASELINE = 10;
const MIN_PEERS = 5;

export interface HealthSeriesOptions {
  /** First observation time scored (seconds); default the plant's first. */
  from?: number;
  /** Last observation time scored (seconds); default the plant's last. */
  to?: number;
  /** Signal map to use instead of the plant's (the CLI's --watch). */
  map?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/** What a signal of the series is. */
export interface SeriesFeature {
  /** Feature key as in docs/FEATURES.md. */
  key: string;
  kind: 'sensor' | 'errors' | 'days';
  /** Index of the sensor, error type or component. */
  index: number;
  /** The row slot it feeds: index into `slots`. */
  slot: number;
}

export interface HealthSeries {
  cadence: Cadence;
  /** Observation grid (seconds, plant time), ascending, every step. */
  times: Float64Array;
  /** Machine keys in machine order. */
  machines: Int32Array;
  machineNames: Map<number, string>;
  /** Each machine's type (model), null when it is not in the machine list. */
  machineTypes: (string | null)[];
  /** Row slots of every machine: a component, or null for the machine as a whole. */
  slots: (string | null)[];
  features: SeriesFeature[];
  /** machines x slots x times, row-major; NaN where the machine has no observation. */
  score: Float32Array;
  /** machines x times: 1 where the machine has an observation. */
  present: Uint8Array;
  /** The signal map used. */
  map: Record<string, string>;
  /** Internals for the reasons of single rows (rowSignals). */
  detail: SeriesDetail;
}

interface SeriesDetail {
  sensors: string[];
  errorTypes: string[];
  components: string[];
  /** machines x sensors x times: the sensor's rolling mean; own median and spread. */
  sens: Float32Array;
  ownC: Float32Array;
  ownS: Float32Array;
  /** (types + 1) x sensors x times: peers' median and spread; the last type = all machines. */
  peerC: Float32Array;
  peerS: Float32Array;
  /** Index of each machine's type into `types` (types.length = unknown: compared with all). */
  typeIndex: Int32Array;
  types: string[];
  /** machines x error types x times: count in the event window, usual count. */
  err: Float32Array;
  errUsual: Float32Array;
  /** machines x components x times: days since replacement (-1 none). */
  days: Float32Array;
  /** Per component: usual interval between replacements (days) and its spread; NaN when unknown. */
  intervalC: Float64Array;
  intervalS: Float64Array;
}

const DAY = 86400;

/** The middle of the plant's rolling windows (the longer one of two middles): its slot. */
function healthWindowSlot(c: Cadence): number {
  const order = c.windowSeconds.map((w, i) => ({ w, i })).sort((a, b) => a.w - b.w || a.i - b.i);
  return order[order.length >> 1].i;
}

/** Health scores of every machine at every observation time in the range. */
export function healthSeries(store: Store, opts: HealthSeriesOptions = {}): HealthSeries {
  const cadence = plantCadence(store);
  const schema = readPlantSchema(store);
  const map = opts.map ?? plantSignalMap(store);
  const step = cadence.stepSeconds;
  const S = schema.sensors.length;
  const E = schema.errorTypes.length;
  const C = schema.components.length;
  const wSlot = healthWindowSlot(cadence);
  const wSteps = Math.max(1, Math.ceil(cadence.windowSeconds[wSlot] / step));
  const eSteps = Math.max(1, Math.ceil(cadence.eventWindowSeconds / step));

  const names = store.machineNames();
  const withTelemetry = machinesWithTelemetry(store);
  const keys = store.sortMachineKeys(withTelemetry, names);
  const span = telemetrySpanOf(store, withTelemetry);
  const lastT = span ? Math.ceil(span.to / step) * step : 0;
  const firstT = span ? Math.ceil(span.from / step) * step : 0;
  const to = Math.min(opts.to ?? lastT, lastT);
  // Scores from `from` on need a baseline before it: read that far back.
  const wantFrom = Math.max(opts.from ?? firstT, firstT);
  const g0 = Math.max(firstT, Math.ceil((wantFrom - (BASELINE_STEPS + 1) * step) / step) * step);
  const G = span && to >= g0 ? Math.floor((to - g0) / step) + 1 : 0;
  const times = new Float64Array(G);
  for (let g = 0; g < G; g++) times[g] = g0 + g * step;
  const M = keys.length;

  // Row slots: components that are replaced (or mapped to), then the machine as a whole
  // when some signal is not mapped.
  const maintNames = new Set(eventNames(store, 'maint'));
  const mapped = new Set(Object.values(map));
  const slotComps = schema.components.filter((c) => maintNames.has(c) || mapped.has(c));
  for (const c of mapped) if (!slotComps.includes(c)) slotComps.push(c);
  const features: SeriesFeature[] = [];
  const slots: (string | null)[] = [...slotComps];
  let wholeSlot = -1;
  const slotOf = (signal: string): number => {
    const c = map[signal];
    if (c !== undefined) return slots.indexOf(c);
    if (wholeSlot < 0) {
      wholeSlot = slots.length;
      slots.push(null);
    }
    return wholeSlot;
  };
  const suffixW = windowSuffix(cadence.windowSeconds[wSlot]);
  const suffixE = windowSuffix(cadence.eventWindowSeconds);
  schema.sensors.forEach((s, i) =>
    features.push({
      key: `${s.name}_mean_${suffixW}`,
      kind: 'sensor',
      index: i,
      slot: slotOf(s.name),
    }),
  );
  schema.errorTypes.forEach((e, i) =>
    features.push({ key: `${e}_count_${suffixE}`, kind: 'errors', index: i, slot: slotOf(e) }),
  );
  schema.components.forEach((c, i) => {
    const slot = slots.indexOf(c);
    if (slot >= 0) features.push({ key: `${c}_days_since_replace`, kind: 'days', index: i, slot });
  });
  const R = slots.length;

  const sens = new Float32Array(M * S * G).fill(NaN);
  const err = new Float32Array(M * E * G).fill(NaN);
  const days = new Float32Array(M * C * G).fill(NaN);
  const present = new Uint8Array(M * G);
  const machineTypes: (string | null)[] = new Array(M).fill(null);
  const intervals: number[][] = schema.components.map(() => []);

  // 1. One machine at a time: its features on the grid, failures never read. Only the
  // health window is built (the feature builder with that one rolling window): the
  // same values as the plant's features for that window, at a third of the work.
  const one: Cadence = { ...cadence, windowSeconds: [cadence.windowSeconds[wSlot]] };
  const reader = new MachineReader(store, schema, one);
  const sizes = { nSensors: S, nErrorTypes: E, nComponents: C, nModels: schema.models.length };
  const F = 2 * S + E + C + 1 + schema.models.length;
  const offErr = 2 * S;
  const offComp = offErr + E;
  try {
    for (let m = 0; m < M; m++) {
      throwIfCancelled(opts.signal);
      if (G === 0) break;
      const d = reader.read(keys[m], { from: g0, to, failures: false });
      machineTypes[m] = d.model >= 0 ? schema.models[d.model] : null;
      const f = computeMachineFeatures(d, { ...sizes, from: g0, to, cadence: one, labels: false });
      for (let r = 0; r < f.t.length; r++) {
        const g = Math.round((f.t[r] - g0) / step);
        if (g < 0 || g >= G) continue;
        present[m * G + g] = 1;
        const ro = r * F;
        for (let s = 0; s < S; s++) sens[(m * S + s) * G + g] = f.values[ro + 2 * s];
        for (let e = 0; e < E; e++) err[(m * E + e) * G + g] = f.values[ro + offErr + e];
        for (let c = 0; c < C; c++) days[(m * C + c) * G + g] = f.values[ro + offComp + c];
      }
      // Intervals between replacements of the same component (maintenance records only).
      const lastAt = new Float64Array(C).fill(NaN);
      for (let i = 0; i < d.maintT.length; i++) {
        const c = d.maintComp[i];
        const prev = lastAt[c];
        if (prev === prev && d.maintT[i] > prev) intervals[c].push((d.maintT[i] - prev) / DAY);
        lastAt[c] = d.maintT[i];
      }
      opts.onProgress?.({ phase: 'health', done: m + 1, total: M });
    }
  } finally {
    reader.close();
  }

  // 2. Own baselines of the sensor means: the means of the machine's earlier windows
  // that do not overlap the current one, (T - 2W, T - W], (T - 3W, T - 2W], ... back to
  // BASELINE_STEPS steps, kept sorted as they slide along the grid (one sorted window
  // per step phase within W). Overlapping windows would only repeat the same readings.
  const ownC = new Float32Array(M * S * G).fill(NaN);
  const ownS = new Float32Array(M * S * G).fill(NaN);
  const K = Math.max(1, Math.floor(BASELINE_STEPS / wSteps) - 1);
  const wins = Array.from({ length: wSteps }, () => new SortedWindow(K + 1));
  for (let m = 0; m < M; m++) {
    for (let s = 0; s < S; s++) {
      const base = (m * S + s) * G;
      for (const w of wins) w.clear();
      for (let g = 0; g < G; g++) {
        const win = wins[g % wSteps];
        const add = g - wSteps;
        if (add >= 0) win.add(sens[base + add]);
        const drop = g - wSteps * (K + 1);
        if (drop >= 0) win.remove(sens[base + drop]);
        if (!present[m * G + g] || win.n < MIN_BASELINE) continue;
        ownC[base + g] = win.median();
        ownS[base + g] = win.spread();
      }
    }
  }

  // 3. Usual error counts per window: the machine's trailing mean, shrunk towards the
  // plant's mean count with the weight of a full baseline (a machine with a quiet month
  // is not told one error is extraordinary).
  const plantRate = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    let sum = 0;
    let n = 0;
    for (let m = 0; m < M; m++) {
      const base = (m * E + e) * G;
      for (let g = 0; g < G; g++) {
        const v = err[base + g];
        if (v === v) {
          sum += v;
          n++;
        }
      }
    }
    plantRate[e] = n > 0 ? sum / n : 0;
  }
  const errUsual = new Float32Array(M * E * G).fill(NaN);
  for (let m = 0; m < M; m++) {
    for (let e = 0; e < E; e++) {
      const base = (m * E + e) * G;
      let sum = 0;
      let n = 0;
      // Sliding (g - B, g - E] window over the count series.
      for (let g = 0; g < G; g++) {
        const add = g - eSteps;
        if (add >= 0) {
          const v = err[base + add];
          if (v === v) {
            sum += v;
            n++;
          }
        }
        const drop = g - BASELINE_STEPS;
        if (drop >= 0 && drop <= g - eSteps) {
          const v = err[base + drop];
          if (v === v) {
            sum -= v;
            n--;
          }
        }
        if (!present[m * G + g]) continue;
        errUsual[base + g] = (sum + plantRate[e] * BASELINE_STEPS) / (n + BASELINE_STEPS);
      }
    }
  }

  // 4. Peers: machines of the same type (and all machines, for machines of no type) at
  // the same time.
  const types = [...new Set(machineTypes.filter((t): t is string => t !== null))].sort();
  const NT = types.length + 1;
  const typeIndex = Int32Array.from(machineTypes, (t) =>
    t === null ? types.length : types.indexOf(t),
  );
  const peerC = new Float32Array(NT * S * G).fill(NaN);
  const peerS = new Float32Array(NT * S * G).fill(NaN);
  const peerBuf = new Float64Array(M);
  const byType: number[][] = Array.from({ length: NT }, () => []);
  for (let m = 0; m < M; m++) {
    byType[typeIndex[m]].push(m);
    if (typeIndex[m] !== types.length) byType[types.length].push(m);
  }
  for (let ti = 0; ti < NT; ti++) {
    const members = byType[ti];
    if (members.length < MIN_PEERS) continue;
    // The whole fleet is a peer group only for machines of no known type.
    if (ti === types.length && !typeIndex.includes(types.length)) continue;
    for (let s = 0; s < S; s++) {
      for (let g = 0; g < G; g++) {
        let n = 0;
        for (const m of members) {
          const v = sens[(m * S + s) * G + g];
          if (v === v) peerBuf[n++] = v;
        }
        if (n < MIN_PEERS) continue;
        const { center, spread } = robustCenterSpread(peerBuf, n);
        peerC[(ti * S + s) * G + g] = center;
        peerS[(ti * S + s) * G + g] = spread;
      }
    }
  }

  // 5. Usual replacement intervals per component.
  const intervalC = new Float64Array(C).fill(NaN);
  const intervalS = new Float64Array(C).fill(NaN);
  for (let c = 0; c < C; c++) {
    const list = intervals[c];
    if (list.length < MIN_BASELINE) continue;
    const a = Float64Array.from(list);
    const { center, spread } = robustCenterSpread(a, a.length);
    intervalC[c] = center;
    intervalS[c] = spread;
  }

  const detail: SeriesDetail = {
    sensors: schema.sensors.map((s) => s.name),
    errorTypes: schema.errorTypes,
    components: schema.components,
    sens,
    ownC,
    ownS,
    peerC,
    peerS,
    typeIndex,
    types,
    err,
    errUsual,
    days,
    intervalC,
    intervalS,
  };

  // 6. Scores: per row slot, its features' strengths (the stronger basis) combined.
  // The three strongest per slot are kept in place (no arrays per observation: this
  // loop runs machines x observations x features times).
  const score = new Float32Array(M * R * G).fill(NaN);
  const top = new Float64Array(R * 3);
  for (let m = 0; m < M; m++) {
    for (let g = 0; g < G; g++) {
      if (!present[m * G + g]) continue;
      top.fill(0);
      for (const f of features) {
        let z = featureStrength(detail, f, m, g, G);
        const o = f.slot * 3;
        for (let k = 0; k < 3 && z > 0; k++) {
          if (z > top[o + k]) {
            const t = top[o + k];
            top[o + k] = z;
            z = t;
          }
        }
      }
      for (let r = 0; r < R; r++) {
        const o = r * 3;
        score[(m * R + r) * G + g] = strengthScore(combineTop3(top[o], top[o + 1], top[o + 2]));
      }
    }
  }

  return {
    cadence,
    times,
    machines: Int32Array.from(keys),
    machineNames: names,
    machineTypes,
    slots,
    features,
    score,
    present,
    map,
    detail,
  };
}

/** One signal of a feature at an observation: basis, value, centre, spread, z. */
interface BasisValue {
  basis: HealthBasis;
  value: number;
  center: number;
  spread: number | null;
  z: number;
}

/** The feature's comparisons at observation g of machine m (none when it has no value). */
export function featureBases(
  d: SeriesDetail,
  f: SeriesFeature,
  m: number,
  g: number,
  G: number,
): BasisValue[] {
  const out: BasisValue[] = [];
  if (f.kind === 'sensor') {
    const S = d.sensors.length;
    const i = (m * S + f.index) * G + g;
    const v = d.sens[i];
    if (v !== v) return out;
    const oc = d.ownC[i];
    if (oc === oc) {
      const os = d.ownS[i];
      out.push({ basis: 'own', value: v, center: oc, spread: os, z: robustZ(v, oc, os) });
    }
    const ti = d.typeIndex[m];
    const pi = (ti * S + f.index) * G + g;
    const pc = d.peerC[pi];
    if (pc === pc) {
      const ps = peerSpread(d, i, pi);
      out.push({ basis: 'peers', value: v, center: pc, spread: ps, z: robustZ(v, pc, ps) });
    }
  } else if (f.kind === 'errors') {
    const i = (m * d.errorTypes.length + f.index) * G + g;
    const v = d.err[i];
    const u = d.errUsual[i];
    if (v === v && u === u) {
      out.push({ basis: 'own', value: v, center: u, spread: null, z: countZ(v, u) });
    }
  } else {
    const v = d.days[(m * d.components.length + f.index) * G + g];
    const c = d.intervalC[f.index];
    if (v === v && v >= 0 && c === c) {
      const s = d.intervalS[f.index];
      const z = robustZ(v, c, s);
      // Recently replaced is not a warning sign: only overdue counts.
      out.push({ basis: 'replacements', value: v, center: c, spread: s, z: Math.max(0, z) });
    }
  }
  return out;
}

/**
 * The spread a peer comparison divides by: the peers' robust spread, but never less
 * than the machine's own baseline spread. A handful of peers can agree closely by
 * chance; a machine is not unusual among them for moving as much as it usually does.
 */
function peerSpread(d: SeriesDetail, ownIndex: number, peerIndex: number): number {
  const own = d.ownS[ownIndex];
  const peer = d.peerS[peerIndex];
  return own === own && own > peer ? own : peer;
}

/** featureBases' strongest |z| without building objects (the hot loop of the series). */
function featureStrength(
  d: SeriesDetail,
  f: SeriesFeature,
  m: number,
  g: number,
  G: number,
): number {
  let best = 0;
  if (f.kind === 'sensor') {
    const S = d.sensors.length;
    const i = (m * S + f.index) * G + g;
    const v = d.sens[i];
    if (v !== v) return 0;
    const oc = d.ownC[i];
    if (oc === oc) best = Math.abs(robustZ(v, oc, d.ownS[i]));
    const pi = (d.typeIndex[m] * S + f.index) * G + g;
    const pc = d.peerC[pi];
    if (pc === pc) best = Math.max(best, Math.abs(robustZ(v, pc, peerSpread(d, i, pi))));
  } else if (f.kind === 'errors') {
    const i = (m * d.errorTypes.length + f.index) * G + g;
    const v = d.err[i];
    const u = d.errUsual[i];
    if (v > 0 && u === u) best = countZ(v, u);
  } else {
    const v = d.days[(m * d.components.length + f.index) * G + g];
    const c = d.intervalC[f.index];
    if (v === v && v >= 0 && c === c) best = Math.max(0, robustZ(v, c, d.intervalS[f.index]));
  }
  return Math.min(best, Z_CAP);
}
