/**
 * Features at other cadences than the reference's 12 h grid, against the independent
 * reference: the simulated plants of test/fixtures/cadence (daily readings with units
 * that stop reporting at a failure; per-minute readings), made by
 * scripts/make-cadence-fixtures.ts with goldens from ref_features.py at each plant's
 * cadence (README.md there has the command lines). Each plant is imported into a fresh
 * store, its cadence set as the plant setting, and every column compared with the
 * golden (same header, rows, datetime and label text, numbers within 1e-6).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import {
  buildFeatures,
  writeFeaturesCsv,
  type BuildFeaturesOptions,
} from '../../../workers/features';
import { importPaths, type PathsResult } from '../../../workers/ingest/import-node';
import { windowSuffix, type Cadence } from '../../../workers/shared/cadence';
import { PLANT_FILE_KINDS, PLANT_FILE_NAMES } from '../../../workers/simulate';
import {
  plantCadence,
  setPlantCadence,
  setPlantTimeZone,
} from '../../../workers/store/plant-settings';
import { Store } from '../../../workers/store/store';
import { diffFeatures } from '../robustness/helpers';

const CADENCE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'cadence');

interface CadencePlant {
  name: string;
  about: string;
  cadence: Cadence;
  /** The ref_features.py options the golden was made with. */
  refArgs: string[];
}

const MANIFEST = JSON.parse(
  readFileSync(join(CADENCE_DIR, 'manifest.json'), 'utf8'),
) as CadencePlant[];

const golden = (name: string) =>
  readFileSync(join(CADENCE_DIR, name, 'features-golden.csv'), 'utf8');

/** A fresh in-memory store (plant time UTC) holding the plant's five exports (not the golden beside them). */
async function importPlant(name: string): Promise<{ store: Store; result: PathsResult }> {
  const store = await Store.open(null);
  setPlantTimeZone(store, 'UTC');
  const files = PLANT_FILE_KINDS.map((k) => join(CADENCE_DIR, name, PLANT_FILE_NAMES[k]));
  return { store, result: await importPaths(store, files) };
}

/** The features CSV of the whole plant at `cadence`, as `pdm features` writes it. */
function featuresCsv(store: Store, cadence: Cadence): string {
  // The cadence option of the generalized engine (FEATURES.md, Cadence).
  const opts: BuildFeaturesOptions & { cadence: Cadence } = { cadence };
  const chunks: string[] = [];
  writeFeaturesCsv(buildFeatures(store, opts), (c) => chunks.push(c), { chunkRows: 500 });
  return chunks.join('');
}

/** ref_features' reading of an option: hours (or days) to whole seconds, as it rounds. */
function refSeconds(args: string[], name: string, unit: number): number[] {
  const v = args[args.indexOf(name) + 1];
  return v.split(',').map((x) => Math.round(Number(x) * unit));
}

describe('cadence fixtures', () => {
  it('has the daily and per-minute plants', () => {
    expect(MANIFEST.map((p) => p.name)).toEqual(['daily', 'minute']);
  });

  for (const p of MANIFEST) {
    it(`${p.name}: the golden was made at the plant's cadence, with several label classes`, () => {
      const c = p.cadence;
      expect(refSeconds(p.refArgs, '--step-hours', 3600)).toEqual([c.stepSeconds]);
      expect(refSeconds(p.refArgs, '--windows-hours', 3600)).toEqual(c.windowSeconds);
      expect(refSeconds(p.refArgs, '--event-window-hours', 3600)).toEqual([c.eventWindowSeconds]);
      expect(refSeconds(p.refArgs, '--horizon-days', 86400)).toEqual([c.horizonSeconds]);
      const lines = golden(p.name).trimEnd().split('\n');
      const header = lines[0].split(',');
      for (const w of c.windowSeconds) expect(header).toContain(`volt_mean_${windowSuffix(w)}`);
      expect(header).toContain(`error1_count_${windowSuffix(c.eventWindowSeconds)}`);
      const labels = new Set(lines.slice(1).map((l) => l.slice(l.lastIndexOf(',') + 1)));
      expect(labels.has('none')).toBe(true);
      expect(labels.size).toBeGreaterThanOrEqual(4);
    });
  }
});

describe('features at the plant cadence match the reference', () => {
  for (const p of MANIFEST) {
    describe(`${p.name}: ${p.about}`, () => {
      let store: Store | null = null;
      let result: PathsResult = { reports: [], failed: [], skipped: [] };
      beforeAll(async () => {
        ({ store, result } = await importPlant(p.name));
        setPlantCadence(store, p.cadence);
      });
      afterAll(() => store?.close());

      it('imports the five files, rejecting no row', () => {
        expect(result.failed.map((f) => `${f.file}: ${f.error.message}`)).toEqual([]);
        expect(result.reports.length).toBe(5);
        expect(result.reports.flatMap((r) => r.rejectedRows).slice(0, 3)).toEqual([]);
        expect(plantCadence(store!)).toEqual(p.cadence);
      });

      it('gives every column of features-golden.csv', () => {
        expect(diffFeatures(featuresCsv(store!, p.cadence), golden(p.name))).toEqual([]);
      });
    });
  }
});
