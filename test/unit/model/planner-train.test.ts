/**
 * Training keeps the planner's view of the test range and a calibration where the test
 * range shows it helps; scoring,
 * evaluation and the lists use calibrated risks, the classification metrics and every
 * ranking stay what the forest gives; a model without a calibration scores as before.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { simulatedStore } from '../../helpers/sim-plant';
import type { Store } from '../../../workers/store/store';
import { trainModel } from '../../../workers/model/train-model';
import {
  getModel,
  modelFromFile,
  modelToFile,
  saveModel,
  type ModelMetrics,
} from '../../../workers/model/model-store';
import { evaluateModel } from '../../../workers/model/evaluate-model';
import { scoreRun } from '../../../workers/score/score-run';
import { interpolate, type Calibration } from '../../../workers/model/calibration';
import { chooseCalibration, plannerEvaluation } from '../../../workers/model/planner-eval';
import { loadStoredModel } from '../../../workers/model/model-store';
import { modelColumns } from '../../../workers/model/evaluate-model';
import { remapLabels } from '../../../workers/model/train-model';
import { buildFeatures } from '../../../workers/features';
import { DAY, parseDateArg } from '../../../workers/shared/time';
import {
  plantInspectionBudget,
  setPlantInspectionBudget,
  DEFAULT_INSPECTION_BUDGET,
} from '../../../workers/store/plant-settings';
import { FieldError } from '../../../workers/shared/field-error';
import { exportOnnx } from '../../../workers/export/onnx-model';

const START = parseDateArg('2015-01-01');
let store: Store;
let modelId: number;
let metrics: ModelMetrics;
/** The same model stored without calibration: a model trained before it was fitted. */
let oldId: number;

beforeAll(async () => {
  store = await simulatedStore({ machines: 12, days: 150, seed: 11 });
  setPlantInspectionBudget(store, 3);
  const r = await trainModel(store, {
    trainTo: START + 110 * DAY,
    params: { nTrees: 20, seed: 2 },
  });
  modelId = r.modelId;
  metrics = r.metrics;
  const rec = getModel(store, modelId);
  const { calibration: _c, planner: _p, ...rest } = rec.metrics!;
  oldId = saveModel(store, { ...rec, metrics: rest }, false);
}, 180_000);

describe('inspection budget', () => {
  it('defaults to 10 and refuses what is not a whole number of machines', async () => {
    const fresh = await simulatedStore({ machines: 1, days: 2 });
    expect(plantInspectionBudget(fresh)).toBe(DEFAULT_INSPECTION_BUDGET);
    for (const bad of [0, 2.5, -1, 10001, NaN]) {
      expect(() => setPlantInspectionBudget(fresh, bad)).toThrow(FieldError);
    }
    expect(plantInspectionBudget(fresh)).toBe(DEFAULT_INSPECTION_BUDGET);
    setPlantInspectionBudget(fresh, 25);
    expect(plantInspectionBudget(fresh)).toBe(25);
  });
});

describe('training', () => {
  it('keeps planner metrics per component at the budget and a calibration', () => {
    const p = metrics.planner!;
    expect(p.budget).toBe(3);
    expect(p.highRisk).toBe(0.5);
    expect(p.components.map((c) => c.component)).toEqual(['comp1', 'comp2', 'comp3', 'comp4']);
    const rows = metrics.test!.rows;
    for (const c of p.components) {
      expect(c.observations).toBe(rows);
      expect(c.pr.length).toBeLessThanOrEqual(50);
      expect(c.flags).toBeLessThanOrEqual(3 * c.days);
      expect(c.alarmed + c.neverAlarmed).toBe(c.failures);
    }
    // the simulator's failures are foreseeable: some are caught, ranking beats chance
    const some = p.components.find((c) => c.failures > 0)!;
    expect(some.averagePrecision!).toBeGreaterThan(some.positives / some.observations);
    const pooled = rows * 4;
    expect(p.reliability.before.reduce((s, b) => s + b.count, 0)).toBe(pooled);
    expect(p.reliability.after!.reduce((s, b) => s + b.count, 0)).toBe(pooled);
    const cal = metrics.calibration!;
    // out-of-bag or, judged across machine halves, the test range's own (planner-eval.ts)
    expect(['isotonic-oob', 'isotonic-test']).toContain(cal.method);
    expect(Object.keys(cal.classes)).toEqual(['none', 'comp1', 'comp2', 'comp3', 'comp4']);
    if (cal.method === 'isotonic-test') expect(cal.rows).toBe(metrics.test!.rows);
    else expect(cal.rows).toBeGreaterThan(metrics.trainRows * 0.9);
  });
});

describe('scoring and evaluation', () => {
  it('scores with calibrated risks; a model without calibration keeps the forest’s', async () => {
    const cal = metrics.calibration!;
    const raw = await scoreRun(store, { modelId: oldId, mode: 'latest' });
    const calibrated = await scoreRun(store, { modelId, mode: 'latest' });
    const rows = (run: number) =>
      store.all<{ machine_id: number; component: string; probability: number }>(
        'SELECT machine_id, component, probability FROM results WHERE run_id=? ORDER BY machine_id, component',
        [run],
      );
    const a = rows(raw.runId);
    const b = rows(calibrated.runId);
    expect(b).toHaveLength(a.length);
    let moved = 0;
    a.forEach((r, i) => {
      const want = interpolate(r.probability, cal.classes[r.component]);
      expect(b[i].probability).toBeCloseTo(want, 12);
      if (Math.abs(want - r.probability) > 1e-3) moved++;
    });
    expect(moved).toBeGreaterThan(0);
  });

  it('evaluates with the forest’s argmax for F1 and the same rankings', () => {
    const from = START + 111 * DAY;
    const to = START + 149 * DAY;
    const withCal = evaluateModel(store, modelId, from, to);
    const without = evaluateModel(store, oldId, from, to);
    expect(withCal.macroF1).toBe(without.macroF1);
    expect(withCal.confusion).toEqual(without.confusion);
    withCal.planner.components.forEach((c, i) => {
      const o = without.planner.components[i];
      if (o.averagePrecision === null) expect(c.averagePrecision).toBeNull();
      else expect(c.averagePrecision).toBeCloseTo(o.averagePrecision, 12);
      expect([c.flags, c.rightFlags, c.caught, c.failures]).toEqual([
        o.flags,
        o.rightFlags,
        o.caught,
        o.failures,
      ]);
    });
    expect(withCal.planner.components.some((c) => c.averagePrecision !== null)).toBe(true);
    expect(withCal.planner.reliability.after).not.toBeNull();
    expect(without.planner.reliability.after).toBeNull();
  });

  it('keeps the calibration in the portable model file; a damaged one is dropped', () => {
    const text = modelToFile(getModel(store, modelId));
    expect(modelFromFile(text).metrics?.calibration).toEqual(metrics.calibration);
    const doc = JSON.parse(text);
    delete doc.checksum;
    doc.metrics.calibration.classes.comp1.y.reverse();
    const damaged = modelFromFile(JSON.stringify(doc));
    expect(damaged.metrics).toBeNull();
    expect(damaged.note).toMatch(/metrics dropped on import: metrics\.calibration of comp1/);
  });

  it('carries the calibration of failure classes into the ONNX manifest', () => {
    const { manifest } = exportOnnx(getModel(store, modelId), { timeZone: 'UTC' });
    expect(Object.keys(manifest.calibration!)).toEqual(['comp1', 'comp2', 'comp3', 'comp4']);
    expect(exportOnnx(getModel(store, oldId), { timeZone: 'UTC' }).manifest.calibration).toBe(
      undefined,
    );
  });
});

describe('keeping a calibration', () => {
  it('keeps the fitted one here because it narrows the test range’s gap', () => {
    const r = metrics.planner!.reliability;
    expect(r.rejected).toBeFalsy();
    expect(r.gapAfter!).toBeLessThan(r.gapBefore!);
  });

  function testRange() {
    const record = getModel(store, modelId);
    const model = loadStoredModel(record);
    const fs = buildFeatures(store, { from: START + 110 * DAY, cadence: record.cadence });
    const proba = model.predictProba(modelColumns(model, fs, record), fs.rows);
    return {
      fs,
      proba,
      label: remapLabels(fs, model.classNames),
      classes: model.classNames,
      H: record.cadence.horizonSeconds,
    };
  }

  it('drops a calibration that moves risks away from the observed shares', () => {
    const { fs, proba, classes, H } = testRange();
    // every risk raised by 40 points: far from how often components failed
    const inflate = { x: [0, 1], y: [0.4, 1] };
    const bad: Calibration = {
      method: 'isotonic-oob',
      rows: 1,
      classes: Object.fromEntries(classes.map((c) => [c, inflate])),
    };
    // no labels known in the range: no map can be fitted on it, only the bad one is left
    const unknown = new Int32Array(fs.rows).fill(-1);
    const { calibration, planner } = chooseCalibration(store, fs, proba, unknown, classes, H, bad);
    expect(calibration).toBeUndefined();
    expect(planner!.reliability.rejected).toBe(true);
    expect(planner!.reliability.gapAfter!).toBeGreaterThan(planner!.reliability.gapBefore!);
    // lead times follow the forest's own risks, as the model will give them
    const plain = plannerEvaluation(store, fs, proba, classes, H);
    expect(planner!.components).toEqual(plain.components);
    // without a test range nothing can show it helps: not kept
    expect(chooseCalibration(store, fs, null, unknown, classes, H, bad).calibration).toBe(
      undefined,
    );
  });

  it('fits one on the test range, judged across machine halves, when that helps', () => {
    const { fs, proba, label, classes, H } = testRange();
    // a forest far too sure of failures: every failure risk p shown as p^0.3
    const none = classes.indexOf('none');
    const bold = proba.map((p, i) => (i % classes.length === none ? p : p ** 0.3));
    const { calibration, planner } = chooseCalibration(
      store,
      fs,
      bold,
      label,
      classes,
      H,
      undefined,
    );
    expect(calibration?.method).toBe('isotonic-test');
    expect(calibration!.rows).toBe(fs.rows);
    const r = planner!.reliability;
    expect(r.rejected).toBeFalsy();
    expect(r.gapAfter!).toBeLessThan(r.gapBefore!);
    // rankings unchanged: the same precision at the budget and average precision
    const plain = plannerEvaluation(store, fs, bold, classes, H);
    expect(planner!.components.map((c) => [c.precisionAtK, c.averagePrecision])).toEqual(
      plain.components.map((c) => [c.precisionAtK, c.averagePrecision]),
    );
  });
});
