import { beforeAll, describe, expect, it } from 'vitest';
import {
  anchorToMain,
  averagePrecision,
  bandClassNames,
  bandDaysFor,
  bandLabels,
  cumulativeBands,
  likelyWithin,
  trainBandModel,
} from '../../../workers/model/band-model';
import { DAY, HOUR } from '../../../workers/shared/time';
import { BASE, prng, storeWith } from '../features/fixtures';
import { voltBeforeFailures } from './volt-plant';
import { trainModel } from '../../../workers/model/train-model';
import {
  getModel,
  listModels,
  modelFromFile,
  modelToFile,
  removeModel,
  saveModel,
  activateModel,
} from '../../../workers/model/model-store';
import { buildFeatures, temporalSplit } from '../../../workers/features';
import { resolveForestParams, getLearner } from '../../../workers/forest';
import { scoreRun } from '../../../workers/score/score-run';
import { riskRanking } from '../../../workers/score/risk-ranking';
import { plantCadence } from '../../../workers/store/plant-settings';
import type { Store } from '../../../workers/store/store';
import { CancelledError } from '../../../workers/shared/types';

const COMPS = ['comp1', 'comp2'];
const DAYS = [1, 3, 7, 14];
const T0 = BASE + 10 * DAY;

/** Label of one observation at T0 of machine 1 with the given failures. */
function labelOf(failures: { t: number; component: string }[], days = DAYS): string {
  const l = bandLabels(
    { rows: 1, machineId: Int32Array.of(1), t: Float64Array.of(T0) },
    failures.map((f) => ({ machineId: 1, ...f })),
    COMPS,
    days,
  )[0];
  return bandClassNames(COMPS, days)[l];
}

describe('band labels', () => {
  it('puts a failure exactly at a band end inside that band', () => {
    expect(labelOf([{ t: T0 + 1 * DAY, component: 'comp1' }])).toBe('comp1@1');
    expect(labelOf([{ t: T0 + 3 * DAY, component: 'comp2' }])).toBe('comp2@3');
    expect(labelOf([{ t: T0 + 7 * DAY, component: 'comp1' }])).toBe('comp1@7');
    expect(labelOf([{ t: T0 + 14 * DAY, component: 'comp1' }])).toBe('comp1@14');
  });

  it('puts a failure one second past a band end in the next band', () => {
    expect(labelOf([{ t: T0 + DAY + 1, component: 'comp1' }])).toBe('comp1@3');
    expect(labelOf([{ t: T0 + 7 * DAY + 1, component: 'comp2' }])).toBe('comp2@14');
  });

  it('is none for a failure beyond 14 days, at T itself or before it', () => {
    expect(labelOf([{ t: T0 + 14 * DAY + 1, component: 'comp1' }])).toBe('none');
    expect(labelOf([{ t: T0, component: 'comp1' }])).toBe('none');
    expect(labelOf([{ t: T0 - HOUR, component: 'comp1' }])).toBe('none');
    expect(labelOf([])).toBe('none');
  });

  it('takes the earliest of two failures; a tie goes to the first component by name', () => {
    expect(
      labelOf([
        { t: T0 + 2 * DAY, component: 'comp2' },
        { t: T0 + 5 * DAY, component: 'comp1' },
      ]),
    ).toBe('comp2@3');
    expect(
      labelOf([
        { t: T0 + 5 * DAY, component: 'comp1' },
        { t: T0 + 5 * DAY, component: 'comp2' },
      ]),
    ).toBe('comp1@7');
  });

  it('labels each machine from its own failures', () => {
    const l = bandLabels(
      { rows: 2, machineId: Int32Array.of(1, 2), t: Float64Array.of(T0, T0) },
      [{ machineId: 2, t: T0 + 2 * HOUR, component: 'comp2' }],
      COMPS,
      DAYS,
    );
    expect([...l].map((x) => bandClassNames(COMPS, DAYS)[x])).toEqual(['none', 'comp2@1']);
  });

  it('merges bands shorter than the step into the next', () => {
    expect(bandDaysFor(12 * HOUR)).toEqual([1, 3, 7, 14]);
    expect(bandDaysFor(DAY)).toEqual([1, 3, 7, 14]);
    expect(bandDaysFor(2 * DAY)).toEqual([3, 7, 14]);
    expect(bandDaysFor(15 * DAY)).toEqual([]);
    expect(labelOf([{ t: T0 + 12 * HOUR, component: 'comp1' }], bandDaysFor(2 * DAY))).toBe(
      'comp1@3',
    );
  });
});

describe('cumulative bands', () => {
  it('never fall from band to band, on a forest trained on random data', async () => {
    const rnd = prng(11);
    const rows = 400;
    const F = 3;
    const values = Float64Array.from({ length: rows * F }, () => rnd());
    const classNames = bandClassNames(COMPS, DAYS);
    const y = Int32Array.from({ length: rows }, () => Math.floor(rnd() * classNames.length));
    const model = await getLearner('forest').train(
      { featureNames: ['a', 'b', 'c'], rows, values, classNames },
      y,
      classNames.length,
      resolveForestParams({ nTrees: 15, maxDepth: 6, seed: 2 }),
    );
    const proba = model.predictProba(values, rows);
    for (let r = 0; r < rows; r++) {
      const cum = cumulativeBands(proba, r, COMPS.length, DAYS.length);
      for (const c of cum) {
        for (let b = 1; b < c.length; b++) expect(c[b]).toBeGreaterThanOrEqual(c[b - 1]);
        expect(c[c.length - 1]).toBeLessThanOrEqual(1);
        // Anchored to any main risk, they stay monotone and meet it at the horizon.
        const main = rnd();
        const a = anchorToMain(c, DAYS, 7, main);
        for (let b = 1; b < a.length; b++) expect(a[b]).toBeGreaterThanOrEqual(a[b - 1]);
        if (c[2] > 0) expect(a[2]).toBeCloseTo(main, 12);
      }
    }
  });

  it('are left as they are when the horizon is not a band or nothing scales', () => {
    expect(anchorToMain([0.1, 0.2, 0.3, 0.4], DAYS, 5, 0.9)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(anchorToMain([0, 0, 0, 0.4], DAYS, 7, 0.9)).toEqual([0, 0, 0, 0.4]);
    expect(anchorToMain([0.1, 0.2, 0.4, 0.6], DAYS, 7, 0.8)).toEqual([0.2, 0.4, 0.8, 1]);
  });

  it('call the shortest band reaching 50 % likely, none when no band does', () => {
    expect(likelyWithin(DAYS, [0.1, 0.5, 0.6, 0.9])).toBe(3);
    expect(likelyWithin(DAYS, [0.5, 0.5, 0.6, 0.9])).toBe(1);
    expect(likelyWithin(DAYS, [0.1, 0.2, 0.3, 0.4999])).toBeNull();
  });

  it('average precision ranks hits above misses, ties as one threshold', () => {
    expect(averagePrecision([0.9, 0.8, 0.1], [true, false, true])).toBeCloseTo((1 + 2 / 3) / 2);
    expect(averagePrecision([0.5, 0.5], [true, false])).toBeCloseTo(0.5);
    expect(averagePrecision([0.5, 0.4], [false, false])).toBeNull();
  });
});

describe('training, storage and scoring', () => {
  let store: Store;
  const trainTo = BASE + 45 * DAY;
  let modelId: number;

  beforeAll(async () => {
    store = await storeWith(voltBeforeFailures());
    const r = await trainModel(store, { trainTo, params: { nTrees: 12, seed: 1 } });
    modelId = r.modelId;
    expect(r.bands).not.toBeNull();
  }, 120_000);

  it('trains the band model only on rows whose 14 days end by train-to', () => {
    const m = listModels(store).find((x) => x.id === modelId)!;
    const all = buildFeatures(store, { cadence: plantCadence(store) });
    const expected = [...all.t].filter((t) => t <= trainTo - 14 * DAY).length;
    expect(m.bands!.metrics!.trainRows).toBe(expected);
    expect(m.bands!.days).toEqual(DAYS);
    expect(m.bands!.components).toEqual(['comp1']);
    const test = m.bands!.metrics!.test!;
    expect(test.rows).toBeGreaterThan(0);
    expect(test.components[0].bands.map((b) => b.days)).toEqual(DAYS);
  });

  it('stores nothing when cancelled while the band trees grow', async () => {
    const before = listModels(store).length;
    const ac = new AbortController();
    await expect(
      trainModel(store, {
        trainTo,
        params: { nTrees: 12, seed: 1 },
        signal: ac.signal,
        onProgress: (p) => {
          if (p.phase === 'band-trees' && p.done >= 1) ac.abort();
        },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(listModels(store).length).toBe(before);
  });

  it('learns nothing from failures after train-to', async () => {
    // Only failures after train-to: no band label can see one, so no band model.
    const p = voltBeforeFailures();
    p.failures = p.failures.filter(([, t]) => t > trainTo);
    const s = await storeWith(p);
    const cadence = plantCadence(s);
    const split = temporalSplit(buildFeatures(s, { cadence }), trainTo, cadence.horizonSeconds);
    const main = await getLearner('forest').train(
      { ...split.train, classNames: split.train.labelNames },
      split.train.label,
      split.train.labelNames.length,
      resolveForestParams({ nTrees: 2 }),
    );
    const band = await trainBandModel(s, ['comp1'], {
      train: split.train,
      test: split.test,
      trainTo,
      stepSeconds: cadence.stepSeconds,
      main,
      horizonDays: 7,
      params: resolveForestParams({ nTrees: 2 }),
    });
    expect(band).toBeNull();
  });

  it('stores bands per ranked row; the ranking decides the likely band', async () => {
    const run = await scoreRun(store, { mode: 'latest', modelId });
    const stored = Number(
      store.scalar('SELECT count(*) FROM result_bands WHERE run_id=?', [run.runId]),
    );
    expect(stored).toBe(4); // 4 machines x 1 component, each machine's latest observation
    const { rows } = riskRanking(store, { runId: run.runId });
    for (const r of rows) {
      const b = r.bands!;
      expect(b.days).toEqual(DAYS);
      for (let i = 1; i < b.cumulative.length; i++)
        expect(b.cumulative[i]).toBeGreaterThanOrEqual(b.cumulative[i - 1]);
      // Anchored: the 7-day band is the main risk.
      expect(b.cumulative[2]).toBeCloseTo(r.probability, 9);
      expect(b.likelyDays).toBe(likelyWithin(b.days, b.cumulative));
    }
  });

  it('travels in the model file and back, and goes with the model when removed', () => {
    const rec = getModel(store, modelId);
    expect(rec.bands?.bytes.length).toBeGreaterThan(0);
    const file = modelToFile(rec);
    const back = modelFromFile(file);
    expect(back.bands?.days).toEqual(DAYS);
    expect(back.bands?.bytes).toEqual(rec.bands!.bytes);
    const copy = saveModel(store, back, false);
    expect(getModel(store, copy).bands?.bytes).toEqual(rec.bands!.bytes);
    expect(listModels(store).find((m) => m.id === copy)?.bands?.components).toEqual(['comp1']);
    // A file without bands (written before them) imports with none.
    const doc = JSON.parse(file) as Record<string, unknown>;
    delete doc.bands;
    delete doc.checksum;
    const old = modelFromFile(JSON.stringify(doc));
    expect(old.bands).toBeUndefined();
    const oldId = saveModel(store, old, false);
    expect(getModel(store, oldId).bands).toBeUndefined();
    removeModel(store, copy);
    expect(store.scalar('SELECT count(*) FROM model_bands WHERE model_id=?', [copy])).toBe(0);
  });

  it('refuses a model file whose band model does not fit', () => {
    const doc = JSON.parse(modelToFile(getModel(store, modelId))) as {
      bands: { components: string[] };
      checksum?: string;
    };
    doc.bands.components = ['comp1', 'comp9'];
    delete doc.checksum;
    expect(() => modelFromFile(JSON.stringify(doc), 'm.json')).toThrow(/bands: .*classes/);
  });

  it('a model without bands scores and ranks with none', async () => {
    const rec = getModel(store, modelId);
    const { bands: _, ...withoutBands } = rec;
    const id = saveModel(store, { ...withoutBands, created: new Date(0).toISOString() }, false);
    activateModel(store, id);
    const run = await scoreRun(store, { mode: 'latest', modelId: id });
    const { rows } = riskRanking(store, { runId: run.runId });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.bands === undefined)).toBe(true);
    activateModel(store, modelId);
  });
});
