import { basename } from 'node:path';
import { parse, progressPrinter, requireOpt, numOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { formatEpoch } from '../../workers/shared/time';
import { CancelledError } from '../../workers/shared/types';
import { importPaths, type PathsResult } from '../../workers/ingest/import-node';
import {
  COLUMN_ROLES,
  IMPORT_KINDS,
  ImportError,
  type ColumnRole,
  type ImportKind,
  type ImportReport,
} from '../../workers/ingest/types';

const help = `pdm import: bring CSV exports into a plant file

usage: pdm import --db FILE PATH... [--kind K] [--map COLUMN=ROLE ...]
                  [--date-format F] [--strict] [--max-reject-ratio R] [--json]

PATH is a CSV file or a folder (its *.csv and *.tsv files: machines first, then
telemetry, errors, maint, failures). The kind of each file (telemetry, errors,
maint, failures, machines) comes from its header; --kind forces it for every
file. --map gives a column a role: timestamp, machine, sensor, event (errorID /
comp / failure), model, age or ignore (repeat --map for several columns).
Telemetry sensors are the other numeric columns. Delimiter (comma, semicolon,
tab), BOM (UTF-8 or UTF-16), line endings and decimal comma (semicolon files)
are detected.

Timestamps: YYYY-MM-DD HH:MM[:SS] (also YYYY/MM/DD), ISO with T, M/D/YYYY h:mm:ss
AM and D.M.YYYY HH:MM. Day/month order of slash dates is decided from the whole
column; when it stays ambiguous the file is refused: give --date-format DMY or MDY.

Each file is one transaction: all of it or nothing. Rows already in the plant (same
machine and time, or machine, time and event) are skipped and counted as duplicates;
a telemetry row still fills in sensor values the stored row lacks (sensors split
over several exports). A blank sensor reading is stored as missing (skipped by the
features); a row with no sensor value at all is rejected.
A file with more than --max-reject-ratio (default 0.01) of its rows rejected is
refused whole and its rejected rows are listed (file, line, column, reason); --strict
refuses any rejected row. Files that import are saved even when others are refused;
the exit code is then 1.
`;

function parseMap(entries: string[] | undefined): Record<string, ColumnRole> | undefined {
  if (!entries || entries.length === 0) return undefined;
  const map: Record<string, ColumnRole> = {};
  for (const e of entries) {
    const eq = e.lastIndexOf('=');
    const col = e.slice(0, eq).trim();
    const role = e.slice(eq + 1).trim() as ColumnRole;
    if (eq <= 0 || !COLUMN_ROLES.includes(role)) {
      throw new UserError(
        `--map '${e}': use COLUMN=ROLE with ROLE one of ${COLUMN_ROLES.join(', ')}`,
      );
    }
    map[col] = role;
  }
  return map;
}

function table(reports: ImportReport[]): string {
  const rows = [['file', 'kind', 'read', 'added', 'updated', 'dup', 'rejected', 'ms', 'range']];
  for (const r of reports) {
    rows.push([
      basename(r.file),
      r.kind,
      String(r.rowsRead),
      String(r.added),
      String(r.updated),
      String(r.duplicates),
      String(r.rejected),
      String(r.durationMs),
      r.timeRange ? `${formatEpoch(r.timeRange.from)} .. ${formatEpoch(r.timeRange.to)}` : '',
    ]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function describeFailure(f: { file: string; error: ImportError }): string {
  const lines = [
    f.error.message.startsWith(f.error.file) ? f.error.message : `${f.file}: ${f.error.message}`,
  ];
  for (const r of f.error.rejectedRows) {
    lines.push(`  ${r.file}:${r.line}${r.column ? ` column ${r.column}` : ''}: ${r.reason}`);
  }
  if (f.error.rejected > f.error.rejectedRows.length) {
    lines.push(`  ... and ${f.error.rejected - f.error.rejectedRows.length} more`);
  }
  return lines.join('\n');
}

export const command: Command = {
  summary: 'import CSV exports (files or folders) into a plant file',
  help,
  async run(argv, ctx) {
    const { values, positionals } = parse(
      argv,
      {
        db: { type: 'string' },
        kind: { type: 'string' },
        map: { type: 'string', multiple: true },
        'date-format': { type: 'string' },
        strict: { type: 'boolean' },
        'max-reject-ratio': { type: 'string' },
        json: { type: 'boolean' },
      },
      true,
    );
    const db = requireOpt(values.db, 'db');
    if (positionals.length === 0) throw new UserError('give at least one CSV file or folder');
    const kind = values.kind as ImportKind | undefined;
    if (kind !== undefined && !IMPORT_KINDS.includes(kind)) {
      throw new UserError(`--kind must be one of ${IMPORT_KINDS.join(', ')}, got '${kind}'`);
    }
    const maxRejectRatio = numOpt(values['max-reject-ratio'], 'max-reject-ratio', 0, 1);
    const map = parseMap(values.map);
    const progress = progressPrinter(ctx.stderr);
    let result: PathsResult;
    try {
      result = await withPlant(db, { write: true, create: true, owner: 'pdm import' }, (plant) =>
        importPaths(plant.store, positionals, {
          kind,
          map,
          dateFormat: values['date-format'],
          strict: values.strict,
          maxRejectRatio,
          signal: ctx.signal,
          onProgress: (p) =>
            progress.update(basename(p.phase.replace(/^import /, '')), p.done, p.total),
        }),
      );
    } catch (e) {
      progress.done();
      if (e instanceof ImportError) throw new UserError(e.message);
      if (e instanceof CancelledError)
        throw new UserError('cancelled by the user; nothing was saved');
      throw e;
    }
    progress.done();
    if (values.json) {
      ctx.stdout(
        JSON.stringify({
          db,
          reports: result.reports,
          failed: result.failed.map((f) => ({
            file: f.file,
            reason: f.error.reason,
            message: f.error.message,
            rowsRead: f.error.rowsRead,
            rejected: f.error.rejected,
            rejectedRows: f.error.rejectedRows,
          })),
        }) + '\n',
      );
    } else {
      if (result.reports.length > 0) ctx.stdout(table(result.reports) + '\n');
      for (const r of result.reports) {
        for (const x of r.rejectedRows) {
          ctx.stdout(
            `  rejected ${x.file}:${x.line}${x.column ? ` column ${x.column}` : ''}: ${x.reason}\n`,
          );
        }
        if (r.rejected > r.rejectedRows.length) {
          ctx.stdout(
            `  ... and ${r.rejected - r.rejectedRows.length} more rejected in ${r.file}\n`,
          );
        }
      }
    }
    for (const f of result.failed) ctx.stderr(describeFailure(f) + '\n');
    if (result.failed.length > 0) {
      ctx.stderr(
        `pdm: ${result.failed.length} of ${result.failed.length + result.reports.length} files refused (nothing of them stored); the others were saved\n`,
      );
      return 1;
    }
    return 0;
  },
};
