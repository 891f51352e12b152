import { numOpt, parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { findSchedule, listSchedules, listSlots } from '../../workers/schedule/schedule-store';
import { runOutcome, type RunOutcome } from '../../workers/schedule/outcomes';
import { runExists } from '../../workers/score/run-store';
import type { SlotOutcome } from '../../workers/schedule/types';

const help = `pdm runs: run history of the schedules, every slot with its outcome

usage: pdm runs --db FILE [--schedule NAME] [--threshold P] [--json]

  --schedule NAME  one schedule (default: all)
  --threshold P    the high risk threshold for outcome tracking (default 0.5)

Each slot ended as ran, skipped (the previous run was still going), missed (no runner
was active; 'catch-up' marks the one run made for them under the run-once policy) or
failed (with the reason), with its duration, rows scored and run.
Outcome tracking: once a run's horizon has passed in the imported data, it shows how
its predictions turned out at the threshold: failures flagged and missed, false alarms,
precision and recall (pending until then). --json includes all of it.
`;

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(0)}%`);

export const command: Command = {
  summary: 'run history: every scheduled slot with its outcome and how its predictions turned out',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      schedule: { type: 'string' },
      threshold: { type: 'string' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const threshold = numOpt(values.threshold, 'threshold', 0.000001, 1) ?? 0.5;
    const doc = await withPlant(db, { write: false }, async (plant) => {
      const store = plant.store;
      const schedules = values.schedule
        ? [findSchedule(store, values.schedule)]
        : listSchedules(store);
      if (schedules[0] === null) {
        throw new UserError(
          `${db}: no schedule named '${values.schedule}' (see pdm schedule list)`,
        );
      }
      const outcomes = new Map<number, RunOutcome>();
      const out = schedules.map((s) => {
        const slots = listSlots(store, s!.id).map((r) => {
          let tracking: RunOutcome | null = null;
          if (r.runId !== null && runExists(store, r.runId)) {
            tracking = outcomes.get(r.runId) ?? runOutcome(store, r.runId, { threshold });
            outcomes.set(r.runId, tracking);
          }
          return { ...r, tracking };
        });
        const counts: Record<SlotOutcome, number> = {
          ran: 0,
          skipped: 0,
          missed: 0,
          failed: 0,
          running: 0,
        };
        for (const r of slots) counts[r.outcome]++;
        const evaluated = [...new Set(slots.map((r) => r.tracking))].filter(
          (t): t is RunOutcome => t !== null && t.status === 'evaluated',
        );
        const sum = (k: 'alarms' | 'correctAlarms' | 'failures' | 'flaggedFailures') =>
          evaluated.reduce((a, t) => a + t[k], 0);
        const alarms = sum('alarms');
        const failures = sum('failures');
        return {
          schedule: {
            id: s!.id,
            name: s!.name,
            cron: s!.cron,
            timeZone: s!.timeZone,
            enabled: s!.enabled,
          },
          counts,
          tracking: {
            threshold,
            runsEvaluated: evaluated.length,
            alarms,
            correctAlarms: sum('correctAlarms'),
            falseAlarms: alarms - sum('correctAlarms'),
            failures,
            flaggedFailures: sum('flaggedFailures'),
            missedFailures: failures - sum('flaggedFailures'),
            precision: alarms ? sum('correctAlarms') / alarms : null,
            recall: failures ? sum('flaggedFailures') / failures : null,
          },
          slots,
        };
      });
      return { schedules: out };
    });
    if (values.json) {
      ctx.stdout(JSON.stringify(doc) + '\n');
      return 0;
    }
    const lines: string[] = [];
    if (!doc.schedules.length) lines.push('no schedules (add one with pdm schedule add)');
    for (const s of doc.schedules) {
      const c = s.counts;
      const t = s.tracking;
      lines.push(
        `${s.schedule.name}: ${c.ran} ran, ${c.missed} missed, ${c.skipped} skipped, ${c.failed} failed` +
          (c.running ? `, ${c.running} running` : ''),
        `  outcome tracking at ${t.threshold}: ${t.runsEvaluated} runs evaluated, ` +
          `${t.flaggedFailures} of ${t.failures} failures flagged, ${t.falseAlarms} false alarms, ` +
          `precision ${pct(t.precision)}, recall ${pct(t.recall)}`,
      );
      for (const r of s.slots) {
        const tr = r.tracking;
        lines.push(
          `  ${r.slot}  ${r.outcome.padEnd(7)}${r.catchUp ? ' catch-up' : ''}` +
            (r.durationMs !== null ? `  ${(r.durationMs / 1000).toFixed(1)} s` : '') +
            (r.rowsScored ? `  ${r.rowsScored} rows` : '') +
            (r.runId !== null ? `  run #${r.runId}` : '') +
            (tr && tr.status === 'evaluated'
              ? `  flagged ${tr.flaggedFailures}/${tr.failures}, false alarms ${tr.falseAlarms}`
              : tr?.status === 'pending'
                ? '  outcome pending'
                : '') +
            (r.reason ? `  ${r.reason}` : ''),
        );
      }
    }
    ctx.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
