/**
 * Each table of the plant file has one owning module that holds its SQL; everyone else
 * calls the owner's functions. This scan over workers/ and cli/ keeps it that way: a
 * statement naming a table (FROM, INTO, UPDATE, JOIN, TABLE) outside its owner fails,
 * as does a table of the schema without an owner. The table in docs/ARCHITECTURE.md
 * ("Tables: who owns them") says the same in words.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');

/** Table -> the one file (from the repository root) allowed to name it in SQL. */
const OWNER: Record<string, string> = {
  meta: 'workers/store/store.ts',
  sensors: 'workers/store/store.ts',
  machine_names: 'workers/store/store.ts',
  telemetry: 'workers/store/telemetry-store.ts',
  errors: 'workers/store/events-store.ts',
  maint: 'workers/store/events-store.ts',
  failures: 'workers/store/events-store.ts',
  machines: 'workers/store/machines-store.ts',
  import_log: 'workers/store/import-log.ts',
  models: 'workers/model/model-store.ts',
  runs: 'workers/score/run-store.ts',
  results: 'workers/score/run-store.ts',
  schedules: 'workers/schedule/schedule-store.ts',
  schedule_slots: 'workers/schedule/schedule-store.ts',
  watched_files: 'workers/schedule/watched-files.ts',
  order_runs: 'workers/orders/proposals.ts',
  proposals: 'workers/orders/proposals.ts',
  model_bands: 'workers/model/band-model.ts',
  result_bands: 'workers/model/band-model.ts',
};

/** The schema itself: every table's CREATE and the data migrations that move rows. */
const SCHEMA = 'workers/store/migrations.ts';

/** Named exceptions, each with its reason. */
const ALSO: { file: string; table: string; why: string }[] = [
  {
    file: 'workers/store/store.ts',
    table: 'telemetry',
    why: 'ensureSensor adds (and a failed import drops) the sensor column with its sensors row',
  },
  ...(['maint', 'failures'] as const).map((table) => ({
    file: 'workers/orders/proposals.ts',
    table,
    why:
      'closeLoop closes proposals from replacements and failures in one UPDATE inside the ' +
      "import's savepoint; split across owners it would read every open proposal's events",
  })),
  ...(['telemetry', 'errors', 'failures', 'machines'] as const).map((table) => ({
    file: 'workers/export/features-sql.ts',
    table,
    why:
      "features.sql is text for Spark, DuckDB and SQLite over the export bundle's Parquet " +
      'tables; it never runs on the plant file',
  })),
];

/**
 * Files that paste a table name into SQL (`FROM ${table}`), which the scan cannot
 * read: the event tables' owner (one of its three tables) and the statistics (a row
 * count of every table sqlite_master lists).
 */
const PASTES_TABLE_NAMES = ['workers/store/events-store.ts', 'workers/store/plant-stats.ts'];

const SQL_NAME = /\b(FROM|INTO|UPDATE|JOIN|TABLE)\s+["`]?([A-Za-z_][A-Za-z0-9_]*)/g;
const SQL_PASTED = /\b(FROM|INTO|UPDATE|JOIN|TABLE)\s+\$\{/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const FILES = [...sourceFiles('workers'), ...sourceFiles('cli')];

/** Every (file, keyword, table) naming a table of the map in SQL, outside the schema. */
function tableMentions(
  files: readonly string[],
  read: (file: string) => string,
): { file: string; keyword: string; table: string }[] {
  const out: { file: string; keyword: string; table: string }[] = [];
  for (const file of files) {
    if (file === SCHEMA) continue;
    for (const m of read(file).matchAll(SQL_NAME)) {
      const table = m[2].toLowerCase();
      if (table in OWNER) out.push({ file, keyword: m[1], table });
    }
  }
  return out;
}

function violations(files: readonly string[], read: (file: string) => string): string[] {
  return tableMentions(files, read)
    .filter(
      (x) =>
        OWNER[x.table] !== x.file && !ALSO.some((a) => a.file === x.file && a.table === x.table),
    )
    .map((x) => `${x.file}: ${x.keyword} ${x.table} (owner: ${OWNER[x.table]})`);
}

const readSource = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('table ownership', () => {
  it('names each table in SQL only in its owning module', () => {
    expect(violations(FILES, readSource)).toEqual([]);
  });

  it('catches a statement on a table outside its owner, in any of the keywords', () => {
    const fake: Record<string, string> = {
      'workers/score/new-report.ts': [
        "store.all('SELECT t FROM telemetry WHERE machine_id=?')",
        'db.run(`INSERT INTO failures(machine_id, t, failure) VALUES(?,?,?)`)',
        "db.run('UPDATE models SET active=0')",
        'sql = `SELECT * FROM runs r JOIN results x ON x.run_id = r.id`',
        "db.run('ALTER TABLE machines ADD COLUMN x')",
        'db.run(\'DELETE FROM "schedule_slots"\')',
      ].join('\n'),
      'workers/store/telemetry-store.ts': "db.prepare('SELECT t FROM telemetry')",
    };
    expect(violations(Object.keys(fake), (f) => fake[f])).toEqual([
      'workers/score/new-report.ts: FROM telemetry (owner: workers/store/telemetry-store.ts)',
      'workers/score/new-report.ts: INTO failures (owner: workers/store/events-store.ts)',
      'workers/score/new-report.ts: UPDATE models (owner: workers/model/model-store.ts)',
      'workers/score/new-report.ts: FROM runs (owner: workers/score/run-store.ts)',
      'workers/score/new-report.ts: JOIN results (owner: workers/score/run-store.ts)',
      'workers/score/new-report.ts: TABLE machines (owner: workers/store/machines-store.ts)',
      'workers/score/new-report.ts: FROM schedule_slots (owner: workers/schedule/schedule-store.ts)',
    ]);
  });

  it('has an owner for every table of the schema, and each owner uses its table', () => {
    const schema = readSource(SCHEMA) + readSource('workers/store/store.ts');
    const created = [...schema.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)\s*\(/g)]
      .map((m) => m[1])
      // Copies a migration builds and renames over the table, e.g. models_new.
      .filter((t) => !/_new$|_old$/.test(t));
    expect(created.length).toBeGreaterThan(10);
    for (const t of created) expect(OWNER, `owner of table ${t}`).toHaveProperty(t);
    const found = tableMentions(Object.values(OWNER), readSource);
    for (const [table, file] of Object.entries(OWNER)) {
      expect(FILES, `owner file ${file}`).toContain(file);
      expect(
        found.some((x) => x.file === file && x.table === table),
        `${file} holds no SQL on ${table}`,
      ).toBe(true);
    }
  });

  it('pastes table names into SQL only where the reason is written down', () => {
    const pasting = FILES.filter((f) => f !== SCHEMA && SQL_PASTED.test(readSource(f)));
    expect(pasting.sort()).toEqual([...PASTES_TABLE_NAMES].sort());
  });
});
