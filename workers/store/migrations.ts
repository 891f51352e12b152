/**
 * Forward-only schema migrations. Each entry moves the schema from `version - 1` to
 * `version`. Never edit a released migration: add a new one. Version numbers are
 * reserved per area so parallel work does not collide:
 *   1 core plant data and import log (ingest)
 *   2 models, scoring runs, results (forest / score)
 *   3 schedules and run slots (schedule)
 *   4 text machine ids (ingest)
 *   5 cadence a model was trained with (features / model)
 *   7 work-order proposals (orders)
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
  {
    version: 2,
    description: 'models, scoring runs and their results',
    sql: `
      CREATE TABLE models(
        id INTEGER PRIMARY KEY,
        created TEXT NOT NULL,
        engine TEXT NOT NULL,
        hyperparameters TEXT NOT NULL,  -- JSON
        feature_names TEXT NOT NULL,    -- JSON array, the order the model expects
        label_names TEXT NOT NULL,      -- JSON array, 'none' first
        train_from INTEGER,
        train_to INTEGER,
        horizon_days REAL NOT NULL,
        metrics TEXT,                   -- JSON evaluation on the test range
        model BLOB NOT NULL,            -- serialised engine model
        active INTEGER NOT NULL DEFAULT 0,
        note TEXT
      );
      -- A scoring run. request_key identifies the request (model, mode, range, data
      -- state) so that repeating an identical request returns the same run.
      CREATE TABLE runs(
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES models(id),
        request_key TEXT NOT NULL,
        mode TEXT NOT NULL,             -- 'latest' | 'range'
        range_from INTEGER,
        range_to INTEGER,
        started TEXT NOT NULL,
        finished TEXT,
        status TEXT NOT NULL,           -- 'running' | 'ok' | 'failed' | 'cancelled'
        rows INTEGER NOT NULL DEFAULT 0,
        message TEXT,
        schedule_id INTEGER
      );
      CREATE INDEX runs_request ON runs(request_key);
      -- One row per machine, observation time and component (risk = class probability).
      CREATE TABLE results(
        run_id INTEGER NOT NULL REFERENCES runs(id),
        machine_id INTEGER NOT NULL,
        t INTEGER NOT NULL,
        component TEXT NOT NULL,
        probability REAL NOT NULL,
        top_features TEXT NOT NULL,     -- JSON [[feature, contribution], ...]
        PRIMARY KEY(run_id, machine_id, t, component)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'schedules, their slots and outcomes, watched-folder files',
    sql: `
      -- A recurring scoring run. Slot times are real UTC instants (epoch seconds), not
      -- plant wall times; the cron expression is read in time_zone.
      CREATE TABLE schedules(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        cron TEXT NOT NULL,
        preset TEXT,                    -- JSON {kind, at, day, minute}; null: hand-written cron
        time_zone TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        action TEXT NOT NULL,           -- JSON {watchDir, score, listDir, listFormats}
        missed_policy TEXT NOT NULL DEFAULT 'run-once'
          CHECK(missed_policy IN ('run-once', 'skip')),
        timeout_s INTEGER NOT NULL DEFAULT 3600,
        retries INTEGER NOT NULL DEFAULT 1,
        created TEXT NOT NULL,
        last_slot INTEGER               -- epoch s of the last slot given an outcome row
      );
      -- Exactly one row per slot of a schedule: how it ended.
      CREATE TABLE schedule_slots(
        id INTEGER PRIMARY KEY,
        schedule_id INTEGER NOT NULL REFERENCES schedules(id),
        slot TEXT NOT NULL,             -- ISO UTC instant
        slot_epoch INTEGER NOT NULL,    -- the same instant, epoch seconds
        outcome TEXT NOT NULL
          CHECK(outcome IN ('ran', 'skipped', 'missed', 'failed', 'running')),
        reason TEXT,
        catch_up INTEGER NOT NULL DEFAULT 0,
        started TEXT,
        finished TEXT,
        duration_ms INTEGER,
        rows_scored INTEGER,
        run_id INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        owner TEXT,                     -- which runner process marked it running
        details TEXT,                   -- JSON summary: import, score, list, errors
        UNIQUE(schedule_id, slot)
      );
      CREATE INDEX schedule_slots_time ON schedule_slots(schedule_id, slot_epoch);
      -- Files seen in watched folders, once per content hash.
      CREATE TABLE watched_files(
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,  -- sha-256 hex
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK(status IN ('imported', 'failed')),
        message TEXT
      );
    `,
  },
  {
    version: 4,
    description: 'machine ids are text: one integer key per id in machine_names',
    sql: `
      -- Machine ids are text (asset tags, serial numbers, whole numbers). Every table
      -- keeps the compact integer machine_id; this table gives its text. A whole-number
      -- id keeps its value as key when free, so files written before text ids keep
      -- their keys and read the same.
      CREATE TABLE machine_names(
        machine_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      );
      INSERT INTO machine_names(machine_id, name)
        SELECT id, CAST(id AS TEXT) FROM (
          SELECT machine_id AS id FROM machines
          UNION SELECT machine_id FROM telemetry
          UNION SELECT machine_id FROM errors
          UNION SELECT machine_id FROM maint
          UNION SELECT machine_id FROM failures
          UNION SELECT machine_id FROM results
        );
    `,
  },
  {
    version: 5,
    description: 'models record the cadence (step, windows, event window, horizon) they use',
    sql: `
      -- JSON {stepSeconds, windowSeconds, eventWindowSeconds, horizonSeconds}. NULL for
      -- models trained before cadence settings: they used the reference's 12 h step,
      -- 12/24/36 h windows and 24 h error counts with the horizon in horizon_days.
      ALTER TABLE models ADD COLUMN cadence TEXT;
    `,
  },
  {
    version: 6,
    description: 'models removed while runs refer to them stay, marked removed',
    sql: `
      -- ISO time of pdm model remove, NULL while the model is in the list. A removed
      -- model keeps its row (runs.model_id refers to it, and printed lists name it)
      -- but not its bytes.
      ALTER TABLE models ADD COLUMN removed TEXT;
    `,
  },
  {
    version: 7,
    description: "models name the algorithm that grew them 'learner' (was 'engine')",
    sql: `
      -- 'forest' or 'ml-random-forest'. "Engine" now means only the worker the app talks
      -- to; the column keeps its values, only its name changes.
      ALTER TABLE models RENAME COLUMN engine TO learner;
    `,
  },
  {
    version: 8,
    description: 'work-order proposals raised by alert rules after scoring runs',
    sql: `
      -- Runs the alert rules have seen, with their data-as-of time (latest observation),
      -- which orders runs for "N consecutive runs" (workers/orders/proposals.ts).
      CREATE TABLE order_runs(
        run_id INTEGER PRIMARY KEY,
        as_of INTEGER NOT NULL,          -- plant seconds
        evaluated_at INTEGER NOT NULL    -- clock, epoch ms
      );
      CREATE INDEX order_runs_as_of ON order_runs(as_of, run_id);
      CREATE TABLE proposals(
        id INTEGER PRIMARY KEY,
        machine_id INTEGER NOT NULL,
        component TEXT NOT NULL,
        state TEXT NOT NULL CHECK(state IN ('open', 'accepted', 'dismissed', 'done')),
        risk REAL NOT NULL,
        level TEXT NOT NULL CHECK(level IN ('high', 'medium')),
        trigger_json TEXT NOT NULL,      -- JSON {rule, runs, risks}
        reasons TEXT NOT NULL,           -- the result's reasons, as the run stored them
        trigger_runs TEXT NOT NULL,      -- JSON [run ids], oldest first
        run_id INTEGER NOT NULL,         -- the run that made it
        observed INTEGER NOT NULL,       -- observation time of its risk, plant seconds
        due INTEGER NOT NULL,            -- suggested due date, plant seconds
        created_at INTEGER NOT NULL,     -- clock, epoch ms
        state_changed_at INTEGER NOT NULL,
        dismiss_reason TEXT,
        done_by TEXT CHECK(done_by IN ('user', 'replacement')),
        outcome TEXT CHECK(outcome IN ('failure')),
        outcome_t INTEGER                -- that failure's time, plant seconds
      );
      CREATE INDEX proposals_pair ON proposals(machine_id, component, id);
      CREATE INDEX proposals_state ON proposals(state, id);
    `,
  },
  {
    version: 9,
    description: 'slot reasons are kept as codes too, for the UI in its language',
    sql: `
      -- JSON [{code, params}], the parts of reason (English, joined with '; ') as codes.
      -- NULL for slots recorded before: the UI shows their English reason.
      ALTER TABLE schedule_slots ADD COLUMN reason_codes TEXT;
    `,
  },
  {
    version: 10,
    description: 'time-to-failure bands: a band model per model, band risks per run',
    sql: `
      -- The band model trained with a model (workers/model/band-model.ts): days JSON
      -- [1, 3, 7, 14] (bands shorter than the step merged away), components JSON [names],
      -- metrics JSON (test figures per component and band), model the forest's bytes.
      -- Models without a row (older, imported ONNX) have no bands.
      CREATE TABLE model_bands(
        model_id INTEGER PRIMARY KEY REFERENCES models(id),
        days TEXT NOT NULL,
        components TEXT NOT NULL,
        metrics TEXT,
        model BLOB NOT NULL
      );
      -- Per scored machine, observation and component (each machine's latest observation
      -- in the run): bands JSON [[days, cumulative probability], ...], shortest first.
      CREATE TABLE result_bands(
        run_id INTEGER NOT NULL REFERENCES runs(id),
        machine_id INTEGER NOT NULL,
        t INTEGER NOT NULL,
        component TEXT NOT NULL,
        bands TEXT NOT NULL,
        PRIMARY KEY(run_id, machine_id, t, component)
      ) WITHOUT ROWID;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
