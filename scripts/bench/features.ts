/**
 * `npm run bench -- features [--machines 100] [--days 365] [--interval 1h] [--seed 1]
 *   [--dir D] [--no-ref] [--only hourly|1hz-day|daily-year]`
 *
 * Runs three plants unless --only or --machines/--days/--interval pick one:
 *   hourly      100 machines x 365 days of hourly readings, default cadence;
 *   1hz-day     10 machines x 1 day at 1 Hz (864,000 rows), step 1m, windows 5/10/30m;
 *   daily-year  5,000 machines x 365 daily readings, step 24h, windows 1/3/7 days.
 *
 * Simulates a plant (workers/simulate), imports it (the real importer) into a plant file,
 * then times our feature build from that file in a child process (so its peak RSS is
 * the feature build's alone) next to the independent Python reference
 * (ref_features.py in the project's shared folder, numpy/pandas) run on the same
 * CSVs. Prints both times, the ratio and peak memory; compares the two CSVs when the
 * plant is small enough. Targets (README, Features): ours <= 0.5x the reference; 1000
 * machines <= 11x the 100-machine time with peak memory <= 2 GB. Not a test: nothing
 * is asserted.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Store } from '../../workers/store/store';
import { importPaths } from '../../workers/ingest/import-node';
import { writePlantCsv } from '../../workers/simulate/simulate-node';
import { buildFeatures, writeFeaturesCsv } from '../../workers/features';
import { setPlantCadence } from '../../workers/store/plant-settings';
import {
  DEFAULT_CADENCE,
  describeCadence,
  parseDuration,
  proposeCadence,
  type Cadence,
} from '../../workers/shared/cadence';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REF =
  process.env.PDM_REF_FEATURES ?? resolve(REPO, '..', 'shared', 'tools', 'ref_features.py');
const PY = '/usr/bin/python3';

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface ChildResult {
  openMs: number;
  buildMs: number;
  csvMs: number;
  rows: number;
  columns: number;
  maxRssKb: number;
}

/** Child mode: open the plant file, build features, write the CSV; report JSON. */
async function child(db: string, out: string): Promise<void> {
  const t0 = performance.now();
  const store = await Store.open(readFileSync(db), db);
  const t1 = performance.now();
  const fs = buildFeatures(store);
  const t2 = performance.now();
  const fd = openSync(out, 'w');
  writeFeaturesCsv(fs, (c) => writeSync(fd, c), { chunkRows: 5000 });
  fsyncSync(fd);
  closeSync(fd);
  const t3 = performance.now();
  const r: ChildResult = {
    openMs: t1 - t0,
    buildMs: t2 - t1,
    csvMs: t3 - t2,
    rows: fs.rows,
    columns: fs.featureNames.length + 3,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(JSON.stringify(r) + '\n');
}

function runOurs(db: string, out: string): ChildResult {
  const r = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=4096',
      '--import',
      'tsx',
      join(REPO, 'scripts', 'bench.ts'),
      'features',
      '--child',
      db,
      out,
    ],
    { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`feature build failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as ChildResult;
}

/** ref_features.py options for a cadence. */
function refCadenceArgs(c: Cadence): string[] {
  const h = (s: number) => String(s / 3600);
  return [
    '--step-hours',
    h(c.stepSeconds),
    '--windows-hours',
    c.windowSeconds.map(h).join(','),
    '--event-window-hours',
    h(c.eventWindowSeconds),
    '--horizon-days',
    String(c.horizonSeconds / 86400),
  ];
}

/** The Python reference, wrapped to report its own wall time and peak RSS. */
function runRef(
  dir: string,
  out: string,
  cadence: Cadence,
): { ms: number; maxRssKb: number; line: string } | string {
  if (!existsSync(REF)) return `reference not found at ${REF}`;
  const probe = spawnSync(PY, ['-c', 'import pandas, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'pandas/numpy not installed for /usr/bin/python3';
  const code = [
    'import runpy, sys, time, resource',
    `sys.argv = ${JSON.stringify([REF, dir, out, ...refCadenceArgs(cadence)])}`,
    't0 = time.perf_counter()',
    `runpy.run_path(${JSON.stringify(REF)}, run_name="__main__")`,
    'print("BENCH", (time.perf_counter() - t0) * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)',
  ].join('\n');
  const r = spawnSync(PY, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return `reference failed: ${r.stderr.slice(-500)}`;
  const lines = r.stdout.trim().split('\n');
  const [, ms, rss] = (lines.pop() as string).split(' ');
  return { ms: Number(ms), maxRssKb: Number(rss), line: lines.join(' ') };
}

/** Compares our CSV with the reference's: same header and keys, numbers within 1e-6. */
function compareCsv(ours: string, ref: string): string {
  const a = readFileSync(ours, 'utf8').trimEnd().split('\n');
  const b = readFileSync(ref, 'utf8').trimEnd().split('\n');
  if (a[0] !== b[0]) return 'headers differ';
  if (a.length !== b.length) return `row counts differ: ${a.length - 1} vs ${b.length - 1}`;
  let bad = 0;
  let first = '';
  for (let i = 1; i < a.length; i++) {
    const x = a[i].split(',');
    const y = b[i].split(',');
    for (let c = 0; c < x.length; c++) {
      if (x[c] === y[c]) continue;
      const p = Number(x[c]);
      const q = Number(y[c]);
      const d = Math.abs(p - q);
      if (!(d <= 1e-6 || d <= 1e-6 * Math.max(Math.abs(p), Math.abs(q)))) {
        bad++;
        if (!first) first = `line ${i + 1} column ${c + 1}: ${x[c]} vs ${y[c]}`;
      }
    }
  }
  return bad
    ? `${bad} values differ (first: ${first})`
    : `identical within 1e-6 (${a.length - 1} rows)`;
}

interface Scenario {
  name: string;
  machines: number;
  days: number;
  intervalSeconds: number;
  cadence: Cadence;
}

const SCENARIOS: Scenario[] = [
  { name: 'hourly', machines: 100, days: 365, intervalSeconds: 3600, cadence: DEFAULT_CADENCE },
  { name: '1hz-day', machines: 10, days: 1, intervalSeconds: 1, cadence: proposeCadence(1) },
  {
    name: 'daily-year',
    machines: 5000,
    days: 365,
    intervalSeconds: 86400,
    cadence: proposeCadence(86400),
  },
];

export async function main(args: string[]): Promise<void> {
  if (args[0] === '--child') return child(args[1], args[2]);
  const { values } = parseArgs({
    args,
    options: {
      machines: { type: 'string' },
      days: { type: 'string' },
      interval: { type: 'string' },
      only: { type: 'string' },
      seed: { type: 'string', default: '1' },
      dir: { type: 'string' },
      'no-ref': { type: 'boolean' },
    },
  });
  let scenarios = SCENARIOS;
  if (values.only) {
    scenarios = SCENARIOS.filter((s) => s.name === values.only);
    if (!scenarios.length) {
      throw new Error(`--only: one of ${SCENARIOS.map((s) => s.name).join(', ')}`);
    }
  } else if (values.machines || values.days || values.interval) {
    const intervalSeconds = values.interval ? parseDuration(values.interval, '--interval') : 3600;
    scenarios = [
      {
        name: 'custom',
        machines: Number(values.machines ?? 100),
        days: Number(values.days ?? 365),
        intervalSeconds,
        cadence: proposeCadence(intervalSeconds),
      },
    ];
  }
  for (const sc of scenarios) {
    await runScenario(sc, {
      seed: Number(values.seed),
      dir: values.dir,
      noRef: !!values['no-ref'],
    });
  }
}

async function runScenario(
  sc: Scenario,
  o: { seed: number; dir?: string; noRef: boolean },
): Promise<void> {
  const { machines, days } = sc;
  const tag = `${machines}x${days}${sc.intervalSeconds === 3600 ? '' : `-${sc.intervalSeconds}s`}`;
  const work = o.dir ?? join(tmpdir(), `pdm-bench-features-${tag}`);
  const csvDir = join(work, 'csv');
  const db = join(work, 'plant.pdm');
  mkdirSync(work, { recursive: true });
  console.log(
    `features benchmark [${sc.name}]: ${machines} machines x ${days} days, a reading every ` +
      `${sc.intervalSeconds} s; ${describeCadence(sc.cadence)} (work dir ${work})`,
  );

  if (!existsSync(join(csvDir, 'PdM_telemetry.csv'))) {
    const t = performance.now();
    await writePlantCsv(csvDir, {
      machines,
      days,
      intervalSeconds: sc.intervalSeconds,
      seed: o.seed,
    });
    console.log(`  simulate:       ${sec(performance.now() - t)}`);
  }
  if (!existsSync(db)) {
    const t = performance.now();
    const store = await Store.open(null);
    const res = await importPaths(store, [csvDir]);
    if (res.failed.length) throw new Error(res.failed.map((f) => f.error.message).join('; '));
    setPlantCadence(store, sc.cadence);
    writeFileSync(db, store.export());
    store.close();
    console.log(
      `  import:         ${sec(performance.now() - t)} (${(statSync(db).size / 2 ** 20).toFixed(0)} MB file)`,
    );
  }

  const oursOut = join(work, 'ours.csv');
  const ours = runOurs(db, oursOut);
  const oursTotal = ours.openMs + ours.buildMs + ours.csvMs;
  console.log(
    `  ours:           open ${sec(ours.openMs)} + build ${sec(ours.buildMs)} + csv ${sec(ours.csvMs)} = ${sec(oursTotal)}; ` +
      `${ours.rows} rows x ${ours.columns} columns; peak RSS ${mb(ours.maxRssKb)}`,
  );
  if (o.noRef) return;
  const refOut = join(work, 'ref.csv');
  const ref = runRef(csvDir, refOut, sc.cadence);
  if (typeof ref === 'string') {
    console.log(`  reference:      skipped (${ref})`);
    return;
  }
  console.log(
    `  reference:      ${sec(ref.ms)} (read csv + features + write csv); peak RSS ${mb(ref.maxRssKb)}; ${ref.line}`,
  );
  console.log(
    `  ratio ours/ref: build ${(ours.buildMs / ref.ms).toFixed(2)}x, open+build+csv ${(oursTotal / ref.ms).toFixed(2)}x (target <= 0.5x)`,
  );
  if (ours.rows <= 200_000) console.log(`  csv compare:    ${compareCsv(oursOut, refOut)}`);
  if (!o.dir) rmSync(join(work, 'ours.csv'), { force: true });
}
