/**
 * Runs a bundle's features.sql the way a user would elsewhere: on SQLite (sql.js, the
 * tables loaded from the Parquet files with hyparquet) and on DuckDB (reading the
 * Parquet files directly), and turns the result into the features CSV that
 * `pdm features` writes, so it can be compared with goldens and with our builder.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import initSqlJs from 'sql.js';
import Papa from 'papaparse';
import { writeFeaturesCsv } from '../../../workers/features';
import { exportBundle, type ExportBundleOptions } from '../../../workers/export/export-bundle';
import { MemorySink } from '../../../workers/export/bundle-sink';
import type { FeatureSet } from '../../../workers/shared/types';
import type { Store } from '../../../workers/store/store';

export interface Manifest {
  tables: Record<string, { file: string; rows: number }>;
  features: { name: string; column: string }[];
  classes: string[];
  [k: string]: unknown;
}

export type Row = Record<string, unknown>;

export async function memoryBundle(
  store: Store,
  opts: Partial<ExportBundleOptions> = {},
): Promise<{ files: Map<string, Uint8Array>; manifest: Manifest; sql: string }> {
  const sink = new MemorySink();
  await exportBundle(store, sink, { site: 'test plant', ...opts });
  const text = (p: string) => new TextDecoder().decode(sink.files.get(p));
  return {
    files: sink.files,
    manifest: JSON.parse(text('manifest.json')) as Manifest,
    sql: text('features.sql'),
  };
}

const buffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);

/** Reads one Parquet file of the bundle into row objects. */
export function readParquet(bytes: Uint8Array): Promise<Row[]> {
  return parquetReadObjects({ file: buffer(bytes) as ArrayBuffer }) as Promise<Row[]>;
}

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/** features.sql on SQLite (sql.js): each table created from its Parquet file. */
export async function runOnSqlite(files: Map<string, Uint8Array>, sql: string): Promise<Row[]> {
  // SQLite's own math functions (sqrt), not sql.js's older add-on ones.
  const SQL = await initSqlJs({ useOldExtensionFunctions: false } as never);
  const db = new SQL.Database();
  try {
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Manifest;
    for (const [name, t] of Object.entries(manifest.tables)) {
      const rows = await readParquet(files.get(t.file)!);
      const cols = rows.length ? Object.keys(rows[0]) : await parquetColumns(files.get(t.file)!);
      db.run(`CREATE TABLE ${name}(${cols.join(', ')})`);
      const st = db.prepare(`INSERT INTO ${name} VALUES(${cols.map(() => '?').join(', ')})`);
      db.run('BEGIN');
      for (const r of rows) st.run(cols.map((c) => plain(r[c]) as never));
      db.run('COMMIT');
      st.free();
    }
    const res = db.exec(sql)[0];
    if (!res) return [];
    return res.values.map((v) => Object.fromEntries(res.columns.map((c, i) => [c, v[i]])));
  } finally {
    db.close();
  }
}

async function parquetColumns(bytes: Uint8Array): Promise<string[]> {
  const { parquetMetadata } = await import('hyparquet');
  return parquetMetadata(buffer(bytes) as ArrayBuffer)
    .schema.slice(1)
    .map((s) => s.name);
}

/** features.sql on DuckDB: views over the Parquet files written to a temp folder. */
export async function runOnDuckDb(files: Map<string, Uint8Array>, sql: string): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pdm-bundle-'));
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    for (const [path, bytes] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), bytes);
    }
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as Manifest;
    for (const [name, t] of Object.entries(manifest.tables)) {
      await conn.run(
        `CREATE VIEW ${name} AS SELECT * FROM read_parquet('${join(dir, t.file).replace(/'/g, "''")}')`,
      );
    }
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Row[];
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The query's rows as the features CSV of `pdm features` (feature names from the manifest). */
export function rowsToCsv(rows: Row[], manifest: Manifest): string {
  const keys = new Map<string, number>();
  const names = new Map<number, string>();
  const F = manifest.features.length;
  const fs: FeatureSet = {
    featureNames: manifest.features.map((f) => f.name),
    rows: rows.length,
    machineId: new Int32Array(rows.length),
    machineNames: names,
    t: new Float64Array(rows.length),
    values: new Float64Array(rows.length * F),
    labelNames: manifest.classes,
    label: new Int32Array(rows.length),
  };
  rows.forEach((r, i) => {
    const id = String(r.machineID);
    let k = keys.get(id);
    if (k === undefined) {
      k = keys.size;
      keys.set(id, k);
      names.set(k, id);
    }
    fs.machineId[i] = k;
    fs.t[i] = Number(r.epoch_ms) / 1000;
    manifest.features.forEach((f, j) => {
      const v = r[f.column];
      fs.values[i * F + j] = v === null || v === undefined ? NaN : Number(v);
    });
    fs.label[i] = manifest.classes.indexOf(String(r.label));
  });
  const out: string[] = [];
  writeFeaturesCsv(fs, (c) => out.push(c));
  return out.join('');
}

/**
 * Differences between two features CSVs as readable lines (empty when equal): same
 * header and rows, machine, datetime and label text equal, numbers within 1e-6
 * (relative or absolute), and empty (no value in the window) only where the other is.
 */
export function diffCsv(ours: string, expected: string, limit = 8): string[] {
  const parse = (t: string) => Papa.parse<string[]>(t.trimEnd(), { delimiter: ',' }).data;
  const o = parse(ours);
  const g = parse(expected);
  if (o[0].join(',') !== g[0].join(',')) {
    return [`header differs:\n  ours     ${o[0].join(',')}\n  expected ${g[0].join(',')}`];
  }
  const out: string[] = [];
  if (o.length !== g.length) out.push(`rows: ours ${o.length - 1}, expected ${g.length - 1}`);
  const last = g[0].length - 1;
  for (let i = 1; i < Math.min(o.length, g.length) && out.length < limit; i++) {
    for (let c = 0; c <= last && out.length < limit; c++) {
      const a = o[i][c];
      const b = g[i][c];
      const same =
        a === b || (c > 1 && c < last && a !== '' && b !== '' && close(Number(a), Number(b)));
      if (!same) out.push(`line ${i + 1} (${o[i][0]} ${o[i][1]}) ${g[0][c]}: '${a}' vs '${b}'`);
    }
  }
  return out;
}

function close(a: number, b: number): boolean {
  const d = Math.abs(a - b);
  return d <= 1e-6 || d <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

/** features.sql on both engines; each must give `expected` (1e-6, same rows and text). */
export async function checkBothEngines(store: Store, expected: string, minRows = 1): Promise<void> {
  const b = await memoryBundle(store);
  const lines = expected.trimEnd().split('\n').length - 1;
  expect(lines).toBeGreaterThanOrEqual(minRows);
  for (const [engine, run] of [
    ['SQLite', runOnSqlite],
    ['DuckDB', runOnDuckDb],
  ] as const) {
    const csv = rowsToCsv(await run(b.files, b.sql), b.manifest);
    expect(diffCsv(csv, expected), engine).toEqual([]);
  }
}
