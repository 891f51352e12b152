/**
 * What the Model, Runs, Risk ranking and machine screens show, in their shapes: the
 * model store, the scoring runs and the risk ranking are read through their own
 * modules (workers/model/model-store.ts, workers/score/risk-ranking.ts), which the CLI
 * and the printed list use too, so every view shows the same rows.
 */
import type { Store } from '../store/store';
import type { MachineDetail, ModelInfo, ModelMetrics, RiskRanking, RunInfo } from './api-types';
import { lastReplacements, machineEvents, machineRange } from './explore-queries';
import { plantCadence } from '../store/plant-settings';
import { describeCadence, sameCadence } from '../shared/cadence';
import { getModel, listModels as storedModels, modelProblem } from '../model/model-store';
import { riskRanking as engineRanking } from '../score/risk-ranking';
import {
  getRun as engineRun,
  listRuns as engineRuns,
  machineRiskHistory,
  type RunInfo as EngineRunInfo,
} from '../score/run-store';
import { machineListRow } from '../store/machines-store';

/** Accepts metrics as the model store keeps them and maps them to what the screen shows. */
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

/**
 * The plant's models as the Model screen lists them: the model store's records
 * (workers/model/model-store.ts), each checked (a damaged one carries `problem`), with
 * its evaluation in the screen's shape.
 */
export function listModels(store: Store): ModelInfo[] {
  const plant = plantCadence(store);
  return storedModels(store).map((m) => {
    const hp = m.hyperparameters as Record<string, any>;
    let metrics: ModelMetrics | null = null;
    try {
      metrics = normaliseMetrics(m.metrics);
    } catch {
      metrics = null; // damaged metrics: the model lists as not evaluated
    }
    const problem = m.problem ?? modelProblem(getModel(store, m.id));
    return {
      id: m.id,
      created: m.created,
      learner: m.learner,
      ...(problem ? { problem } : {}),
      trees: hp.nTrees ?? hp.trees ?? hp.nEstimators ?? null,
      maxDepth: hp.maxDepth ?? null,
      horizonDays: m.horizonDays,
      cadence: describeCadence(m.cadence),
      cadenceSettings: m.cadence,
      cadenceMatchesPlant: sameCadence(m.cadence, plant),
      leftOutSensors: m.metrics?.leftOutSensors ?? [],
      trainFrom: m.trainFrom,
      trainTo: m.trainTo,
      active: m.active,
      macroF1: metrics && Number.isFinite(metrics.macroF1) ? metrics.macroF1 : null,
      accuracy: metrics && Number.isFinite(metrics.accuracy) ? metrics.accuracy : null,
      metrics,
      featureCount: m.featureNames.length,
      bands: m.bands ?? null,
      planner: m.metrics?.planner ?? null,
      calibrated: Boolean(m.metrics?.calibration),
    };
  });
}

/** A scoring run (workers/score/risk-ranking.ts) with its duration for the Runs screen. */
function withDuration(r: EngineRunInfo): RunInfo {
  const started = Date.parse(r.started);
  const finished = r.finished ? Date.parse(r.finished) : NaN;
  return {
    ...r,
    durationMs: Number.isFinite(started) && Number.isFinite(finished) ? finished - started : null,
  };
}

export function listRuns(store: Store, limit = 500): RunInfo[] {
  return engineRuns(store, limit).map(withDuration);
}

/** One run; RangeError naming it when the plant file has no such run. */
export function getRun(store: Store, id: number): RunInfo {
  return withDuration(engineRun(store, id));
}

/**
 * The ranking of one run (workers/score/risk-ranking.ts, the same rows the CLI and the
 * printed list use), machines without recent data under the plant's setting left out
 * and listed in `stale`.
 */
export function runRanking(store: Store, runId: number): RiskRanking {
  const r = engineRanking(store, { runId });
  return { run: r.run && withDuration(r.run), rows: r.rows, stale: r.stale, unlisted: r.unlisted };
}

/** Everything the machine detail view shows, in one call. */
export function machineDetail(
  store: Store,
  machineId: number,
  runId: number | null,
): MachineDetail {
  const m = machineListRow(store, machineId);
  const name = store.machineNames().get(machineId) ?? String(machineId);
  const trendRows = machineRiskHistory(store, machineId);
  const byComp = new Map<string, { runId: number; t: number; probability: number }[]>();
  for (const r of trendRows) {
    let list = byComp.get(r.component);
    if (!list) byComp.set(r.component, (list = []));
    list.push({ runId: r.runId, t: r.t, probability: r.probability });
  }
  const current =
    runId === null
      ? []
      : engineRanking(store, { runId, includeStale: true }).rows.filter(
          (r) => r.machineId === machineId,
        );
  const range = machineRange(store, machineId);
  const at = current[0]?.t ?? range?.to ?? 0;
  return {
    name,
    machine: m ? { machineId: m.machineId, machine: name, model: m.model, age: m.age } : null,
    trend: [...byComp.entries()].map(([component, points]) => ({ component, points })),
    current,
    replacements: lastReplacements(store, machineId, at),
    recentEvents: machineEvents(store, machineId, 30),
    range,
  };
}
