/**
 * `npm run bench -- health [--machines 1000] [--days 365] [--seed 1]
 *   [--healthy-machines 200] [--dir D]`
 *
 * The health ranking (docs/HEALTH.md) on a simulated plant (hourly readings, imported
 * into a plant file): in a child process (so its peak RSS is its own) the plant file is
 * opened, then the health series of the whole span is computed with the planner's
 * signal map (every machine, every 12 h observation): wall time, CPU time and peak
 * memory, against the target of under 10 s and 1 GB for 1000 machines x 365 days. The
 * child then runs the backtest on the same scores (labels hidden from the scores, read
 * only to check them): the failing component in the top decile of rows in the 48 h
 * before each failure, with the map and (machine level) without it. Finally a healthy
 * plant (no failures) gives the false alarms: 'unusual' onsets per machine-month.
 * Not a test: nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writePlantCsv } from '../../workers/simulate/simulate-node';
import { importPaths } from '../../workers/ingest/import-node';
import { Store } from '../../workers/store/store';
import { healthSeries } from '../../workers/health/health-series';
import { healthRanking } from '../../workers/health/health-ranking';
import { falseAlarms, healthBacktest, type BacktestResult } from '../../workers/health/backtest';
import { failuresBetween } from '../../workers/store/events-store';
import { equipmentSignalMap } from '../../workers/simulate/plant-model';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pct = (n: number, d: number) => `${d > 0 ? ((100 * n) / d).toFixed(1) : '-'} %`;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

interface ChildResult {
  openMs: number;
  rssAfterOpenMb: number;
  seriesMs: number;
  seriesCpuMs: number;
  maxRssMb: number;
  machines: number;
  observations: number;
  rows: number;
  rankingMs: number;
  rankingCpuMs: number;
  mapped: BacktestResult;
  mappedTop1: BacktestResult;
  unmapped: BacktestResult;
  onsetsPerMachineMonth: number;
}

async function child(db: string): Promise<void> {
  const t0 = performance.now();
  const store = await Store.open(readFileSync(db), db);
  const openMs = performance.now() - t0;
  const rssAfterOpenMb = process.memoryUsage().rss / 2 ** 20;
  const map = equipmentSignalMap();
  const c0 = process.cpuUsage();
  const t1 = performance.now();
  const series = healthSeries(store, { map });
  const seriesMs = performance.now() - t1;
  const seriesCpuMs = cpuMs(process.cpuUsage(c0));
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  healthRanking(store, { map });
  const rankingCpuMs = cpuMs(process.cpuUsage(c2));
  const rankingMs = performance.now() - t2;
  // Evaluation only: the failures are read after the scores were made without them.
  const failures = failuresBetween(store, -Infinity, Infinity);
  const r: ChildResult = {
    openMs,
    rssAfterOpenMb,
    seriesMs,
    seriesCpuMs,
    maxRssMb,
    machines: series.machines.length,
    observations: series.present.reduce((n, p) => n + p, 0),
    rows: series.slots.length,
    rankingMs,
    rankingCpuMs,
    mapped: healthBacktest(series, failures),
    mappedTop1: healthBacktest(series, failures, { topShare: 0.01 }),
    unmapped: healthBacktest(healthSeries(store, { map: {} }), failures),
    onsetsPerMachineMonth: falseAlarms(series).perMachineMonth,
  };
  process.stdout.write(JSON.stringify(r) + '\n');
}

async function importPlant(
  dir: string,
  machines: number,
  days: number,
  seed: number,
  healthy: boolean,
) {
  await writePlantCsv(dir, { machines, days, seed, healthy });
  const store = await Store.open(null);
  const { failed } = await importPaths(store, [dir]);
  if (failed.length) throw new Error(failed.map((f) => f.error.message).join('; '));
  return store;
}

export async function main(args: string[]): Promise<void> {
  if (args[0] === '--child') return child(args[1]);
  const { values } = parseArgs({
    args,
    options: {
      machines: { type: 'string', default: '1000' },
      days: { type: 'string', default: '365' },
      seed: { type: 'string', default: '1' },
      'healthy-machines': { type: 'string', default: '200' },
      dir: { type: 'string' },
    },
  });
  const machines = Number(values.machines);
  const days = Number(values.days);
  const seed = Number(values.seed);
  const dir = values.dir ? resolve(values.dir) : mkdtempSync(join(tmpdir(), 'pdm-bench-health-'));
  try {
    const db = join(dir, 'plant.sqlite');
    console.log(`simulating and importing ${machines} machines x ${days} days (hourly) ...`);
    const store = await importPlant(join(dir, 'data'), machines, days, seed, false);
    writeFileSync(db, store.export());
    store.close();

    const r = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        join(REPO, 'scripts', 'bench.ts'),
        'health',
        '--child',
        db,
      ],
      { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (r.status !== 0) throw new Error(`health child failed: ${r.stderr}`);
    const c = JSON.parse(r.stdout.trim().split('\n').pop() as string) as ChildResult;
    console.log(
      `health series of ${c.machines} machines x ${days} days (${c.observations} observations x ${c.rows} rows): ` +
        `${sec(c.seriesMs)} wall, ${sec(c.seriesCpuMs)} CPU; peak memory ${c.maxRssMb.toFixed(0)} MB ` +
        `(${c.rssAfterOpenMb.toFixed(0)} MB of it the plant file, opened before in ${sec(c.openMs)})`,
    );
    console.log('target: under 10 s and 1 GB for 1000 machines x 365 days');
    console.log(
      `health ranking at the latest observation: ${sec(c.rankingMs)} wall, ${sec(c.rankingCpuMs)} CPU`,
    );
    const b = c.mapped;
    console.log(
      `backtest (48 h before each failure, top decile, labels hidden): ${b.failures} failures ` +
        `(${b.skipped} in the first baseline month left out)`,
    );
    console.log(`  failing component, planner's map:  ${pct(b.componentHits, b.failures)}`);
    console.log(
      `  same, top 1 %:                     ${pct(c.mappedTop1.componentHits, b.failures)}`,
    );
    console.log(`  failing machine, planner's map:    ${pct(b.machineHits, b.failures)}`);
    console.log(
      `  failing machine, no map:           ${pct(c.unmapped.machineHits, c.unmapped.failures)}`,
    );
    console.log(
      `  'unusual' onsets per machine-month on this failing plant: ${c.onsetsPerMachineMonth.toFixed(2)}`,
    );

    const hm = Number(values['healthy-machines']);
    console.log(`\nhealthy plant: ${hm} machines x ${days} days, no failures ...`);
    const healthy = await importPlant(join(dir, 'healthy'), hm, days, seed, true);
    const fa = falseAlarms(healthSeries(healthy, { map: equipmentSignalMap() }));
    const faNoMap = falseAlarms(healthSeries(healthy, { map: {} }));
    healthy.close();
    console.log(
      `  'unusual' onsets per machine-month: ${fa.perMachineMonth.toFixed(2)} with the map ` +
        `(${fa.onsets} in ${fa.machineMonths.toFixed(0)} machine-months; ${pct(fa.unusualShare, 1)} of rows unusual), ` +
        `${faNoMap.perMachineMonth.toFixed(2)} without`,
    );
  } finally {
    if (!values.dir) rmSync(dir, { recursive: true, force: true });
  }
}
