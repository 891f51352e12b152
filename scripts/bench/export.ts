/**
 * `npm run bench -- export [--machines 1000] [--days 365] [--seed 1] [--onnx FILE]
 *   [--dir D] [--no-duckdb]`
 *
 * Simulates a plant (hourly readings), imports it into a plant file, then in a child
 * process (so its peak RSS is the export's alone) opens the plant file and writes the
 * export bundle: five Parquet tables, features.sql, manifest, job, README, and the
 * model file given with --onnx (as `pdm export --add model.onnx` does). Prints the
 * time, peak memory and bundle size; then, unless --no-duckdb, runs features.sql on
 * DuckDB over the bundle and prints its rows and time. Target (README): a 1000-machine
 * year in under 30 s and 1.5 GB. Not a test: nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { writePlantCsv } from '../../workers/simulate/simulate-node';
import { importPaths } from '../../workers/ingest/import-node';
import { Store } from '../../workers/store/store';
import { exportBundle } from '../../workers/export/export-bundle';
import { FolderSink } from '../../workers/export/bundle-sink-node';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface ChildResult {
  openMs: number;
  exportMs: number;
  /** CPU time of the export (user + system), the figure to read on a busy machine. */
  cpuMs: number;
  maxRssKb: number;
  bytes: number;
  rows: Record<string, number>;
}

/** Child mode: open the plant file and write the bundle; report JSON. */
async function child(db: string, out: string, onnx: string | undefined): Promise<void> {
  const t0 = performance.now();
  const store = await Store.open(readFileSync(db), db);
  const t1 = performance.now();
  const extraFiles = onnx ? [{ path: 'model.onnx', bytes: readFileSync(onnx) }] : [];
  const cpu0 = process.cpuUsage();
  const s = await exportBundle(store, new FolderSink(out), { site: 'bench', extraFiles });
  const t2 = performance.now();
  const r: ChildResult = {
    openMs: t1 - t0,
    exportMs: t2 - t1,
    cpuMs: (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
    bytes: s.files.reduce((n, f) => n + f.bytes, 0),
    rows: s.rows,
  };
  process.stdout.write(JSON.stringify(r) + '\n');
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    n += f.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

async function duckdb(bundle: string): Promise<{ ms: number; rows: number }> {
  const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as {
    tables: Record<string, { file: string }>;
  };
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    for (const [name, t] of Object.entries(manifest.tables)) {
      await conn.run(
        `CREATE VIEW ${name} AS SELECT * FROM read_parquet('${join(bundle, t.file)}')`,
      );
    }
    const t0 = performance.now();
    const sql = readFileSync(join(bundle, 'features.sql'), 'utf8');
    const r = await conn.runAndReadAll(`SELECT count(*) AS n FROM (${sql})`);
    return { ms: performance.now() - t0, rows: Number(r.getRowsJS()[0][0]) };
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

export async function main(args: string[]): Promise<void> {
  if (args[0] === '--child') return child(args[1], args[2], args[3] || undefined);
  const { values } = parseArgs({
    args,
    options: {
      machines: { type: 'string', default: '1000' },
      days: { type: 'string', default: '365' },
      seed: { type: 'string', default: '1' },
      onnx: { type: 'string' },
      dir: { type: 'string' },
      'no-duckdb': { type: 'boolean' },
    },
  });
  const machines = Number(values.machines);
  const days = Number(values.days);
  const dir = values.dir ? resolve(values.dir) : mkdtempSync(join(tmpdir(), 'pdm-bench-export-'));
  try {
    const data = join(dir, 'data');
    const db = join(dir, 'plant.sqlite');
    const bundle = join(dir, 'bundle');
    console.log(`simulating and importing ${machines} machines x ${days} days ...`);
    await writePlantCsv(data, { machines, days, seed: Number(values.seed) });
    const store = await Store.open(null);
    const { failed } = await importPaths(store, [data]);
    if (failed.length) throw new Error(failed.map((f) => f.error.message).join('; '));
    writeFileSync(db, store.export());
    store.close();

    const r = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        join(REPO, 'scripts', 'bench.ts'),
        'export',
        '--child',
        db,
        bundle,
        values.onnx ? resolve(values.onnx) : '',
      ],
      { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (r.status !== 0) throw new Error(`export failed: ${r.stderr}`);
    const c = JSON.parse(r.stdout.trim().split('\n').pop() as string) as ChildResult;
    console.log(
      `export of ${machines} machines x ${days} days (${c.rows.telemetry} readings): ` +
        `${sec(c.exportMs)} (CPU time ${sec(c.cpuMs)}; plant file opened before in ${sec(c.openMs)}), ` +
        `peak memory ${(c.maxRssKb / 1024).toFixed(0)} MB, bundle ${(folderBytes(bundle) / 1e6).toFixed(1)} MB` +
        (values.onnx ? ' with model.onnx' : ' (no model.onnx: give --onnx FILE)'),
    );
    console.log('target: under 30 s and 1.5 GB for 1000 machines x 365 days');
    if (!values['no-duckdb']) {
      const d = await duckdb(bundle);
      console.log(`features.sql on DuckDB over the bundle: ${d.rows} rows in ${sec(d.ms)}`);
    }
  } finally {
    if (!values.dir) rmSync(dir, { recursive: true, force: true });
  }
}
