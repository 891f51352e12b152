/**
 * Makes test/fixtures/robustness: small plants in the shapes real exports come in
 * (other delimiters, date formats, encodings, headers, file names, sensor/event/model
 * names, row order, overlaps, gaps), each with the features the independent reference
 * (ref_features.py in the project's shared folder, see docs/ARCHITECTURE.md, Tests)
 * computes on the same data in the standard form.
 *
 *   node --import tsx scripts/make-robustness-goldens.ts
 *
 * Steps: simulate a small plant (workers/simulate, seeded), derive the data sets from
 * it (`base`, `pumps`: other names/ids/sensor count/irregular times, `sparse`: gaps,
 * missing events, a component never maintained, a machine without telemetry, `codes`:
 * numeric error codes, components and models; scripts/robustness/plants.ts), write
 * each in the standard form (comma, `YYYY-MM-DD HH:MM:SS`) to a temporary folder, run
 * the reference there for the golden, then write the same rows in each variant shape.
 * Everything is seeded: running it again gives the same bytes (given the same
 * simulator and reference). manifest.json lists variants, their data set, import
 * options and the row counts the store must hold afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assertUniqueKeys,
  basePlant,
  codesPlant,
  pumpsPlant,
  sparsePlant,
} from './robustness/plants';
import { csvText, KINDS, type Kind, type Plant } from './robustness/shapes';
import { badFiles, variants } from './robustness/variants';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.PDM_SHARED_DIR ?? resolve(ROOT, '..', 'shared');
const REF = join(SHARED, 'tools', 'ref_features.py');
const OUT = join(ROOT, 'test', 'fixtures', 'robustness');
function runReference(name: string, p: Plant): string {
  const dir = mkdtempSync(join(tmpdir(), `robust-${name}-`));
  try {
    for (const k of KINDS) writeFileSync(join(dir, `${k}.csv`), csvText(p[k]));
    const out = join(dir, 'features.csv');
    const r = spawnSync('/usr/bin/python3', [REF, dir, out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`reference failed on ${name}: ${r.stderr}`);
    process.stdout.write(`  ${name}: ${r.stdout}`);
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const base = await basePlant();
  const pumps = pumpsPlant(base);
  const sparse = sparsePlant(base);
  const codes = codesPlant(base);
  const sets: Record<string, Plant> = { base, pumps, sparse, codes };
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, 'goldens'), { recursive: true });
  const counts: Record<string, Record<Kind, number>> = {};
  for (const [name, p] of Object.entries(sets)) {
    assertUniqueKeys(name, p);
    writeFileSync(join(OUT, 'goldens', `${name}.csv`), runReference(name, p));
    counts[name] = Object.fromEntries(KINDS.map((k) => [k, p[k].rows.length])) as Record<
      Kind,
      number
    >;
  }
  const manifest = [];
  for (const v of variants(base, pumps, sparse, codes)) {
    const dir = join(OUT, 'variants', v.name);
    mkdirSync(dir, { recursive: true });
    for (const [f, text] of Object.entries(v.files)) {
      writeFileSync(join(dir, f), v.binary?.includes(f) ? Buffer.from(text, 'latin1') : text);
    }
    manifest.push({
      name: v.name,
      dataset: v.dataset,
      about: v.about,
      options: v.options ?? {},
      rows: counts[v.dataset],
      duplicates: v.duplicates ?? 0,
    });
  }
  mkdirSync(join(OUT, 'bad'), { recursive: true });
  for (const [f, text] of Object.entries(badFiles(base))) writeFileSync(join(OUT, 'bad', f), text);
  writeFileSync(join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`${manifest.length} variants written to ${OUT}`);
}

await main();
