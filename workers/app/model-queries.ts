/**
 * Read-only queries over the schema-v2 tables (models, runs, results) for the Model,
 * Runs and Risk ranking screens. They read what the model and scoring engines store,
 * so the screens work whichever process wrote the rows (app, CLI, headless runner).
 */
import type { Store } from '../store/store';
import { compareMachineIds } from '../shared/machine-id';
import type { MachineDetail, ModelInfo, ModelMetrics, RiskRow, RunInfo } from './api-types';
import { lastReplacements, machineEvents, machineRange } from './explore-queries';
import { leftOutIds, staleMachines, type StaleInfo } from '../score/stale';
import { plantCadence, plantStaleAfterSteps } from '../store/plant-settings';
import { describeCadence, sameCadence } from '../shared/cadence';
import { getModel, listModels as storedModels, modelProblem } from '../model/model-store';

const DAY = 86400;

function parseJson<T>(s: unknown, fallback: T): T {
  if (typeof s !== 'string' || s === '') return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

/** Accepts metrics as the model engine stores them and maps them to what the screen shows. */
export function normaliseMetrics(raw: unknown): ModelMetrics | null {
  if (!raw || typeof raw !== 'object') return null;
  const outer = raw as Record<string, any>;
  // The model store keeps { test: Evaluation | null, importances: [[name, value]], ... }.
  const m: Record<string, any> =
    'test' in outer || 'importances' in outer
      ? { ...(outer.test ?? {}), importance: outer.importances ?? [] }
      : outer;
  if (!m.confusion && !(m.importance ?? []).length) return null;
  const labels: string[] = m.labels ?? m.labelNames ?? m.classes ?? [];
  const confusion: number[][] = m.confusion ?? m.confusionMatrix ?? [];
  const perRaw: any[] = m.perClass ?? m.classes_metrics ?? [];
  // Damaged metrics (a plant file from anywhere) read as none rather than break the list.
  if (
    !Array.isArray(labels) ||
    !Array.isArray(perRaw) ||
    !Array.isArray(confusion) ||
    confusion.some((row) => !Array.isArray(row)) ||
    (m.importance !== undefined && m.importance !== null && typeof m.importance !== 'object')
  ) {
    return null;
  }
  const perClass = perRaw.map((c: any, i: number) => ({
    label: String(c.label ?? c.name ?? labels[i] ?? i),
    precision: Number(c.precision ?? 0),
    recall: Number(c.recall ?? 0),
    f1: Number(c.f1 ?? 0),
    support: Number(c.support ?? 0),
  }));
  const impRaw = m.importance ?? m.importances ?? m.featureImportance ?? [];
  const importance = Array.isArray(impRaw)
    ? impRaw.map((x: any) =>
        Array.isArray(x)
          ? { feature: String(x[0]), value: Number(x[1]) }
          : { feature: String(x.feature ?? x.name), value: Number(x.value ?? x.importance) },
      )
    : Object.entries(impRaw as Record<string, number>).map(([feature, value]) => ({
        feature,
        value: Number(value),
      }));
  importance.sort((a, b) => b.value - a.value);
  return {
    labels,
    confusion,
    perClass,
    accuracy: Number(m.accuracy ?? NaN),
    macroF1: Number(m.macroF1 ?? m.macro_f1 ?? NaN),
    importance,
    testRows: Number(m.testRows ?? m.rows ?? confusion.flat().reduce((a, b) => a + b, 0)),
  };
}

export function listModels(store: Store): ModelInfo[] {
  const rows = store.all<Record<string, any>>(
    `SELECT id, created, engine, hyperparameters, feature_names, train_from, train_to,
            horizon_days, metrics, active FROM models WHERE removed IS NULL ORDER BY id DESC`,
  );
  // Cadences as the model store reads them (NULL: the reference grid with horizon_days).
  const cadences = new Map(storedModels(store).map((m) => [m.id, m]));
  const plant = plantCadence(store);
  return rows.map((r) => {
    const stored = cadences.get(Number(r.id));
    const hp = parseJson<Record<string, any>>(r.hyperparameters, {});
    let metrics: ModelMetrics | null = null;
    try {
      metrics = normaliseMetrics(parseJson<unknown>(r.metrics, null));
    } catch {
      metrics = null; // damaged metrics: the model lists as not evaluated
    }
    const problem = modelProblem(getModel(store, Number(r.id)));
    return {
      id: Number(r.id),
      created: String(r.created),
      engine: String(r.engine),
      ...(problem ? { problem } : {}),
      trees: hp.nTrees ?? hp.trees ?? hp.nEstimators ?? null,
      maxDepth: hp.maxDepth ?? null,
      horizonDays: Number(r.horizon_days),
      cadence: stored ? describeCadence(stored.cadence) : '',
      cadenceMatchesPlant: stored ? sameCadence(stored.cadence, plant) : false,
      leftOutSensors: stored?.metrics?.leftOutSensors ?? [],
      trainFrom: r.train_from === null ? null : Number(r.train_from),
      trainTo: r.train_to === null ? null : Number(r.train_to),
      active: Number(r.active) === 1,
      macroF1: metrics && Number.isFinite(metrics.macroF1) ? metrics.macroF1 : null,
      accuracy: metrics && Number.isFinite(metrics.accuracy) ? metrics.accuracy : null,
      metrics,
      featureCount: parseJson<string[]>(r.feature_names, []).length,
    };
  });
}

/** Makes one model the active one (the one scoring runs use by default). */
export function activateModel(store: Store, id: number): void {
  if (!store.scalar('SELECT id FROM models WHERE id=? AND removed IS NULL', [id])) {
    throw new RangeError(`model ${id} does not exist`);
  }
  store.transaction(() => {
    store.db.run('UPDATE models SET active = (id = ?)', [id]);
  });
}

function runFromRow(r: Record<string, any>): RunInfo {
  const started = Date.parse(String(r.started));
  const finished = r.finished ? Date.parse(String(r.finished)) : NaN;
  return {
    id: Number(r.id),
    modelId: Number(r.model_id),
    mode: String(r.mode),
    rangeFrom: r.range_from === null ? null : Number(r.range_from),
    rangeTo: r.range_to === null ? null : Number(r.range_to),
    started: String(r.started),
    finished: r.finished ? String(r.finished) : null,
    status: String(r.status),
    rows: Number(r.rows),
    message: r.message ? String(r.message) : null,
    scheduleId:
      r.schedule_id === null || r.schedule_id === undefined ? null : Number(r.schedule_id),
    durationMs: Number.isFinite(started) && Number.isFinite(finished) ? finished - started : null,
  };
}

export function listRuns(store: Store, limit = 500): RunInfo[] {
  return store
    .all<Record<string, any>>('SELECT * FROM runs ORDER BY id DESC LIMIT ?', [limit])
    .map(runFromRow);
}

export function getRun(store: Store, id: number): RunInfo | null {
  const r = store.all<Record<string, any>>('SELECT * FROM runs WHERE id=?', [id])[0];
  return r ? runFromRow(r) : null;
}

/** The newest finished run, the one the ranking shows by default. */
export function latestRunId(store: Store): number | null {
  const v = store.scalar("SELECT id FROM runs WHERE status='ok' ORDER BY id DESC LIMIT 1");
  return v === null ? null : Number(v);
}

/** The run's machines without recent data under the plant's setting (workers/score/stale.ts). */
export function runStaleInfo(store: Store, runId: number, includeStale = false): StaleInfo {
  return staleMachines(store, runId, plantStaleAfterSteps(store), includeStale);
}

/**
 * Machines x components of one run, each machine at its latest scored time, ordered by
 * risk (highest first), with days since the component was last replaced at that time.
 * Machines without recent data (`stale`, see workers/score/stale.ts) are left out unless
 * `stale.included`; without `stale` every machine is ranked.
 */
export function riskRanking(store: Store, runId: number, stale?: StaleInfo): RiskRow[] {
  const leftOut = stale ? leftOutIds(stale) : new Set<number>();
  const rows = store.all<Record<string, any>>(
    `WITH last AS (SELECT machine_id, max(t) AS t FROM results WHERE run_id=? GROUP BY machine_id)
     SELECT r.machine_id, coalesce(n.name, r.machine_id) AS machine, r.t, r.component,
       r.probability, r.top_features, m.model,
       (SELECT max(x.t) FROM maint x WHERE x.machine_id=r.machine_id AND x.comp=r.component
          AND x.t<=r.t) AS last_replace
     FROM results r JOIN last l ON l.machine_id=r.machine_id AND l.t=r.t
     LEFT JOIN machines m ON m.machine_id=r.machine_id
     LEFT JOIN machine_names n ON n.machine_id=r.machine_id
     WHERE r.run_id=? AND r.component<>'none'`,
    [runId, runId],
  );
  // Ties in risk go in machine order (text ids), which SQL cannot sort.
  rows.sort(
    (a, b) =>
      Number(b.probability) - Number(a.probability) ||
      compareMachineIds(String(a.machine), String(b.machine)) ||
      (a.component < b.component ? -1 : a.component > b.component ? 1 : 0),
  );
  return rows
    .filter((r) => !leftOut.has(Number(r.machine_id)))
    .map((r) => ({
      machineId: Number(r.machine_id),
      machine: String(r.machine),
      model: r.model === null ? null : String(r.model),
      component: String(r.component),
      probability: Number(r.probability),
      t: Number(r.t),
      reasons: parseJson<[string, number][]>(r.top_features, []).slice(0, 5),
      daysSinceReplace: r.last_replace === null ? -1 : (Number(r.t) - Number(r.last_replace)) / DAY,
    }));
}

/** Everything the machine detail view shows, in one call. */
export function machineDetail(
  store: Store,
  machineId: number,
  runId: number | null,
): MachineDetail {
  const m = store.all<{ machine_id: number; model: string; age: number }>(
    'SELECT machine_id, model, age FROM machines WHERE machine_id=?',
    [machineId],
  )[0];
  const name = store.machineNames().get(machineId) ?? String(machineId);
  const trendRows = store.all<{ run_id: number; t: number; component: string; p: number }>(
    `SELECT r.run_id, r.t, r.component, r.probability AS p FROM results r
     JOIN runs u ON u.id=r.run_id AND u.status='ok'
     WHERE r.machine_id=? AND r.component<>'none' ORDER BY r.t, r.run_id`,
    [machineId],
  );
  const byComp = new Map<string, { runId: number; t: number; probability: number }[]>();
  for (const r of trendRows) {
    let list = byComp.get(r.component);
    if (!list) byComp.set(r.component, (list = []));
    list.push({ runId: r.run_id, t: r.t, probability: r.p });
  }
  const current =
    runId === null ? [] : riskRanking(store, runId).filter((r) => r.machineId === machineId);
  const range = machineRange(store, machineId);
  const at = current[0]?.t ?? range?.to ?? 0;
  return {
    name,
    machine: m ? { machineId: m.machine_id, machine: name, model: m.model, age: m.age } : null,
    trend: [...byComp.entries()].map(([component, points]) => ({ component, points })),
    current,
    replacements: lastReplacements(store, machineId, at),
    recentEvents: machineEvents(store, machineId, 30),
    range,
  };
}
