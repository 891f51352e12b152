import { intOpt, parse, requireOpt, UserError, type Command } from '../cli-kit';
import { runDueOnce } from '../../workers/schedule/run-due-node';
import { LockedError } from '../../workers/store/lock-node';
import type { SlotRow } from '../../workers/schedule/types';

const help = `pdm run-due: run the due and missed slots of every schedule once, then exit

usage: pdm run-due --db FILE [--now ISO] [--grace S] [--json]

  --now ISO   treat this instant as now, e.g. 2025-06-04T10:00:00Z (no zone: UTC)
  --grace S   a slot at most S seconds late counts as on time (default 3600); later
              ones are missed and, under the run-once policy, caught up by one run

For cron or the Windows Task Scheduler, every 15 minutes. It takes the plant-file lock;
when the desktop app (which runs schedules itself) or another command holds the file,
it says so on stderr and exits 0 without doing anything. A slot left running by a
process that ended is redone first (no results are duplicated).

Exit codes: 0 ok (or file busy), 1 bad input or a slot failed (stderr names the
schedule and the reason), 2 internal error.
`;

function parseNow(s: string): number {
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : s + 'Z';
  const t = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || !Number.isFinite(t)) {
    throw new UserError(`--now: '${s}' is not an ISO instant; use e.g. 2025-06-04T10:00:00Z`);
  }
  return t;
}

const line = (name: string, r: SlotRow) =>
  `${name}  ${r.slot}  ${r.outcome}${r.catchUp ? ' (catch-up)' : ''}` +
  `${r.rowsScored ? `  ${r.rowsScored} rows` : ''}${r.runId ? `  run #${r.runId}` : ''}` +
  `${r.reason ? `  ${r.reason}` : ''}`;

export const command: Command = {
  summary: 'run due and missed scheduled runs once (for cron / Task Scheduler)',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      now: { type: 'string' },
      grace: { type: 'string' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const now = values.now === undefined ? undefined : parseNow(values.now);
    const graceSeconds = intOpt(values.grace, 'grace', 0, 7 * 86400);
    let result;
    try {
      result = await runDueOnce(db, {
        now,
        graceSeconds,
        signal: ctx.signal,
        onSlot: (s, r) => {
          ctx.stderr(line(s.name, r) + '\n');
        },
      });
    } catch (e) {
      if (e instanceof LockedError) {
        ctx.stderr(`pdm run-due: nothing done: ${e.message}\n`);
        if (values.json) ctx.stdout(JSON.stringify({ locked: true, message: e.message }) + '\n');
        return 0;
      }
      if (e instanceof RangeError) throw new UserError(e.message);
      throw e;
    }
    const all = [...result.recorded, ...result.finished];
    const failed = result.finished.filter((r) => r.outcome === 'failed');
    if (values.json) {
      ctx.stdout(
        JSON.stringify({ locked: false, ran: result.finished, recorded: result.recorded }) + '\n',
      );
    } else {
      const name = (r: SlotRow) => result.names[r.scheduleId] ?? `#${r.scheduleId}`;
      ctx.stdout(all.length ? all.map((r) => line(name(r), r)).join('\n') + '\n' : 'nothing due\n');
    }
    for (const f of failed) {
      ctx.stderr(
        `pdm run-due: schedule ${result.names[f.scheduleId] ?? f.scheduleId} slot ${f.slot} failed: ${f.reason}\n`,
      );
    }
    return failed.length ? 1 : 0;
  },
};
