/**
 * A model records the cadence it was trained with; scoring and evaluating with a model
 * whose cadence differs from the plant's is refused naming both. Training explains thin
 * data with counts, and leaves out sensors that are empty in the training range.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tinyForestBytes } from '../../helpers/tiny-forest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSchedule } from '../../../workers/schedule/schedule-store';
import { runDueOnce } from '../../../workers/schedule/run-due-node';
import * as mq from '../../../workers/app/model-queries';
import { BASE, storeWith, type PlantRows } from '../features/fixtures';
import type { Store } from '../../../workers/store/store';
import {
  CadenceMismatchError,
  getModel,
  legacyCadence,
  listModels,
  modelFromFile,
  modelToFile,
  saveModel,
  type NewModel,
} from '../../../workers/model/model-store';
import { trainModel } from '../../../workers/model/train-model';
import { ThinDataError } from '../../../workers/model/training-data';
import { evaluateModel } from '../../../workers/model/evaluate-model';
import { scoreRun } from '../../../workers/score/score-run';
import { staleMachines } from '../../../workers/score/stale';
import { runOutcome } from '../../../workers/schedule/outcomes';
import { plantCadence, setPlantCadence } from '../../../workers/store/plant-settings';
import { DEFAULT_CADENCE, defaultCadence, type Cadence } from '../../../workers/shared/cadence';
import { DAY, HOUR } from '../../../workers/shared/time';

const DAILY: Cadence = {
  stepSeconds: DAY,
  windowSeconds: [DAY, 3 * DAY, 7 * DAY],
  eventWindowSeconds: 3 * DAY,
  horizonSeconds: 14 * DAY,
};

const bare = (over: Partial<NewModel> = {}): NewModel => ({
  learner: 'forest',
  hyperparameters: {},
  featureNames: ['a'],
  labelNames: ['none', 'comp1'],
  trainFrom: null,
  trainTo: 0,
  metrics: null,
  note: '',
  bytes: tinyForestBytes(['a'], ['none', 'comp1']),
  ...over,
});

/**
 * Hourly readings of volt (and vib, missing before day `vibFrom`) for 3 machines over
 * `days` days; machine m fails every 9 days (offset by m), volt rising before it.
 */
function plantRows(days: number, opts: { vibFrom?: number; failures?: boolean } = {}): PlantRows {
  const telemetry: (number | null)[][] = [];
  const failures: [number, number, string][] = [];
  for (let m = 1; m <= 3; m++) {
    const fails: number[] = [];
    if (opts.failures !== false) {
      for (let d = 5 + m; d < days; d += 9) fails.push(BASE + d * DAY + 7 * HOUR);
    }
    for (const f of fails) failures.push([m, f, m % 2 ? 'comp1' : 'comp2']);
    for (let h = 0; h < days * 24; h++) {
      const t = BASE + h * HOUR;
      const near = fails.some((f) => f - t > 0 && f - t < 2 * DAY);
      const volt = 170 + (near ? 40 : 0) + ((h * 7919) % 13);
      const vib = opts.vibFrom !== undefined && t < BASE + opts.vibFrom * DAY ? null : 40 + (h % 5);
      telemetry.push([m, t, volt, vib]);
    }
  }
  return {
    sensors: ['volt', 'vib'],
    telemetry,
    errors: [],
    maint: [],
    failures,
    machines: [1, 2, 3].map((m) => [m, 'model1', 5] as [number, string, number]),
  };
}

const fast = { params: { nTrees: 3, maxDepth: 4, seed: 1 } };

async function trainedPlant(): Promise<{ store: Store; modelId: number }> {
  const store = await storeWith(plantRows(60));
  const r = await trainModel(store, { ...fast, trainTo: BASE + 40 * DAY });
  return { store, modelId: r.modelId };
}

describe('a model records its cadence', () => {
  it('stores the cadence; old rows and files read as the reference grid with their horizon', async () => {
    const s = await storeWith(plantRows(2, { failures: false }));
    const a = saveModel(s, bare({ horizonDays: 3 }));
    const b = saveModel(s, bare({ cadence: DAILY }));
    expect(getModel(s, a).cadence).toEqual(legacyCadence(3));
    expect(getModel(s, b).cadence).toEqual(DAILY);
    expect(getModel(s, b).horizonDays).toBe(14);
    // A row written before cadence settings (cadence NULL).
    s.db.run(
      `INSERT INTO models(created, learner, hyperparameters, feature_names, label_names, horizon_days, model)
       VALUES('2026-01-01', 'forest', '{}', '[]', '["none"]', 10, x'00')`,
    );
    const old = listModels(s)[0];
    expect(old.cadence).toEqual({ ...defaultCadence(), horizonSeconds: 10 * DAY });

    // Files carry the cadence; files written before cadence settings (version 1, the
    // learner still called `engine`, no checksum) read as the reference grid.
    const v1 = JSON.parse(modelToFile(getModel(s, a)));
    expect(v1.version).toBe(3);
    expect(v1.horizonDays).toBe(3);
    const v2 = JSON.parse(modelToFile(getModel(s, b)));
    expect(modelFromFile(JSON.stringify(v2)).cadence).toEqual(DAILY);
    delete v1.cadence;
    delete v1.checksum;
    v1.version = 1;
    v1.engine = v1.learner;
    delete v1.learner;
    expect(modelFromFile(JSON.stringify(v1)).cadence).toEqual(legacyCadence(3));
    expect(() =>
      modelFromFile(JSON.stringify({ ...v2, cadence: { stepSeconds: 0 } }), 'm.json'),
    ).toThrow(/m\.json: cadence: the step/);
  });

  it('training records the plant cadence; a different --horizon-days is refused', async () => {
    const store = await storeWith(plantRows(60));
    setPlantCadence(store, { horizonSeconds: 5 * DAY });
    await expect(
      trainModel(store, { ...fast, trainTo: BASE + 40 * DAY, horizonDays: 7 }),
    ).rejects.toThrow(/plant's is 5d, not 7 days.*pdm plant --db FILE --horizon 7d/);
    const r = await trainModel(store, { ...fast, trainTo: BASE + 40 * DAY, horizonDays: 5 });
    expect(r.cadence).toEqual(plantCadence(store));
    expect(getModel(store, r.modelId).cadence.horizonSeconds).toBe(5 * DAY);
    expect(getModel(store, r.modelId).horizonDays).toBe(5);
  });
});

describe('a model on another cadence than the plant', () => {
  it('is refused for scoring and evaluating, naming both cadences', async () => {
    const { store, modelId } = await trainedPlant();
    // Same cadence: fine.
    await scoreRun(store, { mode: 'latest' });
    evaluateModel(store, modelId, BASE + 41 * DAY, BASE + 55 * DAY);
    setPlantCadence(store, DAILY);
    const want =
      `model ${modelId} was trained with step 12h, windows 12h/24h/36h, event window 24h, ` +
      'horizon 7d; this plant is set to step 24h, windows 24h/72h/168h, event window 72h, horizon 14d. ' +
      'Train a new model (pdm train) or set the plant back (pdm plant --db FILE --step 12h ' +
      '--windows 12h,24h,36h --event-window 24h --horizon 7d)';
    const runs = Number(store.scalar('SELECT count(*) FROM runs'));
    await expect(scoreRun(store, { mode: 'latest' })).rejects.toThrow(want);
    await expect(
      scoreRun(store, { mode: 'range', from: BASE + 50 * DAY, to: BASE + 51 * DAY }),
    ).rejects.toBeInstanceOf(CadenceMismatchError);
    expect(() => evaluateModel(store, modelId, BASE + 41 * DAY, BASE + 55 * DAY)).toThrow(want);
    expect(Number(store.scalar('SELECT count(*) FROM runs'))).toBe(runs);
  });

  it('a scheduled run with such a model fails with that message recorded', async () => {
    const { store, modelId } = await trainedPlant();
    setPlantCadence(store, DAILY);
    const added = Date.UTC(2026, 0, 5, 0, 0);
    addSchedule(
      store,
      {
        name: 'morning',
        preset: { kind: 'daily', at: '06:00' },
        timeZone: 'UTC',
        action: { score: 'latest' },
      },
      added,
    );
    const dir = mkdtempSync(join(tmpdir(), 'pdm-cadence-due-'));
    try {
      const db = join(dir, 'plant.sqlite');
      writeFileSync(db, store.export());
      const { finished } = await runDueOnce(db, { now: Date.UTC(2026, 0, 5, 6, 10) });
      expect(finished.map((f) => f.outcome)).toEqual(['failed']);
      expect(finished[0].reason).toContain(
        `model ${modelId} was trained with step 12h, windows 12h/24h/36h, event window 24h, horizon 7d; ` +
          'this plant is set to step 24h',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the app lists each model’s cadence and whether it is the plant’s', async () => {
    const { store, modelId } = await trainedPlant();
    const [m] = mq.listModels(store);
    expect(m.id).toBe(modelId);
    expect(m.cadence).toBe('step 12h, windows 12h/24h/36h, event window 24h, horizon 7d');
    expect(m.cadenceMatchesPlant).toBe(true);
    setPlantCadence(store, DAILY);
    expect(mq.listModels(store)[0].cadenceMatchesPlant).toBe(false);
  });

  it('stale machines and outcomes use the run model’s step and horizon', async () => {
    const store = await storeWith(plantRows(2, { failures: false }));
    const id = saveModel(store, bare({ cadence: DAILY }));
    store.db.run(
      `INSERT INTO runs(model_id, request_key, mode, started, finished, status, rows)
       VALUES(?, 'k', 'latest', '2026-01-01', '2026-01-01', 'ok', 2)`,
      [id],
    );
    const run = Number(store.scalar('SELECT last_insert_rowid()'));
    for (const [m, t] of [
      [1, BASE + 30 * DAY],
      [2, BASE + 28 * DAY],
    ]) {
      store.db.run(
        `INSERT INTO results(run_id, machine_id, t, component, probability, top_features)
         VALUES(?, ?, ?, 'comp1', 0.5, '[]')`,
        [run, m, t],
      );
    }
    // 2 days behind: stale after 1 daily step, not after 3 (it would be after 3 12 h steps).
    expect(staleMachines(store, run, 1).machines.map((m) => m.machine)).toEqual(['2']);
    const three = staleMachines(store, run, 3);
    expect(three.stepSeconds).toBe(DAY);
    expect(three.machines).toEqual([]);
    expect(runOutcome(store, run).horizonDays).toBe(14);
    expect(runOutcome(store, run).evaluableFrom).toBe(BASE + 30 * DAY + 14 * DAY);
  });
});

describe('thin data', () => {
  it('no failures at all: counts, and says to import failures', async () => {
    const store = await storeWith(plantRows(30, { failures: false }));
    const err = await trainModel(store, { ...fast, trainTo: BASE + 20 * DAY }).catch((e) => e);
    expect(err).toBeInstanceOf(ThinDataError);
    expect(err.message).toMatch(/training cannot start/);
    expect(err.message).toMatch(/has 81 observations on the 12h grid and 0 failures stored in it/);
    expect(err.message).toMatch(/labels per class: none 81/);
    expect(err.message).toMatch(/no failure records: import a failures file/);
    expect(err.message).not.toMatch(/only one label/);
    expect(err.counts).toMatchObject({ observations: 81, failuresInRange: 0, failuresStored: 0 });
  });

  it('failures stored but the machines stopped reporting: counts and what to change', async () => {
    // Readings only in the first 10 days, failures after day 18: the machines stopped
    // reporting more than the 7-day horizon before failing, so no label catches them.
    const rows = plantRows(40);
    rows.telemetry = rows.telemetry.filter((r) => (r[1] as number) < BASE + 10 * DAY);
    rows.failures = rows.failures.filter(([, t]) => t > BASE + 18 * DAY);
    const store = await storeWith(rows);
    const err = await trainModel(store, { ...fast, trainTo: BASE + 30 * DAY }).catch((e) => e);
    expect(err).toBeInstanceOf(ThinDataError);
    const c = err.counts;
    expect(c.failuresInRange).toBeGreaterThan(0);
    expect(c.failuresMissed).toBe(c.failuresInRange);
    expect(err.message).toMatch(
      new RegExp(`${c.failuresInRange} failures? stored in it \\(${c.failuresMissed} of them`),
    );
    expect(c.failuresMissedNoReadings).toBe(c.failuresMissed);
    expect(err.message).toMatch(/stopped reporting more than 7d.*longer horizon.*later train-to/);
    expect(err.message).not.toMatch(/only one label/);
  });

  it('failures stored but the grid is coarser than the readings: suggests a shorter step', async () => {
    // Readings every 3 days at 04:00, failures at 05:00 on reading days; daily grid and
    // a 1-day horizon: the reading an hour before a failure closes at the next midnight.
    const telemetry: (number | null)[][] = [];
    const failures: [number, number, string][] = [];
    for (let d = 0; d < 60; d += 3) {
      telemetry.push([1, BASE + d * DAY + 4 * HOUR, 170, 40]);
      if (d % 9 === 6) failures.push([1, BASE + d * DAY + 5 * HOUR, 'comp1']);
    }
    const store = await storeWith({ ...plantRows(0), telemetry, failures });
    setPlantCadence(store, {
      stepSeconds: DAY,
      windowSeconds: [DAY],
      eventWindowSeconds: DAY,
      horizonSeconds: DAY,
    });
    const err = await trainModel(store, { ...fast, trainTo: BASE + 50 * DAY }).catch((e) => e);
    expect(err).toBeInstanceOf(ThinDataError);
    expect(err.counts.failuresInRange).toBe(5);
    expect(err.counts.failuresMissed).toBe(5);
    expect(err.counts.failuresMissedNoReadings).toBe(0);
    expect(err.message).toMatch(
      /5 failures stored in it \(5 of them in no observation's 1d label window, 0 of those with no reading/,
    );
    expect(err.message).toMatch(
      /the 24h grid has no observation in the 1d before those failures: use a shorter step/,
    );
    expect(err.message).not.toMatch(/only one label/);
  });

  it('failures stored but all after train-to: says so', async () => {
    const rows = plantRows(40);
    rows.failures = rows.failures.filter(([, t]) => t > BASE + 30 * DAY);
    const store = await storeWith(rows);
    const err = await trainModel(store, { ...fast, trainTo: BASE + 25 * DAY }).catch((e) => e);
    expect(err).toBeInstanceOf(ThinDataError);
    expect(err.message).toMatch(/0 failures stored in it/);
    expect(err.message).toMatch(/fall outside the training range: choose a later train-to date/);
  });

  it('no observations before the cut: later train-to or shorter horizon', async () => {
    const store = await storeWith(plantRows(30));
    const err = await trainModel(store, { ...fast, trainTo: BASE + 3 * DAY }).catch((e) => e);
    expect(err).toBeInstanceOf(ThinDataError);
    expect(err.message).toMatch(/has 0 observations/);
    expect(err.message).toMatch(/later train-to date/);
  });
});

describe('sensors empty in the training range', () => {
  it('are left out of the features; scoring ignores their columns in the data', async () => {
    const store = await storeWith(plantRows(60, { vibFrom: 45 }));
    const r = await trainModel(store, { ...fast, trainTo: BASE + 40 * DAY });
    expect(r.leftOutSensors).toEqual(['vib']);
    const m = getModel(store, r.modelId);
    expect(m.featureNames.some((n) => n.startsWith('vib_'))).toBe(false);
    expect(m.featureNames).toContain('volt_mean_12');
    expect(m.metrics?.leftOutSensors).toEqual(['vib']);
    // The plant now has vib values: its columns are extra in the data, and ignored.
    const s = await scoreRun(store, { mode: 'latest' });
    expect(s.rows).toBe(3);
    expect(evaluateModel(store, r.modelId, BASE + 41 * DAY, BASE + 55 * DAY).rows).toBe(3 * 29);
  });

  it('a sensor with values is kept (no leftOutSensors recorded)', async () => {
    const { store, modelId } = await trainedPlant();
    const m = getModel(store, modelId);
    expect(m.featureNames).toContain('vib_std_36');
    expect(m.metrics?.leftOutSensors).toBeUndefined();
    expect(DEFAULT_CADENCE.stepSeconds).toBe(12 * HOUR);
  });
});
