import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { intOpt, parse, requireOpt, riskOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { maintenanceListForRun } from '../../workers/report/list-for-run';
import { saveFileAtomic } from '../../workers/store/plant-file-node';
import { staleSummary } from '../../workers/score/stale';

const help = `pdm print: write the maintenance list of a scoring run

usage: pdm print --db FILE [--run ID] [--min-risk P] [--plant NAME] [--include-stale]
                 --out list.html|list.csv

  --run ID       a scoring run (default: the latest successful run)
  --min-risk P   rows at or above this risk: 0..1 or a percentage (50%); default the
                 plant's high risk threshold (pdm plant --high-risk, default 50%)
  --plant NAME   plant name on the page (default: the database file name)
  --out FILE     .html: a printable page (check box and sign-off line per row,
                 print stylesheet; open it in a browser and print); .csv: CSV
  --include-stale  list machines without recent data too (default: left out, and
                 the page header says how many and why; see pdm risks --help)

Each row has the top reasons for its risk in English words, with the machine's
value and what is usual (the same words and figures as pdm risks and the app's
print view); a machine with no machine-list row says "not in the machine list"
in the type column. When the run's model has time-to-failure bands, a "Time to
failure" column says "likely within 3 days" (or "not likely within 14 days"), as
pdm risks does; the CSV has likely_within_days (days, or none) and
within_1d_percent .. within_14d_percent (empty without bands; docs/BANDS.md).
`;

export const command: Command = {
  summary: 'write the printable maintenance list (HTML or CSV)',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      run: { type: 'string' },
      'min-risk': { type: 'string' },
      plant: { type: 'string' },
      out: { type: 'string' },
      'include-stale': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const out = requireOpt(values.out, 'out');
    const format = out.toLowerCase().endsWith('.csv')
      ? 'csv'
      : out.toLowerCase().endsWith('.html')
        ? 'html'
        : null;
    if (!format) throw new UserError(`--out must end in .html or .csv, got '${out}'`);
    const minRiskOpt = riskOpt(values['min-risk'], '--min-risk');
    outFolderExists(out);
    const result = await withPlant(db, { write: false }, async (plant) => {
      const list = maintenanceListForRun(plant.store, {
        runId: intOpt(values.run, 'run', 1, 2 ** 31),
        ...(minRiskOpt === undefined ? {} : { minRisk: minRiskOpt }),
        plant: values.plant ?? basename(db).replace(/\.[^.]+$/, ''),
        generated: new Date(),
        includeStale: values['include-stale'] ?? false,
      });
      if (!list) throw new UserError('no scoring run yet: run pdm score first');
      const text = format === 'csv' ? list.csv() : list.html();
      await saveFileAtomic(out, new TextEncoder().encode(text), 0);
      return {
        out,
        format,
        run: list.header.runId,
        rows: list.rows.length,
        minRisk: list.header.minRisk,
        stale: list.stale?.included ? 0 : (list.stale?.machines.length ?? 0),
        staleNote: staleSummary(list.stale),
      };
    });
    const { staleNote, ...shown } = result;
    ctx.stdout(
      values.json
        ? JSON.stringify(shown) + '\n'
        : `maintenance list of run #${result.run}: ${result.rows} rows at or above ${+(result.minRisk * 100).toFixed(2)} % written to ${out}\n` +
            (staleNote ? staleNote + '\n' : ''),
    );
    return 0;
  },
};

/** Refuses an --out whose folder is missing (or is a file) before any work is done. */
export function outFolderExists(out: string): void {
  const dir = dirname(resolve(out));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UserError(`--out ${out}: the folder ${dir} does not exist`);
  }
  if (!isDir) throw new UserError(`--out ${out}: ${dir} is not a folder`);
}
