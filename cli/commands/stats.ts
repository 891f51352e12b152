/**
 * `pdm stats`: what a plant file holds (tables, machines, sensors, time ranges,
 * imports), to check an import or a file someone sent. Read-only: takes no lock.
 */
import { access } from 'node:fs/promises';
import { formatPlantStats, plantStats } from '../../workers/store/plant-stats';
import { parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';

export const command: Command = {
  summary: 'show tables, row counts, machines, sensors and time ranges of a plant file',
  help: `usage: pdm stats --db FILE [--json]

Shows what the plant database FILE holds: schema version, every table with its row
count, machines (count and by model), sensors, the first and last time of telemetry,
errors, maintenance and failures (YYYY-MM-DD HH:MM:SS, plant time), and a summary of
the import log. Reads the file only; it is never changed.

options:
  --db FILE   the plant database file (required)
  --json      print one JSON document on stdout instead of the tables
`,
  async run(argv, ctx) {
    const { values } = parse(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
    const db = requireOpt(values.db, 'db');
    await access(db).catch(() => {
      throw new UserError(`--db ${db}: file does not exist`);
    });
    const stats = await withPlant(db, { write: false }, async (p) => plantStats(p.store));
    ctx.stdout(
      values.json
        ? JSON.stringify({ file: db, ...stats }, null, 2) + '\n'
        : formatPlantStats(stats, db),
    );
    return 0;
  },
};
