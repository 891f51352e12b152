import { beforeAll, describe, expect, it } from 'vitest';
import { simulatedStore } from '../../helpers/sim-plant';
import type { Store } from '../../../workers/store/store';
import { trainModel } from '../../../workers/model/train-model';
import { listModels } from '../../../workers/model/model-store';
import { scoreRun } from '../../../workers/score/score-run';
import { riskRanking } from '../../../workers/score/risk-ranking';
import { listRuns } from '../../../workers/score/run-store';
import { evaluateModel } from '../../../workers/model/evaluate-model';
import { CancelledError } from '../../../workers/shared/types';
import { DAY, parseDateArg } from '../../../workers/shared/time';
import { plantThresholds, setPlantThresholds } from '../../../workers/store/plant-settings';
import { maintenanceListForRun } from '../../../workers/report/list-for-run';
import { FieldError } from '../../../workers/shared/field-error';
import { buildFeatures } from '../../../workers/features';
import { listProposals } from '../../../workers/orders/proposals';

const START = parseDateArg('2015-01-01');
let store: Store;
let modelId: number;

beforeAll(async () => {
  store = await simulatedStore({ machines: 12, days: 150, seed: 7 });
  const r = await trainModel(store, {
    trainTo: START + 110 * DAY,
    params: { nTrees: 20, seed: 3 },
  });
  modelId = r.modelId;
}, 120_000);

describe('training pipeline', () => {
  it('stores an evaluated, active model with importances', () => {
    const [m] = listModels(store);
    expect(m.id).toBe(modelId);
    expect(m.active).toBe(true);
    expect(m.labelNames[0]).toBe('none');
    expect(m.metrics?.test?.confusion.length).toBe(m.labelNames.length);
    expect(m.metrics?.trainRows).toBeGreaterThan(1000);
    const total = m.metrics!.importances.reduce((s, [, v]) => s + v, 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it('cancelled training stores nothing', async () => {
    const before = listModels(store).length;
    const ac = new AbortController();
    await expect(
      trainModel(store, {
        trainTo: START + 110 * DAY,
        params: { nTrees: 50 },
        signal: ac.signal,
        onProgress: (p) => {
          if (p.phase === 'trees' && p.done >= 2) ac.abort();
        },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(listModels(store).length).toBe(before);
  });

  it('evaluates a stored model on a later range', () => {
    const e = evaluateModel(store, modelId, START + 111 * DAY, START + 140 * DAY);
    expect(e.rows).toBe(12 * (29 * 2 + 1)); // 12-hour boundaries from day 111 to day 140 inclusive
    expect(e.accuracy).toBeGreaterThan(0.5);
  });
});

describe('scoring runs', () => {
  it('scores each machine’s latest observation with one row per component', async () => {
    const s = await scoreRun(store, { mode: 'latest' });
    expect(s.reused).toBe(false);
    expect(s.rows).toBe(12);
    expect(store.scalar('SELECT count(*) FROM results WHERE run_id=?', [s.runId])).toBe(12 * 4);
    const { rows } = riskRanking(store, { runId: s.runId });
    expect(rows).toHaveLength(48);
    for (let i = 1; i < rows.length; i++)
      expect(rows[i - 1].probability).toBeGreaterThanOrEqual(rows[i].probability);
    const top = rows[0];
    expect(top.reasons.length).toBeGreaterThan(0);
    expect(top.daysSinceReplace === -1 || top.daysSinceReplace >= 0).toBe(true);
  });

  it('gives every ranked risk, down to the lowest, reasons with the value and what is usual', async () => {
    const s = await scoreRun(store, { mode: 'latest' });
    const { rows } = riskRanking(store, { runId: s.runId });
    const [model] = listModels(store);
    const usual = model.metrics!.usual!;
    expect(Object.keys(usual.fleet)).toContain('age');
    // Reasons everywhere, not only above the old 5 % cut-off.
    expect(rows.filter((r) => r.probability < 0.05).length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.reasons.length, `${r.machine} ${r.component}`).toBeGreaterThan(0);
      for (const x of r.reasons) {
        expect(x.contribution).toBeGreaterThan(0);
        expect(x.value).not.toBeNull();
      }
    }
    // The value is the machine's feature value at the observation, as the model saw it.
    const fs = buildFeatures(store, { from: rows[0].t, to: rows[0].t, labels: false });
    const row = Array.from(fs.machineId).indexOf(rows[0].machineId);
    for (const x of rows[0].reasons) {
      const v = fs.values[row * fs.featureNames.length + fs.featureNames.indexOf(x.feature)];
      expect(x.value).toBeCloseTo(v, x.digits === 0 ? -0.3 : x.digits - 1);
    }
    // Window features are compared with the machine's own type when the model has it.
    const windowed = rows.flatMap((r) =>
      r.reasons.filter((x) => /_(mean|std)_/.test(x.feature)).map((x) => ({ r, x })),
    );
    expect(windowed.length).toBeGreaterThan(0);
    for (const { r, x } of windowed) {
      expect(x.usual?.scope).toBe(usual.byType[r.machineModel]?.[x.feature] ? 'type' : 'fleet');
      expect(x.direction).not.toBeNull();
    }
  });

  it('explains every component of each machine’s latest observation in a range run', async () => {
    const s = await scoreRun(store, {
      mode: 'range',
      from: START + 126 * DAY,
      to: START + 128 * DAY,
    });
    const { rows } = riskRanking(store, { runId: s.runId });
    expect(rows).toHaveLength(48);
    for (const r of rows) expect(r.reasons.length).toBeGreaterThan(0);
  });

  it('repeating an identical request returns the same run; a new range adds history', async () => {
    const a = await scoreRun(store, {
      mode: 'range',
      from: START + 120 * DAY,
      to: START + 125 * DAY,
    });
    const b = await scoreRun(store, {
      mode: 'range',
      from: START + 120 * DAY,
      to: START + 125 * DAY,
    });
    expect(b.reused).toBe(true);
    expect(b.runId).toBe(a.runId);
    expect(a.rows).toBe(12 * 11);
    const c = await scoreRun(store, {
      mode: 'range',
      from: START + 126 * DAY,
      to: START + 127 * DAY,
    });
    expect(c.runId).not.toBe(a.runId);
    const counts = listRuns(store).map((r) => [
      r.id,
      store.scalar('SELECT count(*) FROM results WHERE run_id=?', [r.id]),
    ]);
    expect(counts.find(([id]) => id === a.runId)?.[1]).toBe(12 * 11 * 4);
    // the ranking of a range run uses each machine's latest observation in it
    expect(
      riskRanking(store, { runId: a.runId }).rows.every((r) => r.t === START + 125 * DAY),
    ).toBe(true);
  });

  it('refuses a model whose features the data lacks, naming them', async () => {
    const other = await simulatedStore({ machines: 3, days: 20, seed: 9 });
    other.db.run("INSERT INTO errors VALUES(1, ?, 'error9')", [START + 5 * DAY]);
    const { getModel, saveModel } = await import('../../../workers/model/model-store');
    const m = getModel(store, modelId);
    const id = saveModel(other, { ...m, note: 'from another site' });
    await expect(scoreRun(other, { mode: 'latest', modelId: id })).rejects.toThrow(
      /extra features: error9_count_24/,
    );
  });

  it('validates the request', async () => {
    await expect(scoreRun(store, { mode: 'range', from: 10 })).rejects.toThrow(/needs from and to/);
    await expect(scoreRun(store, { mode: 'latest', modelId: 999 })).rejects.toThrow(
      /no model #999/,
    );
  });
});

describe('run counts and the plant risk thresholds', () => {
  it('a run counts the machines it scored and the component risks it ranks', async () => {
    const r = await scoreRun(store, { mode: 'latest' });
    const run = listRuns(store).find((x) => x.id === r.runId)!;
    const ranking = riskRanking(store, { runId: r.runId, includeStale: true });
    expect(run.machines).toBe(new Set(ranking.rows.map((x) => x.machineId)).size);
    expect(run.risks).toBe(ranking.rows.length);
    expect(run.risks).toBe(run.machines * (listModels(store)[0].labelNames.length - 1));
  });

  it('lists use the plant thresholds: levels and the default minimum risk', async () => {
    expect(plantThresholds(store)).toEqual({ high: 0.5, medium: 0.2 });
    const rows = riskRanking(store, { includeStale: true }).rows;
    // a risk a quarter down the ranking (calibrated risks can be below the 1 % floor)
    const high = Math.max(0.02, rows[Math.floor(rows.length / 4)].probability);
    setPlantThresholds(store, { high, medium: high / 2 });
    const list = maintenanceListForRun(store, { plant: 'p', generated: new Date(0) })!;
    expect(list.header.minRisk).toBe(high);
    expect(list.header.levels).toEqual({ high, medium: high / 2 });
    expect(list.rows.length).toBeGreaterThan(0);
    for (const x of list.rows) expect(x.probability).toBeGreaterThanOrEqual(high);
    const csv = list.csv().split('\n');
    expect(csv[0]).toMatch(/^machineID,model,component,risk_percent,risk_level,/);
    const first = csv[1].split(',');
    expect(first[3]).toBe((list.rows[0].probability * 100).toFixed(1));
    expect(first[4]).toBe('high');
  });

  it('refuses thresholds out of order, naming the field, and keeps the old ones', () => {
    const before = plantThresholds(store);
    let e: unknown = null;
    try {
      setPlantThresholds(store, { high: 0.3, medium: 0.4 });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(FieldError);
    expect((e as FieldError).field).toBe('medium');
    expect((e as FieldError).code).toBe('below-high');
    expect(() => setPlantThresholds(store, { high: 1.5, medium: 0.2 })).toThrow(/high risk/);
    expect(plantThresholds(store)).toEqual(before);
  });
});

describe('work-order proposals of a scoring run', () => {
  it('a new run makes its proposals in its own transaction; a repeated request none', async () => {
    const levels = plantThresholds(store);
    // Low levels, so the simulated plant's risks meet the "high in any run" rule.
    setPlantThresholds(store, { high: 0.05, medium: 0.02 });
    try {
      const to = START + 130 * DAY;
      const a = await scoreRun(store, { mode: 'range', from: to, to, clock: () => 1e12 });
      const made = listProposals(store).filter((p) => p.runId === a.runId);
      expect(a.proposals).toBeGreaterThan(0);
      expect(made).toHaveLength(a.proposals);
      // Earlier tests scored other ranges, so "medium in 3 consecutive runs" may fire too.
      const atRisk = riskRanking(store, { runId: a.runId }).rows.filter(
        (r) => r.probability >= 0.02,
      );
      const pairs = new Set(atRisk.map((r) => `${r.machine}/${r.component}`));
      // One per machine x component at or above medium, unless an earlier proposal is open.
      expect(made.length).toBeLessThanOrEqual(atRisk.length);
      expect(made.every((p) => pairs.has(`${p.machine}/${p.component}`))).toBe(true);
      // Every pair at high risk has an open proposal: this run's, or an earlier one's.
      const open = new Set(
        listProposals(store, { state: 'open' }).map((p) => `${p.machine}/${p.component}`),
      );
      const high = atRisk.filter((r) => r.probability >= 0.05);
      expect(high.length).toBeGreaterThan(0);
      // (a pair whose earlier proposal was done or dismissed waits out its cooldown)
      const cooling = new Set(
        listProposals(store)
          .filter((p) => p.runId !== a.runId && (p.state === 'done' || p.state === 'dismissed'))
          .map((p) => `${p.machine}/${p.component}`),
      );
      expect(
        high.every(
          (r) =>
            open.has(`${r.machine}/${r.component}`) || cooling.has(`${r.machine}/${r.component}`),
        ),
      ).toBe(true);
      expect(made.every((p) => p.createdAt === 1e12 && p.due === to + 7 * DAY)).toBe(true);
      const again = await scoreRun(store, { mode: 'range', from: to, to });
      expect(again).toMatchObject({ reused: true, runId: a.runId, proposals: 0 });
      expect(listProposals(store).filter((p) => p.runId === a.runId)).toHaveLength(made.length);
    } finally {
      setPlantThresholds(store, levels);
    }
  });
});
