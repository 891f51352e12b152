/**
 * The plant database: one sql.js (SQLite) database held in memory and persisted as
 * one file by a storage adapter (Node file, Electron main process, or the browser's
 * origin-private file system). Platform-neutral: no Node imports here.
 */
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import { compareMachineIds } from '../shared/machine-id';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { BadIdentifierError, sensorColumn } from './sql-ident';

export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

let sqlPromise: Promise<SqlJsStatic> | null = null;
let sqlConfig: { locateFile?: (file: string) => string; wasmBinary?: ArrayBuffer } = {};

/** Where the browser build finds sql-wasm.wasm; Node finds it beside sql.js by itself. */
export function configureSqlJs(config: typeof sqlConfig): void {
  sqlConfig = config;
  sqlPromise = null;
}

export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sqlPromise) sqlPromise = initSqlJs(sqlConfig);
  return sqlPromise;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** First key given to a machine id that is not a whole number (see ensureMachine). */
const TEXT_KEY_BASE = 1_000_000_000;

/** This computer's IANA time zone ('UTC' when the platform does not say). */
export function hostZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export interface SensorInfo {
  id: number;
  name: string;
  /** The telemetry column holding this sensor, e.g. `s1`. */
  col: string;
}

export class Store {
  private txDepth = 0;

  private constructor(readonly db: Database) {
    this.applyConnectionSettings();
  }

  /**
   * Opens a plant database from file bytes, or creates an empty one when `bytes` is
   * empty or null. Refuses (StoreOpenError) bytes that are not SQLite, fail
   * `PRAGMA integrity_check`, or come from a newer version of the product. Applies
   * forward migrations to older files. The input bytes are never modified.
   */
  static async open(bytes?: Uint8Array | null, fileName = 'the plant file'): Promise<Store> {
    const SQL = await loadSqlJs();
    if (bytes && bytes.length > 0) {
      const head = new TextDecoder().decode(bytes.subarray(0, 16));
      if (bytes.length < 100 || head !== SQLITE_HEADER) {
        throw new StoreOpenError(`${fileName} is not a plant database (not a SQLite file).`);
      }
    }
    let db: Database;
    try {
      db = new SQL.Database(bytes && bytes.length > 0 ? bytes : undefined);
    } catch (e) {
      throw new StoreOpenError(`${fileName} could not be opened: ${(e as Error).message}`);
    }
    try {
      if (bytes && bytes.length > 0) {
        const res = db.exec('PRAGMA integrity_check');
        const verdict = res[0]?.values.map((r) =>
          String(r[0])
            .replace(/\*\*\* in database main \*\*\*\s*/g, '')
            .replace(/\s+/g, ' '),
        ) ?? ['no answer'];
        if (verdict.length !== 1 || verdict[0] !== 'ok') {
          throw new StoreOpenError(
            `${fileName} is damaged (integrity check: ${verdict.slice(0, 3).join('; ')}). ` +
              'Open one of its backups (.bak1, .bak2, .bak3) instead.',
          );
        }
      }
      const store = new Store(db);
      store.migrate(fileName);
      try {
        store.sensors(); // refuses sensor columns pdm never writes (crafted files)
      } catch (e) {
        if (e instanceof BadIdentifierError) throw new StoreOpenError(`${fileName}: ${e.message}`);
        throw e;
      }
      return store;
    } catch (e) {
      db.close();
      if (e instanceof StoreOpenError) throw e;
      const msg = (e as Error).message;
      if (/malformed|corrupt|not a database/i.test(msg)) {
        throw new StoreOpenError(
          `${fileName} is damaged (${msg}). Open one of its backups (.bak1, .bak2, .bak3) instead.`,
        );
      }
      throw new StoreOpenError(`${fileName} could not be opened: ${msg}`);
    }
  }

  /** Connection settings; sql.js export() resets them, so they are re-applied after it. */
  private applyConnectionSettings(): void {
    this.db.run('PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY');
  }

  get schemaVersion(): number {
    const hasMeta = this.scalar(
      "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'",
    );
    if (!hasMeta) return 0;
    const v = this.scalar("SELECT value FROM meta WHERE key='schema_version'");
    return v === null ? 0 : Number(v);
  }

  private migrate(fileName: string): void {
    const current = this.schemaVersion;
    if (current > SCHEMA_VERSION) {
      throw new StoreOpenError(
        `${fileName} was written by a newer version of this product (schema ${current}; ` +
          `this version reads up to ${SCHEMA_VERSION}). Update the application to open it.`,
      );
    }
    if (current === 0) {
      const tables = this.scalar("SELECT count(*) FROM sqlite_master WHERE type='table'");
      if (Number(tables) > 0) {
        throw new StoreOpenError(`${fileName} is a SQLite file but not a plant database.`);
      }
    }
    if (current === SCHEMA_VERSION) return;
    this.transaction(() => {
      if (current === 0) {
        this.db.run('CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)');
        this.db.run("INSERT INTO meta VALUES('created', ?)", [new Date().toISOString()]);
      }
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        this.db.exec(m.sql);
      }
      this.setMeta('schema_version', String(SCHEMA_VERSION));
      // A plant without a time zone (new, or written before zones were kept) takes this
      // computer's: that is how its wall-clock times were meant until now.
      if (this.getMeta('time_zone') === null) this.setMeta('time_zone', hostZone());
    });
  }

  getMeta(key: string): string | null {
    const v = this.scalar('SELECT value FROM meta WHERE key=?', [key]);
    return v === null ? null : String(v);
  }

  setMeta(key: string, value: string): void {
    this.db.run('INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)', [key, value]);
  }

  /** First column of the first row, or null. */
  scalar(sql: string, params: SqlValue[] = []): SqlValue {
    const st = this.db.prepare(sql);
    try {
      st.bind(params);
      return st.step() ? st.get()[0] : null;
    } finally {
      st.free();
    }
  }

  /** All rows as objects; for small results only (never telemetry). */
  all<T = Record<string, SqlValue>>(sql: string, params: SqlValue[] = []): T[] {
    const st = this.db.prepare(sql);
    const out: T[] = [];
    try {
      st.bind(params);
      while (st.step()) out.push(st.getAsObject() as T);
    } finally {
      st.free();
    }
    return out;
  }

  /**
   * Runs fn in one transaction: all of it or nothing. Nested calls join the outer
   * transaction. Never export() inside (sql.js export closes the connection).
   */
  transaction<T>(fn: () => T): T {
    if (this.txDepth > 0) {
      this.txDepth++;
      try {
        return fn();
      } finally {
        this.txDepth--;
      }
    }
    this.db.run('BEGIN');
    this.txDepth = 1;
    try {
      const r = fn();
      this.db.run('COMMIT');
      return r;
    } catch (e) {
      try {
        this.db.run('ROLLBACK');
      } catch {
        /* already rolled back by SQLite */
      }
      throw e;
    } finally {
      this.txDepth = 0;
    }
  }

  get inTransaction(): boolean {
    return this.txDepth > 0;
  }

  /** The database as file bytes. Refuses inside a transaction. */
  export(): Uint8Array {
    if (this.txDepth > 0) throw new Error('export() inside a transaction would lose it');
    const bytes = this.db.export();
    this.applyConnectionSettings();
    return bytes;
  }

  close(): void {
    this.db.close();
  }

  /** Text machine ids by integer key (table machine_names). */
  machineNames(): Map<number, string> {
    const out = new Map<number, string>();
    const st = this.db.prepare('SELECT machine_id, name FROM machine_names');
    try {
      while (st.step()) {
        const [k, n] = st.get();
        out.set(k as number, String(n));
      }
    } finally {
      st.free();
    }
    return out;
  }

  /** The key of a text machine id, or undefined when the plant has no such machine. */
  machineKey(name: string): number | undefined {
    const v = this.scalar('SELECT machine_id FROM machine_names WHERE name=?', [name.trim()]);
    return v === null ? undefined : Number(v);
  }

  /**
   * The key of a machine id, adding the id when new. A whole number keeps its value as
   * key when that key is free (files written before text ids read the same); other
   * ids take keys from 1,000,000,000 up, so they rarely meet a whole-number id.
   * `name` must already be trimmed and checked (machineIdProblem).
   */
  ensureMachine(name: string): number {
    const existing = this.machineKey(name);
    if (existing !== undefined) return existing;
    let key: number | null = null;
    if (/^[1-9][0-9]{0,8}$/.test(name) || name === '0') {
      const v = Number(name);
      if (this.scalar('SELECT 1 FROM machine_names WHERE machine_id=?', [v]) === null) key = v;
    }
    if (key === null) {
      const max = Number(this.scalar('SELECT coalesce(max(machine_id), 0) FROM machine_names'));
      key = Math.max(max + 1, TEXT_KEY_BASE);
      if (key > 2147483647) throw new Error('too many machines for one plant file');
    }
    this.db.run('INSERT INTO machine_names(machine_id, name) VALUES(?, ?)', [key, name]);
    return key;
  }

  /** Keys in machine order (all-numeric ids by value, then the others by text). */
  sortMachineKeys(keys: Iterable<number>, names = this.machineNames()): number[] {
    const name = (k: number) => names.get(k) ?? String(k);
    return [...keys].sort((a, b) => compareMachineIds(name(a), name(b)) || a - b);
  }

  /**
   * Sensors in first-seen order. Each `col` is checked to be s<digits> (a file whose
   * sensors table names anything else is refused: BadIdentifierError), so it is safe
   * to paste into SQL; quote it with quoteIdent all the same.
   */
  sensors(): SensorInfo[] {
    return this.all<{ sensor_id: number; name: string; col: string }>(
      'SELECT sensor_id, name, col FROM sensors ORDER BY sensor_id',
    ).map((r) => {
      sensorColumn(r.col, r.name);
      return { id: r.sensor_id, name: r.name, col: r.col };
    });
  }

  /**
   * Removes a sensor and its telemetry column (a column an import added that held no
   * reading at all). Call inside the import's transaction, with no statement on
   * telemetry still prepared.
   */
  dropSensor(name: string): void {
    const col = this.scalar('SELECT col FROM sensors WHERE name=?', [name]);
    if (col === null) return;
    this.db.run('DELETE FROM sensors WHERE name=?', [name]);
    this.db.run(`ALTER TABLE telemetry DROP COLUMN ${sensorColumn(col, name)}`);
  }

  /** The telemetry column for a sensor name, adding the sensor (and column) if new. */
  ensureSensor(name: string): string {
    const existing = this.scalar('SELECT col FROM sensors WHERE name=?', [name]);
    if (existing !== null) {
      sensorColumn(existing, name);
      return String(existing);
    }
    const id = Number(this.scalar('SELECT coalesce(max(sensor_id), 0) + 1 FROM sensors'));
    const col = `s${id}`;
    this.db.run('INSERT INTO sensors(sensor_id, name, col) VALUES(?, ?, ?)', [id, name, col]);
    this.db.run(`ALTER TABLE telemetry ADD COLUMN ${sensorColumn(col, name)} REAL`);
    return col;
  }
}
