/**
 * `pdm export`: the open export bundle (docs/EXPORT-BUNDLE.md) of a plant, written to
 * a folder whole or not at all.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { intOpt, parse, progressPrinter, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { parseDateArg, formatEpoch } from '../../workers/shared/time';
import {
  exportBundle,
  type BundleModel,
  type ExportBundleOptions,
} from '../../workers/export/export-bundle';
import { bundleModelOf } from '../../workers/export/bundle-model';
import { FolderSink } from '../../workers/export/bundle-sink-node';

const help = `pdm export: the plant's data, features SQL and scoring job as an open bundle

usage: pdm export --db FILE --out DIR [--from D] [--to D] [--site NAME]
                  [--model ID | --no-model] [--add FILE[=PATH]]... [--json]

Writes the folder DIR (made whole in a temp folder beside it, then renamed; an
earlier bundle in DIR is replaced, a folder holding other files is refused):

  tables/machines.parquet     every machine: machine_id (text), site, model, age,
                              machine_order (the plant's machine order)
  tables/telemetry.parquet    machine_id, epoch_ms, site, one column per sensor
  tables/errors.parquet       machine_id, epoch_ms, site, error_id
  tables/maintenance.parquet  machine_id, epoch_ms, site, comp
  tables/failures.parquet     machine_id, epoch_ms, site, failure
  features.sql                one query computing the features and labels of the
                              plant's cadence over those tables; runs unchanged on
                              Spark SQL, DuckDB and SQLite
  manifest.json               feature order and names, classes, cadence, horizon,
                              time zone, the risk table's columns
  model.onnx                  the active forest model (or --model ID) as an ONNX
                              TreeEnsembleClassifier (docs/ONNX.md); its feature
                              order, classes and cadence under manifest.json model
  job/                        a scheduled two-task Databricks job (features.sql, then
                              scoring model.onnx with ONNX Runtime) and its scripts
  README.md                   how to run it and how results come back
                              (pdm import-results)

epoch_ms is milliseconds since 1970 of plant wall time read as UTC, as stored.

  --from D, --to D   first/last observation time features.sql gives, inclusive
                     (YYYY-MM-DD [HH:MM:SS]). The tables keep what those windows
                     look back to and the failures their labels look ahead to.
                     Default: all data.
  --site NAME        the plant's name in every table's site column. Default: the
                     plant file's name without its extension.
  --model ID         the stored model to ship as model.onnx (default: the active
                     one). Without a usable forest model the bundle has no
                     model.onnx and the output says why.
  --no-model         leave model.onnx out.
  --add FILE[=PATH]  put any other FILE in the bundle as PATH (default its file name).
  --json             one JSON document on stdout: the files written and the rows.
`;

export const command: Command = {
  summary: 'write the open export bundle (Parquet tables, features.sql, job)',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      site: { type: 'string' },
      add: { type: 'string', multiple: true },
      model: { type: 'string' },
      'no-model': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const out = requireOpt(values.out, 'out');
    const from = values.from === undefined ? undefined : parseDateArg(values.from, '--from');
    const to = values.to === undefined ? undefined : parseDateArg(values.to, '--to');
    if (from !== undefined && to !== undefined && from > to) {
      throw new UserError(`--from (${values.from}) is after --to (${values.to})`);
    }
    const site = (values.site ?? basename(db).replace(/\.[^.]+$/, '')).trim();
    if (site === '') throw new UserError('--site must not be empty');
    const extraFiles = (values.add ?? []).map((spec) => {
      const eq = spec.indexOf('=');
      const file = eq < 0 ? spec : spec.slice(0, eq);
      const path = eq < 0 ? basename(file) : spec.slice(eq + 1);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw new UserError(`--add: cannot read ${file}: ${(e as Error).message}`);
      }
      return { path, bytes };
    });
    if (values.model !== undefined && values['no-model']) {
      throw new UserError('give --model ID or --no-model, not both');
    }
    const modelId = intOpt(values.model, 'model', 1, 2 ** 31);
    const progress = progressPrinter(ctx.stderr);
    const summary = await withPlant(db, { write: false }, async (plant) => {
      let model: BundleModel | undefined;
      let noModel: string | null = null;
      if (!values['no-model']) {
        let choice;
        try {
          choice = bundleModelOf(plant.store, modelId);
        } catch (e) {
          if (e instanceof RangeError) throw new UserError(`--model: ${e.message}`);
          throw e;
        }
        if (choice.model) model = choice.model;
        else noModel = choice.none.why;
      }
      const opts: ExportBundleOptions = {
        model,
        from,
        to,
        site,
        extraFiles,
        signal: ctx.signal,
        onProgress: (p) => progress.update('export', p.done, p.total),
      };
      return { ...(await exportBundle(plant.store, new FolderSink(out), opts)), noModel };
    });
    progress.done(`export: ${summary.seconds.toFixed(1)} s`);
    if (values.json) {
      ctx.stdout(JSON.stringify({ out, site, ...summary }) + '\n');
      return 0;
    }
    const total = summary.files.reduce((n, f) => n + f.bytes, 0);
    const range =
      from === undefined && to === undefined
        ? 'all observations'
        : `observations ${from === undefined ? 'from the first' : formatEpoch(from)} to ` +
          `${to === undefined ? 'the last' : formatEpoch(to)}`;
    ctx.stdout(
      `wrote ${out} (${(total / 1e6).toFixed(1)} MB, ${summary.files.length} files; site '${site}', ${range})\n` +
        Object.entries(summary.rows)
          .map(([t, n]) => `  tables/${t}.parquet  ${n} rows\n`)
          .join('') +
        `  features.sql  ${summary.features} features\n` +
        (summary.noModel
          ? `  no model.onnx: ${summary.noModel} (train a forest model, or --model ID)\n`
          : values['no-model']
            ? '  no model.onnx (--no-model)\n'
            : ''),
    );
    return 0;
  },
};
