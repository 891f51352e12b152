/**
 * `pdm simulate`: writes a simulated plant's five CSV exports (the format of the
 * Microsoft sample) into a folder, for demos, tests and benchmarks.
 */
import { existsSync, statSync } from 'node:fs';
import { resolveSimulateOptions } from '../../workers/simulate/simulate-plant';
import { writePlantCsv } from '../../workers/simulate/simulate-node';
import { formatDuration, parseDuration } from '../../workers/shared/cadence';
import { CancelledError } from '../../workers/shared/types';
import {
  intOpt,
  numOpt,
  parse,
  progressPrinter,
  requireOpt,
  UserError,
  type Command,
} from '../cli-kit';

export const command: Command = {
  summary: 'write a simulated plant (CSV exports like the sample) into a folder',
  help: `usage: pdm simulate --out DIR [--machines N] [--days D] [--interval LEN]
                    [--stop-on-failure F] [--healthy] [--start YYYY-MM-DD] [--seed S] [--json]

Simulates a plant and writes PdM_telemetry.csv, PdM_errors.csv, PdM_maint.csv,
PdM_failures.csv and PdM_machines.csv into DIR (created if missing; files of those
names are replaced). Same format as the Microsoft sample: telemetry of volt,
rotate, pressure and vibration (hourly by default) from 06:00 on the start day,
5 error types, maintenance (scheduled every 15 days and after failures), failures
of comp1..comp4 preceded by sensor and error signatures. The same options and seed
always give byte-identical files. 100 machines x 365 days is about 80 MB.

Other reading intervals (--interval) cover the same days with more or fewer rows:
  - 1h and slower (e.g. 1d for a daily fleet): events keep real time, as hourly
    (about 7.6 failures per machine-year, visits every 15 days); a failure's sensor
    drift lasts 48 h or 6 readings, whichever is longer (6 days for daily data).
  - faster than 1h over less than a year (a 1 Hz test bed for a day, minute data
    for a few days): a year of wear is compressed into the span, so each machine
    still has several failures, their errors and visits inside it; the drift
    before a failure lasts 48/8760 of the span (at least 6 readings), e.g. about
    7 minutes in a 1 Hz day. Over a year or more, events keep real time.
  Rows per machine: days x 86400 / interval (at most 10,000,000). 10 machines at
  1 s for 1 day is 864,000 rows (about 78 MB).

options:
  --out DIR         folder to write into (required)
  --machines N      number of machines, 1..100000 (default 100)
  --days D          days of telemetry, 1..3660 (default 365)
  --interval LEN    time between readings, 1s..7d: 1s, 30s, 1m, 10m, 1h, 1d
                    (default 1h)
  --stop-on-failure F
                    fraction 0..1 of machines that stop reporting at their first
                    failure, like failed units pulled from a fleet (hard drives):
                    no reading at or after it and no later error, maintenance or
                    failure record; they stay in PdM_machines.csv. Which machines
                    follows from the seed. (default 0: every machine reports to
                    the end, repaired at each failure)
  --healthy         no component fails: no failure records, no sensor drift or
                    errors announcing one; visits, replacements, near-miss alarms
                    and other errors as with failures (to measure false alarms
                    of pdm health)
  --start DATE      first day, YYYY-MM-DD (default 2015-01-01)
  --seed S          random seed, 0..4294967295 (default 1)
  --json            print one JSON document (files, rows, bytes) on stdout
`,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      out: { type: 'string' },
      machines: { type: 'string' },
      days: { type: 'string' },
      start: { type: 'string' },
      seed: { type: 'string' },
      interval: { type: 'string' },
      'stop-on-failure': { type: 'string' },
      healthy: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const out = requireOpt(values.out, 'out');
    const opts = {
      machines: intOpt(values.machines, 'machines', 1, 100_000),
      days: intOpt(values.days, 'days', 1, 3660),
      start: values.start,
      seed: intOpt(values.seed, 'seed', 0, 0xffffffff),
      intervalSeconds: intervalOpt(values.interval),
      stopOnFailure: numOpt(values['stop-on-failure'], 'stop-on-failure', 0, 1),
      healthy: values.healthy,
    };
    try {
      resolveSimulateOptions(opts);
    } catch (e) {
      if (e instanceof RangeError) throw new UserError(`--${e.message}`);
      throw e;
    }
    if (existsSync(out) && !statSync(out).isDirectory()) {
      throw new UserError(`--out ${out}: exists and is not a folder`);
    }
    const progress = progressPrinter(ctx.stderr);
    const t0 = performance.now();
    let result;
    try {
      result = await writePlantCsv(out, {
        ...opts,
        signal: ctx.signal,
        onProgress: (p) => progress.update('simulating machines', p.done, p.total),
      });
    } catch (e) {
      progress.done();
      if (e instanceof CancelledError) throw new UserError('cancelled; no files were written');
      throw e;
    }
    const seconds = (performance.now() - t0) / 1000;
    const every =
      result.intervalSeconds === 3600 ? '' : ` every ${formatDuration(result.intervalSeconds)}`;
    const cut = result.stopped ? `, ${result.stopped} stopped at a failure` : '';
    progress.done(
      `simulated ${result.machines} machines x ${result.days} days${every}${cut} in ${seconds.toFixed(1)} s`,
    );
    if (values.json) {
      ctx.stdout(JSON.stringify({ ...result, seconds }, null, 2) + '\n');
    } else {
      const lines = [`wrote ${out}:`];
      for (const k of ['telemetry', 'errors', 'maint', 'failures', 'machines'] as const) {
        lines.push(
          `  ${result.files[k]}  ${result.rows[k]} rows, ${(result.bytes[k] / 1e6).toFixed(1)} MB`,
        );
      }
      ctx.stdout(lines.join('\n') + '\n');
    }
    return 0;
  },
};

/** `--interval 1m` in seconds (undefined when not given). */
function intervalOpt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value, '--interval');
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(e.message);
    throw e;
  }
}
