/**
 * Machines without recent data: left out of the ranking (CLI, printed list and the
 * app's ranking alike), listed separately with their last reading or their failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BASE, storeWith } from '../features/fixtures';
import { REPO_ROOT } from '../../helpers/shared';
import type { Store } from '../../../workers/store/store';
import { riskRanking } from '../../../workers/score/risk-ranking';
import { staleMachines, staleSummary } from '../../../workers/score/stale';
import * as mq from '../../../workers/app/model-queries';
import { EngineApi } from '../../../workers/app/engine-api';
import { maintenanceListForRun } from '../../../workers/report/list-for-run';
import {
  DEFAULT_STALE_AFTER_STEPS,
  plantSettings,
  setPlantStaleAfterSteps,
} from '../../../workers/store/plant-settings';
import { DAY, HOUR } from '../../../workers/shared/time';

const STEP = 12 * HOUR;
const AS_OF = BASE + 40 * DAY;

/**
 * 1 current; 2 exactly at the cutoff (still current); 3 failed 6 h after its last
 * reading and stopped reporting weeks ago, with the highest risk; 4 stopped reporting
 * 4 steps ago, an old failure only; 5 stopped 10 steps ago, a failure one step before
 * its last reading.
 */
const LAST: Record<number, number> = {
  1: AS_OF,
  2: AS_OF - 3 * STEP,
  3: AS_OF - 20 * DAY,
  4: AS_OF - 4 * STEP,
  5: AS_OF - 10 * STEP,
};
const RISK: Record<number, number> = { 1: 0.3, 2: 0.2, 3: 0.95, 4: 0.6, 5: 0.5 };

async function plant(): Promise<{ store: Store; runId: number }> {
  const store = await storeWith({
    sensors: ['volt'],
    telemetry: Object.entries(LAST).map(([m, t]) => [Number(m), t, 170]),
    errors: [],
    maint: [],
    failures: [
      [3, LAST[3] + 6 * HOUR, 'comp1'],
      [4, LAST[4] - 5 * DAY, 'comp1'],
      [5, LAST[5] - STEP, 'comp1'],
    ],
    machines: [1, 2, 3, 4, 5].map((m) => [m, 'model1', 10] as [number, string, number]),
  });
  store.db.run(
    `INSERT INTO models(created, learner, hyperparameters, feature_names, label_names,
       horizon_days, model) VALUES('2026-01-01', 'fake', '{}', '[]', '["none","comp1"]', 7, x'00')`,
  );
  store.db.run(
    `INSERT INTO runs(model_id, request_key, mode, started, finished, status, rows)
     VALUES(1, 'k', 'latest', '2026-01-01T10:00:00Z', '2026-01-01T10:00:01Z', 'ok', 5)`,
  );
  const runId = Number(store.scalar('SELECT last_insert_rowid()'));
  for (const [m, t] of Object.entries(LAST)) {
    // An earlier observation too: only a machine's latest one counts.
    for (const [tt, comp, p] of [
      [t - DAY, 'comp1', 0.01],
      [t, 'comp1', RISK[Number(m)]],
    ] as const) {
      store.db.run(
        `INSERT INTO results(run_id, machine_id, t, component, probability, top_features)
         VALUES(?, ?, ?, ?, ?, '[]')`,
        [runId, Number(m), tt, comp, p],
      );
    }
  }
  return { store, runId };
}

let store: Store;
let runId: number;
beforeEach(async () => {
  ({ store, runId } = await plant());
});

const machinesOf = (rows: { machineId: number }[]) =>
  [...new Set(rows.map((r) => r.machineId))].sort();

describe('stale rule', () => {
  it('leaves out machines older than data-as-of minus the stale steps, naming failures', () => {
    const s = staleMachines(store, runId, DEFAULT_STALE_AFTER_STEPS);
    expect(s.asOf).toBe(AS_OF);
    expect(s.cutoff).toBe(AS_OF - 3 * STEP);
    expect(s.machines).toEqual([
      { machineId: 3, machine: '3', lastT: LAST[3], failedAt: LAST[3] + 6 * HOUR },
      { machineId: 4, machine: '4', lastT: LAST[4], failedAt: null },
      { machineId: 5, machine: '5', lastT: LAST[5], failedAt: LAST[5] - STEP },
    ]);
    expect(staleSummary(s)).toBe(
      '3 machines left out: no data since 2015-02-08 12:00 (3 steps of 12 h before the ' +
        'data as of 2015-02-10 00:00); 2 of them failed',
    );
  });

  it('the CLI ranking and the app ranking agree and skip the failed, silent unit', () => {
    const cli = riskRanking(store, { runId });
    const app = mq.runRanking(store, runId);
    expect(machinesOf(cli.rows)).toEqual([1, 2]);
    expect(app.rows).toEqual(cli.rows);
    expect(app.stale).toEqual(cli.stale);
    expect(cli.stale?.machines.map((m) => m.machineId)).toEqual([3, 4, 5]);
    // Asked for, they are ranked at their last day; machine 3 tops the list.
    const all = riskRanking(store, { runId, includeStale: true });
    expect(all.rows[0].machineId).toBe(3);
    expect(machinesOf(all.rows)).toEqual([1, 2, 3, 4, 5]);
    expect(staleSummary(all.stale)).toMatch(/^3 machines with no data since .* ranked anyway$/);
  });

  it('follows the plant setting', () => {
    setPlantStaleAfterSteps(store, 1);
    expect(plantSettings(store).staleAfterSteps).toBe(1);
    expect(machinesOf(riskRanking(store, { runId }).rows)).toEqual([1]);
    setPlantStaleAfterSteps(store, 1000);
    expect(machinesOf(riskRanking(store, { runId }).rows)).toEqual([1, 2, 3, 4, 5]);
    expect(riskRanking(store, { runId }).stale?.machines).toEqual([]);
  });

  it('refuses a setting that is not a whole number 1..1000', () => {
    expect(plantSettings(store).staleAfterSteps).toBe(3);
    for (const bad of [0, -1, 1001, 2.5, NaN]) {
      expect(() => setPlantStaleAfterSteps(store, bad)).toThrow(RangeError);
    }
    expect(plantSettings(store).staleAfterSteps).toBe(3);
  });

  it('the maintenance list leaves them out and says so in its header', () => {
    const list = maintenanceListForRun(store, {
      runId,
      minRisk: 0.1,
      plant: 'P',
      generated: new Date(Date.UTC(2026, 0, 1)),
    })!;
    expect(machinesOf(list.rows)).toEqual([1, 2]);
    expect(list.header.leftOut).toEqual({
      count: 3,
      failed: 2,
      since: AS_OF - 3 * STEP,
      asOf: AS_OF,
    });
    expect(list.html()).toContain(
      '3 machine(s) left out: no data since 2015-02-08 12:00 (data as of 2015-02-10 00:00); 2 of them failed',
    );
    const all = maintenanceListForRun(store, {
      runId,
      minRisk: 0.1,
      plant: 'P',
      generated: new Date(),
      includeStale: true,
    })!;
    expect(machinesOf(all.rows)).toEqual([1, 2, 3, 4, 5]);
    expect(all.header.leftOut).toBeUndefined();
  });
});

describe('engine API', () => {
  it('risks() ranks current machines and lists the others; the setting is saved', async () => {
    const api = new EngineApi();
    await api.initWith(null);
    await api.openBytes(store.export(), 'p');
    const r = api.risks();
    expect(machinesOf(r.rows)).toEqual([1, 2]);
    expect(r.stale?.machines.map((m) => [m.machine, m.failedAt !== null])).toEqual([
      ['3', true],
      ['4', false],
      ['5', true],
    ]);
    expect(api.settings().staleAfterSteps).toBe(3);
    await expect(api.setStaleAfterSteps(0)).rejects.toThrow(RangeError);
    expect((await api.setStaleAfterSteps(1)).staleAfterSteps).toBe(1);
    expect(machinesOf(api.risks().rows)).toEqual([1]);
  });
});

describe('pdm plant --stale-steps, pdm risks and pdm print', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pdm-stale-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pdm = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('sets, shows and refuses the setting; risks says what it left out', () => {
    const db = join(dir, 'plant.pdm');
    writeFileSync(db, store.export());
    const shown = pdm('plant', '--db', db);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('stale after  3 steps (36 h without data)');
    expect(pdm('plant', '--db', db, '--stale-steps', '0').code).toBe(1);
    expect(pdm('plant', '--db', db, '--stale-steps', '2.5').err).toMatch(
      /--stale-steps must be a whole number from 1 to 1000/,
    );

    const risks = pdm('risks', '--db', db);
    expect(risks.code, risks.err).toBe(0);
    expect(risks.out).toContain(
      '3 machines left out: no data since 2015-02-08 12:00 (3 steps of 12 h before the data ' +
        'as of 2015-02-10 00:00); 2 of them failed (--include-stale ranks them)',
    );
    const json = JSON.parse(pdm('risks', '--db', db, '--json').out);
    expect(json.stale.machines).toHaveLength(3);
    const anyway = pdm('risks', '--db', db, '--include-stale');
    expect(anyway.out).toMatch(/ranked anyway/);
    expect(anyway.out.split('\n')[3]).toMatch(/^\s*1\s+3\s/);

    const html = join(dir, 'list.html');
    const printed = pdm('print', '--db', db, '--min-risk', '0.1', '--out', html);
    expect(printed.code, printed.err).toBe(0);
    expect(printed.out).toMatch(/^maintenance list of run #1: 2 rows at or above 10 %/);
    expect(printed.out).toContain('\n3 machines left out: no data since 2015-02-08 12:00');
    const printedAll = pdm(
      'print',
      '--db',
      db,
      '--min-risk',
      '0.1',
      '--include-stale',
      '--out',
      html,
    );
    expect(printedAll.out).toMatch(/5 rows at or above 10 %/);

    expect(pdm('plant', '--db', db, '--stale-steps', '100', '--json').code).toBe(0);
    expect(JSON.parse(pdm('plant', '--db', db, '--json').out)).toMatchObject({
      staleAfterSteps: 100,
    });
    expect(pdm('risks', '--db', db).out).not.toContain('left out');
  });
});
