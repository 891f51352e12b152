/** Shared fakes for the schedule tests: a store, a clock, and scoreRun-like actions. */
import { Store } from '../../../workers/store';
import { FakeClock } from '../../../workers/schedule/clock';
import type { ActionContext, RunActions, ScoreOutcome } from '../../../workers/schedule/types';

export const at = (iso: string) => Date.parse(iso);

export async function newStore(): Promise<Store> {
  const store = await Store.open(null);
  store.db.run(
    `INSERT INTO models(id, created, learner, hyperparameters, feature_names, label_names,
       horizon_days, model, active) VALUES(1, '2025-01-01', 'fake', '{}', '[]',
       '["none","comp1"]', 7, x'00', 1)`,
  );
  return store;
}

/**
 * A fake of the lead's scoreRun: one run per request key (mode + data state), with
 * one result row per machine, so repeating a request returns the same run. Optional
 * duration (fake clock) and failures per call.
 */
export function fakeScore(
  store: Store,
  clock: FakeClock,
  opts: {
    durationMs?: number;
    fail?: (call: number) => Error | null;
    /** Called after the results are written, before returning (to simulate a crash). */
    afterWrite?: () => Promise<void>;
  } = {},
) {
  const calls: { slot: number; mode: string }[] = [];
  let active = 0;
  let maxActive = 0;
  const score = async (
    mode: 'latest' | 'since-last',
    ctx: ActionContext,
  ): Promise<ScoreOutcome> => {
    calls.push({ slot: ctx.slot, mode });
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      if (opts.durationMs) await clock.sleep(opts.durationMs, ctx.signal);
      const err = opts.fail?.(calls.length);
      if (err) throw err;
      const dataState = String(store.scalar('SELECT coalesce(max(t), 0) FROM telemetry'));
      const key = `1|${mode}|${dataState}`;
      const existing = store.scalar('SELECT id FROM runs WHERE request_key=?', [key]);
      if (existing !== null) {
        const rows = Number(
          store.scalar('SELECT count(*) FROM results WHERE run_id=?', [existing]),
        );
        return { runId: Number(existing), rows, reused: true, maxRisk: 0.9 };
      }
      const runId = store.transaction(() => {
        store.db.run(
          `INSERT INTO runs(model_id, request_key, mode, started, finished, status, rows, schedule_id)
           VALUES(1, ?, 'latest', '2025-01-01', '2025-01-01', 'ok', 3, ?)`,
          [key, ctx.schedule.id],
        );
        const id = Number(store.scalar('SELECT last_insert_rowid()'));
        for (let m = 1; m <= 3; m++) {
          store.db.run(
            `INSERT INTO results(run_id, machine_id, t, component, probability, top_features)
             VALUES(?, ?, 0, 'comp1', ?, '[]')`,
            [id, m, m * 0.3],
          );
        }
        return id;
      });
      await opts.afterWrite?.();
      return { runId, rows: 3, reused: false, maxRisk: 0.9 };
    } finally {
      active--;
    }
  };
  const actions: RunActions = { score };
  return {
    actions,
    calls,
    get maxActive() {
      return maxActive;
    },
  };
}
