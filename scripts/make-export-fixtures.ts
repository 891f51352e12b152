/**
 * Makes test/fixtures/exports: small plants written in the shapes real exports come in
 * that the importer has to learn (text machine ids, offsets and DST, epoch and Excel
 * times, month names, split date/time, thousands separators, placeholders for missing
 * values, Windows-1252, `sep=;`) and shapes it must refuse with a clear message.
 *
 *   node --import tsx scripts/make-export-fixtures.ts
 *
 * Writes, all seeded (running it again gives the same bytes):
 * - canonical/<dataset>/{telemetry,errors,maint,failures,machines}.csv: the rows the
 *   store must hold after importing a stored shape of that data set (machine ids as
 *   text, plant wall time `YYYY-MM-DD HH:MM:SS`, missing readings as empty cells);
 * - shapes/<shape>/: the export files;
 * - goldens/<dataset>.csv: the features the independent reference (tools/ref_features.py
 *   of the shared folder, SHARED_DIR; needs Debian's python3-pandas) computes on the
 *   canonical files; data sets with missing readings get none (the reference does not
 *   define windows over missing values). Without pandas the old goldens are kept;
 * - manifest.json (one entry per shape: data set, plant time zone, import options,
 *   expected outcome) and README.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { SHARED_DIR } from '../test/helpers/shared';
import { SimRng, streamSeed } from '../workers/simulate/prng';
import {
  assets,
  canonicalFiles,
  dst,
  engines,
  kilo,
  lines,
  numeric,
  pumps,
  serials,
  tags,
  werk,
  withGaps,
  type Dataset,
} from './exports/datasets';
import { intlOffset, zoneOffset } from './exports/format';
import { shapes, type Shape } from './exports/shapes';
import { eventDatasets } from './exports/shapes-events';
import type { Cadence } from '../workers/shared/cadence';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REF = join(SHARED_DIR, 'tools', 'ref_features.py');
const PYTHON = '/usr/bin/python3';
const OUT = join(ROOT, 'test', 'fixtures', 'exports');
const HOUR = 3600;

function datasets(): Record<string, Dataset> {
  const n = numeric();
  const k = kilo();
  const firstOf = (ds: Dataset) => {
    const f = new Map<string, number>();
    for (const r of ds.telemetry) if (!f.has(r.m)) f.set(r.m, r.t);
    return f;
  };
  const kFirst = firstOf(k);
  const p = pumps();
  const chance = (seed: number, i: number, j: number) => new SimRng(streamSeed(seed, i, j)).next();
  return {
    numeric: n,
    // Placeholders: vibration missing in the first 60 rows of the file (machine 1's
    // first 60 hours), 3% of the other values missing, never a whole row.
    'numeric-gaps': withGaps(n, 'numeric-gaps', (_r, i, j) =>
      j === 3 ? i < 60 || chance(31, i, j) < 0.03 : j !== i % 3 && chance(31, i, j) < 0.03,
    ),
    kilo: k,
    // Sensors warming up: power missing in each machine's first 3 hours, flow in the
    // first hour of machines 2 and 3.
    'kilo-gaps': withGaps(
      k,
      'kilo-gaps',
      (r, _i, j) =>
        (j === 0 && r.t < kFirst.get(r.m)! + 3 * HOUR) ||
        (j === 2 && (r.m === '2' || r.m === '3') && r.t === kFirst.get(r.m)),
    ),
    tags: tags(),
    serials: serials(),
    assets: assets(),
    dst: dst(),
    werk: werk(),
    ...eventDatasets(n),
    // Long historian files: a few readings flagged bad (stored as missing).
    'pumps-gaps': withGaps(p, 'pumps-gaps', (_r, i, j) => chance(41, i, j) < 0.01),
    lines: lines(),
    engines: engines(),
  };
}

/** The offset rules of scripts/exports/format.ts agree with Intl at every instant used. */
function checkZones(all: Record<string, Dataset>): void {
  for (const ds of Object.values(all)) {
    for (const r of [...ds.telemetry, ...ds.repeated, ...ds.errors, ...ds.maint, ...ds.failures]) {
      if (r.u === undefined) continue;
      const a = zoneOffset('Europe/Berlin', r.u);
      const b = intlOffset('Europe/Berlin', r.u);
      if (a !== b) throw new Error(`${ds.name}: Berlin offset ${a} vs Intl ${b} at ${r.u}`);
    }
  }
}

function assertUnique(ds: Dataset): void {
  const check = (what: string, keys: string[]) => {
    if (new Set(keys).size !== keys.length) throw new Error(`${ds.name}/${what}: duplicate key`);
  };
  check(
    'telemetry',
    ds.telemetry.map((r) => `${r.m}|${r.t}`),
  );
  for (const k of ['errors', 'maint', 'failures'] as const) {
    check(
      k,
      ds[k].map((r) => `${r.m}|${r.t}|${r.e}`),
    );
  }
  check(
    'machines',
    ds.machines.map((r) => r.m),
  );
  const listed = new Set(ds.machines.map((r) => r.m));
  if (!ds.telemetry.some((r) => !listed.has(r.m))) {
    throw new Error(`${ds.name}: every machine with telemetry is listed`);
  }
}

function pandasMissing(): string | null {
  if (!existsSync(REF)) return `${REF} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import pandas, numpy'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'python3-pandas is missing (apt-get install -y python3-pandas)';
}

/** ref_features.py's cadence arguments (hours and days, as exact as a double allows). */
function cadenceArgs(c: Cadence | undefined): string[] {
  if (!c) return [];
  return [
    '--step-hours',
    String(c.stepSeconds / HOUR),
    '--windows-hours',
    c.windowSeconds.map((w) => String(w / HOUR)).join(','),
    '--event-window-hours',
    String(c.eventWindowSeconds / HOUR),
    '--horizon-days',
    String(c.horizonSeconds / 86400),
  ];
}

/** The cadence of each data set's shapes (all of a data set's shapes must agree). */
function datasetCadences(list: Shape[]): Map<string, Cadence | undefined> {
  const out = new Map<string, Cadence | undefined>();
  for (const s of list) {
    if (s.expect !== 'stored') continue;
    if (out.has(s.dataset) && JSON.stringify(out.get(s.dataset)) !== JSON.stringify(s.cadence)) {
      throw new Error(`${s.name}: shapes of data set ${s.dataset} need the same cadence`);
    }
    out.set(s.dataset, s.cadence);
  }
  return out;
}

function runReference(name: string, dir: string, out: string, cadence?: Cadence): void {
  const r = spawnSync(PYTHON, [REF, dir, out, ...cadenceArgs(cadence)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reference failed on ${name}: ${r.stderr}`);
  process.stdout.write(`  golden ${name}: ${r.stdout}`);
}

function dirSize(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((s, f) => s + dirSize(join(p, f)), 0);
}

function readme(list: Shape[]): string {
  const outcome = (s: Shape) =>
    s.expect === 'refused'
      ? `refused: \`${s.file}\` (message has ${s.messageIncludes.map((m) => `\`${m}\``).join(', ')})`
      : [
          `stored = canonical/${s.dataset}`,
          s.golden ? `features = goldens/${s.dataset}.csv` : 'no golden (missing readings)',
          s.notImported.length ? `not imported: ${s.notImported.join(', ')}` : '',
          s.repeatedHour ? `${s.repeatedHour} repeated-hour readings dropped` : '',
          s.cadence ? `cadence: step ${s.cadence.stepSeconds} s` : '',
        ]
          .filter(Boolean)
          .join('; ');
  const esc = (t: string) => t.replace(/\|/g, '\\|');
  return [
    '# Export-shape fixtures',
    '',
    'Plants written the way real systems export them, for test/unit/exports/exports.test.ts.',
    'Made by `node --import tsx scripts/make-export-fixtures.ts` (seeded; do not edit by hand).',
    '',
    '- `canonical/<dataset>/`: the rows the store must hold after a stored shape is imported',
    '  (machine ids as text, plant wall time `YYYY-MM-DD HH:MM:SS`, missing readings empty).',
    '- `goldens/<dataset>.csv`: features of the canonical files by the independent reference',
    '  (`tools/ref_features.py` of the shared folder); none for data sets with missing readings.',
    '- `shapes/<shape>/`: the export files; `manifest.json`: time zone, import options and the',
    '  expected outcome of each shape.',
    '',
    '| shape | imitates | time zone | expected |',
    '| --- | --- | --- | --- |',
    ...list.map((s) => `| ${s.name} | ${esc(s.about)} | ${s.timeZone} | ${esc(outcome(s))} |`),
    '',
  ].join('\n');
}

async function main() {
  const all = datasets();
  checkZones(all);
  for (const ds of Object.values(all)) assertUnique(ds);
  const list = shapes(all);

  for (const sub of ['canonical', 'shapes'])
    rmSync(join(OUT, sub), { recursive: true, force: true });
  for (const [name, ds] of Object.entries(all)) {
    const dir = join(OUT, 'canonical', name);
    mkdirSync(dir, { recursive: true });
    for (const [f, text] of Object.entries(canonicalFiles(ds))) writeFileSync(join(dir, f), text);
  }
  for (const s of list) {
    const dir = join(OUT, 'shapes', s.name);
    mkdirSync(dir, { recursive: true });
    for (const [f, data] of Object.entries(s.files)) writeFileSync(join(dir, f), data);
    if (s.expect === 'refused' && !(s.file! in s.files)) throw new Error(`${s.name}: no ${s.file}`);
  }

  // Goldens for the data sets a stored shape compares features with.
  const wanted = [
    ...new Set(list.filter((s) => s.expect === 'stored' && s.golden).map((s) => s.dataset)),
  ];
  for (const name of wanted) {
    if (all[name].telemetry.some((r) => r.v.includes(null))) {
      throw new Error(`${name} has missing readings: its shapes need golden: false`);
    }
  }
  const missing = pandasMissing();
  if (missing) {
    console.warn(
      `goldens NOT written (the old ones are kept and may be stale): ${missing}. ` +
        'Canonical rows, shapes and the manifest are written.',
    );
  } else {
    rmSync(join(OUT, 'goldens'), { recursive: true, force: true });
    mkdirSync(join(OUT, 'goldens'), { recursive: true });
    const cadences = datasetCadences(list);
    for (const name of wanted) {
      const dir = join(OUT, 'canonical', name);
      runReference(name, dir, join(OUT, 'goldens', `${name}.csv`), cadences.get(name));
    }
  }

  const manifest = list.map((s) => ({
    name: s.name,
    dataset: s.dataset,
    about: s.about,
    timeZone: s.timeZone,
    options: s.options,
    expect: s.expect,
    ...(s.file === undefined ? {} : { file: s.file }),
    messageIncludes: s.messageIncludes,
    notImported: s.notImported,
    duplicates: s.duplicates,
    repeatedHour: s.repeatedHour,
    golden: s.golden,
    ...(s.cadence === undefined ? {} : { cadence: s.cadence }),
  }));
  const config = (await prettier.resolveConfig(join(OUT, 'manifest.json'))) ?? {};
  const json = await prettier.format(JSON.stringify(manifest, null, 2), {
    ...config,
    parser: 'json',
  });
  writeFileSync(join(OUT, 'manifest.json'), json);
  writeFileSync(join(OUT, 'README.md'), readme(list));
  console.log(
    `${list.length} shapes, ${Object.keys(all).length} data sets written to ${OUT} ` +
      `(${(dirSize(OUT) / 1024).toFixed(0)} KiB)`,
  );
}

await main();
