/**
 * Round trip of a trained model through model.onnx: export, import into a fresh plant
 * with the same data, score: the same risks, to the last bit. And the manifest part
 * the export bundle writes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { simulatedStore } from '../../helpers/sim-plant';
import type { Store } from '../../../workers/store/store';
import { trainModel } from '../../../workers/model/train-model';
import { getModel, saveModel } from '../../../workers/model/model-store';
import { scoreRun } from '../../../workers/score/score-run';
import { DAY, parseDateArg } from '../../../workers/shared/time';
import { exportOnnx, onnxModelRecord } from '../../../workers/export/onnx-model';
import { plantCadence, plantTimeZone } from '../../../workers/store/plant-settings';

const START = parseDateArg('2015-01-01');
const plant = () => simulatedStore({ machines: 6, days: 120, seed: 5 });

let a: Store;
let modelId: number;

beforeAll(async () => {
  a = await plant();
  const r = await trainModel(a, { trainTo: START + 90 * DAY, params: { nTrees: 25, seed: 4 } });
  modelId = r.modelId;
}, 120_000);

const risks = (s: Store, runId: number) =>
  s.all<{ machine_id: number; t: number; component: string; probability: number }>(
    'SELECT machine_id, t, component, probability FROM results WHERE run_id=? ORDER BY machine_id, t, component',
    [runId],
  );

describe('model.onnx round trip', () => {
  it('scores identical risks and reasons in a fresh plant', async () => {
    const record = getModel(a, modelId);
    const { onnx, manifest } = exportOnnx(record, { timeZone: plantTimeZone(a) });
    // what the bundle writes: the model part under `model` of manifest.json
    const imported = onnxModelRecord(onnx, JSON.parse(JSON.stringify({ model: manifest })));
    const b = await plant();
    const id = saveModel(b, imported, true);
    const from = START + 90 * DAY;
    const to = START + 119 * DAY;
    const runA = await scoreRun(a, { mode: 'range', from, to, modelId });
    const runB = await scoreRun(b, { mode: 'range', from, to, modelId: id });
    expect(runB.rows).toBe(runA.rows);
    expect(runA.rows).toBeGreaterThan(100);
    const ra = risks(a, runA.runId);
    expect(ra.length).toBeGreaterThan(100);
    expect(risks(b, runB.runId)).toEqual(ra);
    expect(runB.maxRisk).toBe(runA.maxRisk);
    // the reasons too: split nodes' frequencies come back from the hit rates
    const reasons = (s: Store, runId: number) =>
      s.all<{ top_features: string }>(
        'SELECT top_features FROM results WHERE run_id=? ORDER BY machine_id, t, component',
        [runId],
      );
    const ra2 = reasons(a, runA.runId);
    expect(ra2.some((r) => r.top_features.length > 2)).toBe(true);
    expect(reasons(b, runB.runId)).toEqual(ra2);
  });

  it('writes feature order, classes, horizon, cadence and time zone in the manifest', () => {
    const record = getModel(a, modelId);
    const { manifest } = exportOnnx(record, { timeZone: 'Europe/Berlin' });
    expect(manifest.features).toEqual(record.featureNames);
    expect(manifest.classes).toEqual(record.labelNames);
    expect(manifest.cadence).toEqual(plantCadence(a));
    expect(manifest.horizonSeconds).toBe(record.cadence.horizonSeconds);
    expect(manifest.horizonDays).toBe(7);
    expect(manifest.timeZone).toBe('Europe/Berlin');
    expect(manifest.input).toEqual({
      name: 'features',
      type: 'double',
      shape: ['N', record.featureNames.length],
    });
  });

  it('refuses to export an ml-random-forest model, saying what to do', () => {
    const record = { ...getModel(a, modelId), learner: 'ml-random-forest' };
    expect(() => exportOnnx(record, { timeZone: 'UTC' })).toThrow(
      /only forest models export to ONNX; this model was trained with ml-random-forest: train one with the forest learner/,
    );
  });
});
