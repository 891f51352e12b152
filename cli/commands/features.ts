/**
 * `pdm features`: writes the analysis data set (FEATURES.md) as CSV in the golden
 * file's format, or prints the feature exploration summary.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { numOpt, parse, progressPrinter, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { formatEpoch, parseDateArg } from '../../workers/shared/time';
import {
  buildFeatures,
  featureSummary,
  parseMachineList,
  resolveMachineList,
  writeFeaturesCsv,
  type MachineSelection,
  type FeatureSummary,
  cadenceWithHorizon,
} from '../../workers/features';
import type { Cadence } from '../../workers/shared/cadence';

const help = `pdm features: the analysis data set (features and labels) of a plant

usage: pdm features --db FILE [--from D] [--to D] [--machines 1-10,42,P-101A]
                    [--horizon-days N] --out features.csv [--json]
       pdm features --db FILE --summary [--from D] [--to D] [--machines L] [--json]

The grid follows the plant's cadence (pdm plant; default: step 12h, windows
12h/24h/36h, event window 24h, horizon 7d). Observations are the step boundaries
(by default 00:00 and 12:00) with telemetry in the step before; for each: rolling
mean/std per window and sensor (columns <sensor>_mean_12, _5m, _30s: the window in
whole hours, else minutes, else seconds), error counts in the event window, days
since each component's last replacement (-1 when none), age, one-hot model, and the
label: the component of the earliest failure within the horizon, or 'none'.
Windows look back before --from. Missing sensor values are skipped per sensor.

  --from D, --to D   first/last observation time, inclusive (YYYY-MM-DD [HH:MM:SS];
                     a date alone means 00:00). Default: all data.
  --machines L       machine ids and ranges of whole-number ids, e.g. 1-10,42 or
                     P-101A,T07 (a part is a range only when it is two whole numbers
                     joined by '-'). Default: all machines.
  --horizon-days N   label horizon in days, (0, 365], for this CSV only. Default:
                     the plant's horizon.
  --out FILE         CSV to write (written to FILE.tmp, then renamed): header
                     machineID,datetime,<features>...,label; datetime YYYY-MM-DD HH:MM:SS.
  --summary          per feature: count, mean, std, min, max and mean by label.
  --json             one JSON document on stdout (the summary, or what was written).

Columns (sensors, error types, components, models) come from the whole plant, so a
machine subset has the same columns as the full build.
`;

export const command: Command = {
  summary: 'write features and labels as CSV, or summarise them',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      machines: { type: 'string' },
      'horizon-days': { type: 'string' },
      out: { type: 'string' },
      summary: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const from = values.from === undefined ? undefined : parseDateArg(values.from, '--from');
    const to = values.to === undefined ? undefined : parseDateArg(values.to, '--to');
    if (from !== undefined && to !== undefined && from > to) {
      throw new UserError(`--from (${values.from}) is after --to (${values.to})`);
    }
    let selection: MachineSelection | undefined;
    if (values.machines !== undefined) {
      try {
        selection = parseMachineList(values.machines, '--machines');
      } catch (e) {
        throw new UserError((e as Error).message);
      }
    }
    const horizonDays = numOpt(values['horizon-days'], 'horizon-days', 0, 365);
    if (horizonDays !== undefined && !(horizonDays > 0)) {
      throw new UserError(`--horizon-days must be more than 0 (and at most 365), got '0'`);
    }
    if (!values.summary && !values.out) {
      throw new UserError('missing required option --out (or use --summary)');
    }
    const progress = progressPrinter(ctx.stderr);
    const started = Date.now();
    let cadence: Cadence | undefined;
    const fs = await withPlant(db, { write: false }, async (plant) => {
      let machines: number[] | undefined;
      if (selection) {
        const r = resolveMachineList(selection, plant.store.machineNames());
        if (r.unknown.length > 0) {
          throw new UserError(
            `--machines: the plant has no machine ${r.unknown.map((u) => `'${u}'`).join(', ')}` +
              ' (ids are compared as written, after trimming spaces)',
          );
        }
        machines = r.keys;
      }
      cadence = cadenceWithHorizon(plant.store, horizonDays);
      return buildFeatures(plant.store, {
        from,
        to,
        machines,
        cadence,
        signal: ctx.signal,
        onProgress: (p) => progress.update('features', p.done, p.total),
      });
    });
    progress.done(`features: ${fs.rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    if (values.summary) {
      const s = featureSummary(fs);
      ctx.stdout(values.json ? JSON.stringify(s) + '\n' : formatSummary(s));
      return 0;
    }
    const out = values.out as string;
    writeCsvFile(out, (write) => writeFeaturesCsv(fs, write), ctx.signal);
    const labelCounts = Object.fromEntries(
      fs.labelNames.map((n, i) => [n, fs.label.reduce((a, l) => a + (l === i ? 1 : 0), 0)]),
    );
    if (values.json) {
      ctx.stdout(
        JSON.stringify({
          out,
          rows: fs.rows,
          columns: fs.featureNames.length + 3,
          horizonDays: cadence ? cadence.horizonSeconds / 86400 : undefined,
          cadence,
          labelCounts,
        }) + '\n',
      );
    } else {
      ctx.stdout(
        `wrote ${out}: ${fs.rows} rows, ${fs.featureNames.length + 3} columns; labels ` +
          Object.entries(labelCounts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') +
          '\n',
      );
    }
    return 0;
  },
};

/** Writes through a temporary file and renames it, so an error or Ctrl-C leaves no partial CSV. */
function writeCsvFile(
  path: string,
  fill: (write: (chunk: string) => void) => void,
  signal: AbortSignal,
): void {
  const tmp = path + '.tmp';
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw new UserError(`--out: cannot write ${tmp}: ${(e as Error).message}`);
  }
  try {
    fill((chunk) => {
      if (signal.aborted) throw new UserError('cancelled by the user');
      writeSync(fd, chunk);
    });
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
}

const fmt = (v: number) =>
  Number.isNaN(v)
    ? '-'
    : Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3)
      ? v.toExponential(3)
      : v.toFixed(3);

function formatSummary(s: FeatureSummary): string {
  const lines: string[] = [];
  const range = s.rows ? `${formatEpoch(s.from)} to ${formatEpoch(s.to)}` : 'no observations';
  lines.push(`${s.rows} observations of ${s.machines} machines, ${range}`);
  lines.push('labels: ' + s.labelNames.map((n, i) => `${n} ${s.labelCounts[i]}`).join(', '), '');
  const head = [
    'feature',
    'count',
    'mean',
    'std',
    'min',
    'max',
    ...s.labelNames.map((n) => `mean|${n}`),
  ];
  const rows = s.features.map((f) => [
    f.name,
    String(f.count),
    fmt(f.mean),
    fmt(f.std),
    fmt(f.min),
    fmt(f.max),
    ...f.meanByLabel.map(fmt),
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  lines.push(line(head), ...rows.map(line), '');
  return lines.join('\n');
}
