import { describe, expect, it, vi } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import { MODULE_ADAPTERS } from '../../../workers/app/module-adapters';
import type { Persister } from '../../../workers/app/opfs-persister';
import type { ScheduledScore } from '../../../workers/app/schedule-app';
import type { ScheduleInput } from '../../../workers/app/schedule-types';
import type { Store } from '../../../workers/store/store';

const DAY = 86400_000;
/** Thursday 2026-01-01 10:00 UTC. */
const T0 = Date.UTC(2026, 0, 1, 10);

function memoryPersister(): Persister & { saves: number } {
  const p = {
    saves: 0,
    saved: null as Uint8Array | null,
    async load() {
      return p.saved ? { bytes: p.saved, name: 'x' } : null;
    },
    async save(bytes: Uint8Array) {
      p.saved = bytes;
      p.saves++;
    },
    async clear() {
      p.saved = null;
    },
  };
  return p;
}

function addModel(store: Store): number {
  store.db.run(
    `INSERT INTO models(created, learner, hyperparameters, feature_names, label_names,
       horizon_days, model) VALUES('2026-01-01', 'fake', '{}', '[]', '["none","comp1"]', 7, x'00')`,
  );
  return Number(store.scalar('SELECT last_insert_rowid()'));
}

/** A scoring run with three results (risks 0.9, 0.6, 0.1 of comp1) at plant time `t`. */
function addRun(store: Store, modelId: number, scheduleId: number | null, t: number): number {
  store.db.run(
    `INSERT INTO runs(model_id, request_key, mode, started, finished, status, rows, schedule_id)
     VALUES(?, ?, 'latest', '2026-01-01T10:00:00Z', '2026-01-01T10:00:01Z', 'ok', 3, ?)`,
    [modelId, `k${Math.random()}`, scheduleId],
  );
  const runId = Number(store.scalar('SELECT last_insert_rowid()'));
  [0.9, 0.6, 0.1].forEach((p, i) =>
    store.db.run(
      `INSERT INTO results(run_id, machine_id, t, component, probability, top_features)
       VALUES(?, ?, ?, 'comp1', ?, '[]')`,
      [runId, i + 1, t, p],
    ),
  );
  return runId;
}

async function setup(score?: ScheduledScore) {
  const persister = memoryPersister();
  const scored: { mode: string; scheduleId: number }[] = [];
  const fake: ScheduledScore = async (store, mode, scheduleId) => {
    scored.push({ mode, scheduleId });
    const runId = addRun(store, addModel(store), scheduleId, 1_000_000);
    return { runId, rows: 3, reused: false, maxRisk: 0.9 };
  };
  const api = new EngineApi({ ...MODULE_ADAPTERS, scheduledScore: score ?? fake });
  await api.initWith(persister);
  await api.newPlant('s');
  const store = (api as unknown as { store: Store }).store;
  return { api, persister, scored, store };
}

const daily = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'morning',
  preset: { kind: 'daily', at: '06:00' },
  timeZone: 'UTC',
  ...over,
});

describe('EngineApi schedule preview and validation', () => {
  it('previews the next five runs in the schedule time zone', async () => {
    const { api } = await setup();
    const p = api.sched.preview(daily({ timeZone: 'Europe/Berlin' }), T0);
    if (!p.ok) throw new Error(p.message);
    expect(p.cron).toBe('0 6 * * *');
    expect(p.description.kind).toBe('daily');
    // 06:00 in Berlin in winter is 05:00 UTC; the first is the next morning.
    expect(p.nextRuns).toEqual([2, 3, 4, 5, 6].map((d) => `2026-01-0${d}T05:00:00.000Z`));
    const w = api.sched.preview(daily({ preset: { kind: 'weekly', day: 'mon', at: '07:15' } }), T0);
    expect(w.ok && w.nextRuns[0]).toBe('2026-01-05T07:15:00.000Z');
  });

  it('names the field of each problem', async () => {
    const { api } = await setup();
    const bad = (input: ScheduleInput) => {
      const p = api.sched.preview(input, T0);
      return p.ok ? null : [p.field, p.message];
    };
    expect(bad(daily({ preset: { kind: 'daily', at: '25:00' } }))?.[0]).toBe('at');
    expect(bad(daily({ preset: undefined, cron: '61 * * * *' }))?.[0]).toBe('cron');
    expect(bad(daily({ timeZone: 'Mars/Olympus' }))).toEqual([
      'timeZone',
      expect.stringContaining('Mars/Olympus'),
    ]);
    expect(bad(daily({ preset: { kind: 'hourly', minute: 75 } }))?.[0]).toBe('minute');
    // The field comes typed with a code and the values (for words in the UI's language).
    const hourly = api.sched.preview(daily({ preset: { kind: 'hourly', minute: 75 } }), T0);
    expect(hourly.ok ? null : [hourly.code, hourly.params]).toEqual([
      'range',
      { min: 0, max: 59, got: '75' },
    ]);
    expect(bad(daily({ preset: { kind: 'weekly', day: 'xyz' as 'mon', at: '01:00' } }))?.[0]).toBe(
      'day',
    );
    // Name and the rest are checked on save.
    const save = async (input: ScheduleInput) => {
      const r = await api.sched.save(null, input, T0);
      return r.ok ? 'ok' : r.field;
    };
    expect(await save(daily({ name: '  ' }))).toBe('name');
    expect(await save(daily({ timeoutSeconds: 0 }))).toBe('timeoutSeconds');
    expect(await save(daily({ retries: 11 }))).toBe('retries');
    expect(await save(daily({ action: { score: 'none' } }))).toBe('action');
    expect(await save(daily())).toBe('ok');
    expect(await save(daily())).toBe('name'); // taken
    const taken = await api.sched.save(null, daily(), T0);
    expect(taken.ok ? null : [taken.code, taken.params.value]).toEqual(['taken', daily().name]);
  });
});

describe('EngineApi schedule edits', () => {
  it('adds, edits, disables and removes a schedule and saves each change', async () => {
    const { api, persister } = await setup();
    const saves = persister.saves;
    const r = await api.sched.save(null, daily(), T0);
    if (!r.ok) throw new Error(r.message);
    expect(persister.saves).toBe(saves + 1);
    expect(r.schedule.nextRuns[0]).toBe('2026-01-02T06:00:00.000Z');
    expect(r.schedule.retries).toBe(1);
    const u = await api.sched.save(
      r.schedule.id,
      daily({ name: 'night', preset: undefined, cron: '30 2 * * *', missedPolicy: 'skip' }),
      T0,
    );
    expect(u.ok && [u.schedule.name, u.schedule.cron, u.schedule.missedPolicy]).toEqual([
      'night',
      '30 2 * * *',
      'skip',
    ]);
    await api.sched.setEnabled(r.schedule.id, false, T0);
    const [off] = api.sched.list(T0);
    expect([off.enabled, off.nextRuns]).toEqual([false, []]);
    await api.sched.remove(r.schedule.id);
    expect(api.sched.list(T0)).toEqual([]);
    await expect(api.sched.remove(r.schedule.id)).rejects.toThrow(RangeError);
  });
});

describe('EngineApi runDue', () => {
  it('after three days closed runs one catch-up, records the missed slots and alerts', async () => {
    const { api, scored, persister } = await setup();
    const r = await api.sched.save(null, daily({ action: { score: 'since-last' } }), T0);
    if (!r.ok) throw new Error(r.message);
    const saves = persister.saves;
    const rep = await api.sched.runDue(T0 + 3 * DAY + 2 * 3600_000, 0.5);
    expect(rep.busy).toBe(false);
    expect(rep.recorded).toBe(2);
    expect(rep.finished).toHaveLength(1);
    expect(rep.finished[0]).toMatchObject({
      outcome: 'ran',
      catchUp: true,
      rowsScored: 3,
      scheduleName: 'morning',
      maxRisk: 0.9,
      slot: '2026-01-04T06:00:00.000Z',
    });
    expect(scored).toEqual([{ mode: 'since-last', scheduleId: r.schedule.id }]);
    expect(rep.alerts).toEqual([
      expect.objectContaining({ scheduleName: 'morning', highRisks: 2, threshold: 0.5 }),
    ]);
    expect(persister.saves).toBeGreaterThan(saves);
    const hist = api.sched.history();
    expect(hist.map((h) => h.outcome)).toEqual(['ran', 'missed', 'missed']);
    // Nothing more is due in the same hour.
    const again = await api.sched.runDue(T0 + 3 * DAY + 2 * 3600_000 + 60_000, 0.5);
    expect([again.finished.length, again.recorded]).toEqual([0, 0]);
    // A higher threshold gives fewer alerts.
    const now = await api.sched.runNow(r.schedule.id, T0 + 3 * DAY + 3 * 3600_000, 0.95);
    expect(now.finished[0]).toMatchObject({ outcome: 'ran', reason: 'started by hand' });
    expect(now.alerts).toEqual([]);
  });

  it('is busy while another check or task runs, and records a failure with its reason', async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let started = false;
    const { api } = await setup(async () => {
      started = true;
      await gate;
      throw new Error('no trained model');
    });
    const r = await api.sched.save(null, daily({ retries: 0 }), T0);
    if (!r.ok) throw new Error(r.message);
    const first = api.sched.runNow(r.schedule.id, T0, 0.5);
    await vi.waitFor(() => expect(started).toBe(true));
    expect((await api.sched.runDue(T0 + DAY, 0.5)).busy).toBe(true);
    release();
    const rep = await first;
    expect(rep.finished[0].outcome).toBe('failed');
    expect(rep.finished[0].reason).toMatch(/no trained model/);
    await expect(api.sched.runDue(T0, 2)).rejects.toThrow(/highThreshold/);
  });

  it('fails a watched-folder schedule in the app with the reason', async () => {
    const { api } = await setup();
    const r = await api.sched.save(
      null,
      daily({ retries: 0, action: { watchDir: '/data/in', score: 'latest' } }),
      T0,
    );
    if (!r.ok) throw new Error(r.message);
    const rep = await api.sched.runNow(r.schedule.id, T0, 0.5);
    expect(rep.finished[0].outcome).toBe('failed');
    expect(rep.finished[0].reason).toMatch(/pdm run-due/);
  });
});

describe('EngineApi outcomes', () => {
  it('reports precision and recall once the horizon has passed', async () => {
    const { api, store } = await setup();
    const t = 1_000_000;
    const runId = addRun(store, addModel(store), null, t);
    expect(api.sched.outcomes(0.5)[0]).toMatchObject({ runId, status: 'pending' });
    // Machine 1 (risk 0.9) fails 2 days later; machine 3 (0.1) too; data runs to day 10.
    store.db.run("INSERT INTO failures VALUES(1, ?, 'comp1'), (3, ?, 'comp1'), (9, ?, 'comp2')", [
      t + 2 * 86400,
      t + 3 * 86400,
      t + 10 * 86400,
    ]);
    const [o] = api.sched.outcomes(0.5);
    expect(o).toMatchObject({
      runId,
      status: 'evaluated',
      alarms: 2,
      flaggedFailures: 1,
      missedFailures: 1,
      falseAlarms: 1,
      failures: 2,
      precision: 0.5,
      recall: 0.5,
    });
  });
});
