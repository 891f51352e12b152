/**
 * `pdm simulate`: writes a simulated plant's five CSV exports (the format of the
 * Microsoft sample) into a folder, for demos, tests and benchmarks.
 */
import { existsSync, statSync } from 'node:fs';
import { resolveSimulateOptions } from '../../workers/simulate/simulate-plant';
import { writePlantCsv } from '../../workers/simulate/simulate-node';
import { CancelledError } from '../../workers/shared/types';
import { intOpt, parse, progressPrinter, requireOpt, UserError, type Command } from '../cli-kit';

export const command: Command = {
  summary: 'write a simulated plant (CSV exports like the sample) into a folder',
  help: `usage: pdm simulate --out DIR [--machines N] [--days D] [--start YYYY-MM-DD] [--seed S] [--json]

Simulates a plant and writes PdM_telemetry.csv, PdM_errors.csv, PdM_maint.csv,
PdM_failures.csv and PdM_machines.csv into DIR (created if missing; files of those
names are replaced). Same format as the Microsoft sample: hourly telemetry of volt,
rotate, pressure and vibration from 06:00 on the start day, 5 error types,
maintenance (scheduled every 15 days and after failures), failures of comp1..comp4
preceded by sensor and error signatures. The same options and seed always give
byte-identical files. 100 machines x 365 days is about 80 MB.

options:
  --out DIR         folder to write into (required)
  --machines N      number of machines, 1..100000 (default 100)
  --days D          days of hourly telemetry, 1..3660 (default 365)
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
      json: { type: 'boolean' },
    });
    const out = requireOpt(values.out, 'out');
    const opts = {
      machines: intOpt(values.machines, 'machines', 1, 100_000),
      days: intOpt(values.days, 'days', 1, 3660),
      start: values.start,
      seed: intOpt(values.seed, 'seed', 0, 0xffffffff),
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
    progress.done(
      `simulated ${result.machines} machines x ${result.days} days in ${seconds.toFixed(1)} s`,
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
