/**
 * Makes test/fixtures/cadence: two small simulated plants at other reading intervals
 * than the sample's hourly one, with the features the independent reference
 * (tools/ref_features.py of the shared folder, SHARED_DIR; needs Debian's
 * python3-pandas) computes on them at a cadence that suits each:
 *
 * - daily/: one reading a day, 8 machines for 240 days, half the machines stop
 *   reporting at their first failure (a fleet whose failed units are pulled);
 *   step 24 h, windows 24/72/168 h, event window 72 h, horizon 14 days.
 * - minute/: one reading a minute, 4 machines for one day (a year of wear
 *   compressed into it, see eventTimeScale); step 1 min, windows 5/10/30 min,
 *   event window 30 min, horizon 1 h.
 *
 *   node --import tsx scripts/make-cadence-fixtures.ts
 *
 * Each folder gets the five PdM_*.csv files (sensor values rounded to one decimal to
 * keep the files small; the reference and the importer read the same text) and
 * features-golden.csv; manifest.json lists the simulator options and the cadence of
 * each plant, README.md the exact reference command lines. Everything is seeded:
 * running it again gives the same bytes (given the same simulator and reference).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { SHARED_DIR } from '../test/helpers/shared';
import type { Cadence } from '../workers/shared/cadence';
import {
  PLANT_FILE_KINDS,
  PLANT_FILE_NAMES,
  simulatePlantInMemory,
  type SimulateOptions,
} from '../workers/simulate/simulate-plant';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const OUT = join(ROOT, 'test', 'fixtures', 'cadence');
const REF = join(SHARED_DIR, 'tools', 'ref_features.py');
const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

export interface CadencePlant {
  name: string;
  about: string;
  simulate: SimulateOptions;
  cadence: Cadence;
  /** ref_features.py options giving the same cadence (hours and days as it takes them). */
  refArgs: string[];
}

/** Hours (or days) as ref_features takes them: enough digits that round(x * 3600) is exact. */
const hours = (seconds: number) => String(seconds / HOUR);
const days = (seconds: number) => String(seconds / DAY);

function refArgs(c: Cadence): string[] {
  return [
    '--step-hours',
    hours(c.stepSeconds),
    '--windows-hours',
    c.windowSeconds.map(hours).join(','),
    '--event-window-hours',
    hours(c.eventWindowSeconds),
    '--horizon-days',
    days(c.horizonSeconds),
  ];
}

function plant(name: string, about: string, simulate: SimulateOptions, cadence: Cadence) {
  return { name, about, simulate, cadence, refArgs: refArgs(cadence) };
}

export const PLANTS: CadencePlant[] = [
  plant(
    'daily',
    'daily readings, 8 machines x 240 days, half of them stop reporting at their first failure',
    { machines: 8, days: 240, intervalSeconds: DAY, stopOnFailure: 0.5, seed: 7 },
    {
      stepSeconds: DAY,
      windowSeconds: [DAY, 3 * DAY, 7 * DAY],
      eventWindowSeconds: 3 * DAY,
      horizonSeconds: 14 * DAY,
    },
  ),
  plant(
    'minute',
    'per-minute readings, 4 machines x 1 day (a year of wear compressed into the day)',
    { machines: 4, days: 1, intervalSeconds: MIN, seed: 7 },
    {
      stepSeconds: MIN,
      windowSeconds: [5 * MIN, 10 * MIN, 30 * MIN],
      eventWindowSeconds: 30 * MIN,
      horizonSeconds: HOUR,
    },
  ),
];

/** Telemetry with sensor values rounded to one decimal. */
function roundTelemetry(text: string): string {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const f = lines[i].split(',');
    for (let j = 2; j < f.length; j++) f[j] = Number(f[j]).toFixed(1);
    lines[i] = f.join(',');
  }
  return lines.join('\n');
}

function checkReference(): void {
  if (!existsSync(REF)) throw new Error(`${REF} not found (set PDM_SHARED_DIR)`);
  const r = spawnSync(PYTHON, ['-c', 'import pandas, numpy'], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error('python3-pandas is missing (apt-get install -y python3-pandas)');
}

/** The reference's arguments for a plant, as run from the repository root. */
function referenceArgs(p: CadencePlant): string[] {
  const dir = relative(ROOT, join(OUT, p.name));
  return [relative(ROOT, REF), dir, `${dir}/features-golden.csv`, ...p.refArgs];
}

async function main() {
  checkReference();
  rmSync(OUT, { recursive: true, force: true });
  for (const p of PLANTS) {
    const dir = join(OUT, p.name);
    mkdirSync(dir, { recursive: true });
    const files = await simulatePlantInMemory(p.simulate);
    for (const k of PLANT_FILE_KINDS) {
      const text = k === 'telemetry' ? roundTelemetry(files.telemetry) : files[k];
      writeFileSync(join(dir, PLANT_FILE_NAMES[k]), text);
    }
    const golden = join(dir, 'features-golden.csv');
    const r = spawnSync(PYTHON, referenceArgs(p), {
      encoding: 'utf8',
      cwd: ROOT,
    });
    if (r.status !== 0) throw new Error(`reference failed on ${p.name}: ${r.stderr}`);
    const labels = new Set(
      readFileSync(golden, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.slice(l.lastIndexOf(',') + 1)),
    );
    if (labels.size < 3) throw new Error(`${p.name}: labels ${[...labels].join(', ')} only`);
    process.stdout.write(`  ${p.name}: ${JSON.stringify(files.summary.rows)}; golden ${r.stdout}`);
  }
  // Formatted as `prettier --check .` wants it.
  const manifest = join(OUT, 'manifest.json');
  const config = (await prettier.resolveConfig(manifest)) ?? {};
  writeFileSync(
    manifest,
    await prettier.format(JSON.stringify(PLANTS, null, 2), { ...config, parser: 'json' }),
  );
  writeFileSync(join(OUT, 'README.md'), readme());
}

function readme(): string {
  const lines = [
    '# Cadence fixtures',
    '',
    'Two small simulated plants at other reading intervals than the hourly sample, made',
    'by `node --import tsx scripts/make-cadence-fixtures.ts` (seeded; it writes this file',
    'and `manifest.json` too). Each folder holds the five exports (`PdM_*.csv`, sensor',
    'values rounded to one decimal) and `features-golden.csv`, the features of the',
    'independent reference (`tools/ref_features.py` of the shared folder) at the',
    "plant's cadence. `test/unit/features/cadence-golden.test.ts` imports each folder,",
    'sets that cadence and compares every column with the golden.',
    '',
    '| plant | data | cadence |',
    '| --- | --- | --- |',
  ];
  for (const p of PLANTS) {
    const c = p.cadence;
    const f = (s: number) =>
      s % DAY === 0 ? `${s / DAY} d` : s % HOUR === 0 ? `${s / HOUR} h` : `${s / MIN} min`;
    lines.push(
      `| \`${p.name}/\` | ${p.about} | step ${f(c.stepSeconds)}, windows ${c.windowSeconds.map(f).join('/')}, ` +
        `event window ${f(c.eventWindowSeconds)}, horizon ${f(c.horizonSeconds)} |`,
    );
  }
  lines.push(
    '',
    'The goldens were made with these command lines (from the repository root, with the',
    'shared folder beside it; hours and days written with enough digits that the',
    "reference's `int(round(hours * 3600))` gives whole minutes exactly):",
    '',
    '```',
    ...PLANTS.map((p) => [PYTHON, ...referenceArgs(p)].join(' ')),
    '```',
    '',
  );
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
