/**
 * The health ranking at one time (docs/HEALTH.md): every machine's rows at its latest
 * observation (at or before `asOf`), most unusual first, each with its reasons as
 * structured signals, and which view the app opens on (health or failure risk).
 */
import type { Store } from '../store/store';
import type { ProgressFn } from '../shared/types';
import { plantCadence, plantStaleAfterSteps } from '../store/plant-settings';
import { componentNames, eventCount, eventCountsByName } from '../store/events-store';
import { machinesWithTelemetry, telemetrySpanOf } from '../store/telemetry-store';
import { activeModelId, getModel, modelProblem } from '../model/model-store';
import { sameCadence } from '../shared/cadence';
import { BASELINE_STEPS, featureBases, healthSeries, type HealthSeries } from './health-series';
import { scoreLevel } from './robust';
import { plantSignalMap } from './signal-map';
import type {
  HealthDefault,
  HealthDefaultReason,
  HealthRanking,
  HealthRow,
  HealthSignal,
} from './types';

/**
 * Failure records a plant needs before the failure risk is the default view: with
 * fewer, a model has seen too few failures per component to be trusted over the
 * unlabelled ranking (the reference plant has about 8 per machine-year).
 */
export const FAILURES_NEEDED = 10;
/**
 * Failure records of one component below which its failure risk is flagged as learnt
 * from too little (a forest sees a handful of positive rows per failure).
 */
export const COMPONENT_FAILURES_NEEDED = 5;
/** Signals listed per row, strongest first. */
const MAX_SIGNALS = 4;
/** Weaker comparisons than this are not listed as reasons. */
const MIN_SIGNAL_Z = 1;

export interface HealthRankingOptions {
  /** Rank at this time (epoch ms of plant time); default the latest observation. */
  asOf?: number;
  /** Signal map to use instead of the plant's (`pdm health --watch`). */
  map?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/** Which view the app opens on, and why (never reads more of the failures than their count). */
export function healthDefaultView(store: Store): HealthDefault {
  const labelledFailures = eventCount(store, 'failures');
  const perComponent = new Map(
    eventCountsByName(store, 'failures').map((r) => [String(r.k), Number(r.n)]),
  );
  const thinComponents = componentNames(store)
    .map((component) => ({ component, failures: perComponent.get(component) ?? 0 }))
    .filter((c) => c.failures < COMPONENT_FAILURES_NEEDED);
  let reason: HealthDefaultReason;
  if (labelledFailures < FAILURES_NEEDED) reason = 'few-failures';
  else if (!activeModelScores(store)) reason = 'no-model';
  else reason = 'model-ready';
  return {
    labelledFailures,
    failuresNeeded: FAILURES_NEEDED,
    defaultView: reason === 'model-ready' ? 'risk' : 'health',
    defaultReason: reason,
    thinComponents,
    componentFailuresNeeded: COMPONENT_FAILURES_NEEDED,
  };
}

/** True when the plant has an active model that is intact and made for its cadence. */
function activeModelScores(store: Store): boolean {
  const id = activeModelId(store);
  if (id === null) return false;
  const record = getModel(store, id);
  return modelProblem(record) === null && sameCadence(record.cadence, plantCadence(store));
}

export function healthRanking(store: Store, opts: HealthRankingOptions = {}): HealthRanking {
  const view = healthDefaultView(store);
  const cadence = plantCadence(store);
  const step = cadence.stepSeconds;
  const span = telemetrySpanOf(store, machinesWithTelemetry(store));
  if (opts.asOf !== undefined && !Number.isFinite(opts.asOf)) {
    throw new RangeError(`asOf must be a time in milliseconds, got ${opts.asOf}`);
  }
  const empty = (): HealthRanking => ({
    asOf: null,
    rows: [],
    ...view,
    signalMap: opts.map ?? plantSignalMap(store),
  });
  if (!span) return empty();
  const last = Math.ceil(span.to / step) * step;
  const asOf =
    opts.asOf === undefined ? last : Math.min(last, Math.floor(opts.asOf / 1000 / step) * step);
  if (asOf < Math.ceil(span.from / step) * step) return empty();
  const series = healthSeries(store, {
    from: asOf - (BASELINE_STEPS + 1) * step,
    to: asOf,
    map: opts.map,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  const { rows, asOfRanked } = rowsAt(series, series.times.length - 1, plantStaleAfterSteps(store));
  return {
    asOf: asOfRanked === null ? null : asOfRanked * 1000,
    rows,
    ...view,
    signalMap: series.map,
  };
}

/**
 * Every machine's rows at its latest observation at or before grid index gEnd, machines
 * whose latest observation is more than `staleSteps` steps older left out; most unusual
 * first (ties in machine order).
 */
export function rowsAt(
  series: HealthSeries,
  gEnd: number,
  staleSteps: number,
): { rows: HealthRow[]; asOfRanked: number | null } {
  const G = series.times.length;
  const M = series.machines.length;
  const R = series.slots.length;
  const rows: HealthRow[] = [];
  let asOfRanked: number | null = null;
  for (let m = 0; m < M; m++) {
    let g = gEnd;
    while (g >= 0 && gEnd - g <= staleSteps && !series.present[m * G + g]) g--;
    if (g < 0 || gEnd - g > staleSteps) continue;
    const t = series.times[g];
    if (asOfRanked === null || t > asOfRanked) asOfRanked = t;
    for (let r = 0; r < R; r++) {
      const score = Math.round(series.score[(m * R + r) * G + g] * 10) / 10;
      rows.push({
        machineId: series.machineNames.get(series.machines[m]) ?? String(series.machines[m]),
        machineType: series.machineTypes[m],
        component: series.slots[r],
        score,
        level: scoreLevel(score),
        asOf: t * 1000,
        signals: rowSignals(series, m, r, g),
      });
    }
  }
  const order = new Map(rows.map((r, i) => [r, i]));
  rows.sort((a, b) => b.score - a.score || order.get(a)! - order.get(b)!);
  return { rows, asOfRanked };
}

/** The reasons of one row at observation g: its features' comparisons, strongest first. */
export function rowSignals(
  series: HealthSeries,
  m: number,
  slot: number,
  g: number,
): HealthSignal[] {
  const G = series.times.length;
  const type = series.machineTypes[m];
  const out: HealthSignal[] = [];
  for (const f of series.features) {
    if (f.slot !== slot) continue;
    for (const b of featureBases(series.detail, f, m, g, G)) {
      if (Math.abs(b.z) < MIN_SIGNAL_Z) continue;
      const digits = f.kind === 'errors' ? 2 : digitsFor(b.spread);
      const round = (v: number) => Number(v.toFixed(digits));
      out.push({
        feature: f.key,
        basis: b.basis,
        value: f.kind === 'errors' ? b.value : round(b.value),
        center: round(b.center),
        spread: b.spread === null ? null : round(b.spread),
        z: Math.round(b.z * 100) / 100,
        direction: b.z >= 0 ? 'high' : 'low',
        digits,
        ...(b.basis === 'peers' && type !== null ? { peerType: type } : {}),
      });
    }
  }
  // Strongest first, but each feature's stronger basis before any feature's second one:
  // four reasons name as many different signals as there are.
  out.sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  const seen = new Set<string>();
  const first: HealthSignal[] = [];
  const second: HealthSignal[] = [];
  for (const s of out) {
    (seen.has(s.feature) ? second : first).push(s);
    seen.add(s.feature);
  }
  return [...first, ...second].slice(0, MAX_SIGNALS);
}

/** Decimals that show a spread to two significant digits (0..4). */
function digitsFor(spread: number | null): number {
  if (spread === null || !(spread > 0)) return 1;
  return Math.max(0, Math.min(4, 1 - Math.floor(Math.log10(spread))));
}
