/**
 * Forward-only schema migrations. Each entry moves the schema from `version - 1` to
 * `version`. Never edit a released migration: add a new one. Version numbers are
 * reserved per area so parallel work does not collide:
 *   1 core plant data and import log (ingest)
 *   2 models, scoring runs, results (forest / score)
 *   3 schedules and run slots (schedule)
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description:
      'plant data: machines, sensors, telemetry, errors, maintenance, failures, import log',
    sql: `
      CREATE TABLE machines(
        machine_id INTEGER PRIMARY KEY,
        model TEXT NOT NULL,
        age REAL NOT NULL
      );
      -- One row per sensor column the imports have seen, in first-seen (file) order.
      -- The telemetry column for sensor_id N is named s<N>; names are free text.
      CREATE TABLE sensors(
        sensor_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        col TEXT NOT NULL UNIQUE
      );
      -- Sensor columns s1, s2, ... are added by ALTER TABLE as imports bring sensors.
      -- t = plant wall time as seconds since 1970 read as UTC (workers/shared/time.ts).
      CREATE TABLE telemetry(
        machine_id INTEGER NOT NULL,
        t INTEGER NOT NULL,
        PRIMARY KEY(machine_id, t)
      ) WITHOUT ROWID;
      CREATE TABLE errors(
        machine_id INTEGER NOT NULL,
        t INTEGER NOT NULL,
        error_id TEXT NOT NULL,
        PRIMARY KEY(machine_id, t, error_id)
      ) WITHOUT ROWID;
      CREATE TABLE maint(
        machine_id INTEGER NOT NULL,
        t INTEGER NOT NULL,
        comp TEXT NOT NULL,
        PRIMARY KEY(machine_id, t, comp)
      ) WITHOUT ROWID;
      CREATE TABLE failures(
        machine_id INTEGER NOT NULL,
        t INTEGER NOT NULL,
        failure TEXT NOT NULL,
        PRIMARY KEY(machine_id, t, failure)
      ) WITHOUT ROWID;
      CREATE TABLE import_log(
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        kind TEXT NOT NULL,
        rows_read INTEGER NOT NULL,
        rows_added INTEGER NOT NULL,
        rows_duplicate INTEGER NOT NULL,
        rows_rejected INTEGER NOT NULL,
        started TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        report_json TEXT NOT NULL
      );
      CREATE INDEX import_log_hash ON import_log(content_hash);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
