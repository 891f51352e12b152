/**
 * `pdm import-results`: risks scored elsewhere (the export bundle's job) become a
 * scoring run of the plant file, so the maintenance list prints offline.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { intOpt, parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { formatEpoch } from '../../workers/shared/time';
import { importResults, type ResultsFile } from '../../workers/export/import-results';

const help = `pdm import-results: a risk table scored elsewhere, as a scoring run

usage: pdm import-results --db FILE [--model ID] RISKS.parquet [--json]

RISKS.parquet is the table the export bundle's job writes (out/risks.parquet: a
file, or Spark's folder of part files), one row per machine, observation time and
component:

  machine_id    text, as in the plant file
  component     a class the model predicts (not 'none')
  probability   0..1
  data_as_of    the observation scored: epoch ms of plant wall time (as the
                bundle's epoch_ms), a timestamp, or 'YYYY-MM-DD HH:MM:SS'
  run_label     the run's name there (one run per import)

Every row is checked before anything is stored; a bad row, an unknown machine or
component refuses the whole import with the reason. The run is filed under
--model ID (default: the active model; import the bundle's model first with
pdm model import). Importing the same table again returns the earlier run.
Then pdm risks, pdm print and the app show and print the maintenance list.

  --model ID   the model the risks were scored with. Default: the active model.
  --json       one JSON document on stdout.
`;

/** The Parquet files a path names: the file, or the .parquet files of Spark's folder. */
function resultFiles(path: string): ResultsFile[] {
  let paths: string[];
  try {
    paths = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => f.endsWith('.parquet') && !f.startsWith('.') && !f.startsWith('_'))
          .sort()
          .map((f) => join(path, f))
      : [path];
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (paths.length === 0) throw new UserError(`${path} holds no .parquet file`);
  return paths.map((p) => ({ name: basename(p), bytes: readFileSync(p) }));
}

export const command: Command = {
  summary: 'store a risk table scored elsewhere (Parquet) as a scoring run',
  help,
  async run(argv, ctx) {
    const { values, positionals } = parse(
      argv,
      { db: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    const db = requireOpt(values.db, 'db');
    if (positionals.length !== 1) {
      throw new UserError('name one risk table, e.g. pdm import-results --db F risks.parquet');
    }
    const modelId = intOpt(values.model, 'model', 1, 2 ** 31);
    const files = resultFiles(positionals[0]);
    const s = await withPlant(db, { write: true, owner: 'pdm import-results' }, (plant) =>
      importResults(plant.store, files, { modelId }),
    );
    if (values.json) {
      ctx.stdout(JSON.stringify({ ...s, dataAsOf: formatEpoch(s.dataAsOf) }) + '\n');
    } else {
      ctx.stdout(
        `${s.reused ? 'already imported as' : 'stored'} run #${s.runId} ('${s.runLabel}', model #${s.modelId}): ` +
          `${s.machines} machines, ${s.results} risks, data as of ${formatEpoch(s.dataAsOf)}\n` +
          `print it: pdm print --db ${db} --run ${s.runId} --out list.html\n`,
      );
    }
    return 0;
  },
};
