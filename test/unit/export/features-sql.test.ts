/**
 * features.sql of the export bundle, run on SQLite (sql.js) and on DuckDB over the
 * bundle's Parquet tables, against the independent reference's goldens (the public
 * sample, the 'Any cadence' plants, the real-export shapes with text ids) and against
 * our own feature builder (random plants with gaps and missing values, windows that
 * are not multiples of the step; the 100-machine simulated year is fleet-year.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_FEATURES, HAS_SAMPLE, REPO_ROOT, SAMPLE_DIR } from '../../helpers/shared';
import { randomPlant, storeWith } from '../features/fixtures';
import { featuresCsv } from '../robustness/helpers';
import { MANIFEST as EXPORT_SHAPES, goldenPath, importShape } from '../exports/helpers';
import { importPaths } from '../../../workers/ingest/import-node';
import { PLANT_FILE_KINDS, PLANT_FILE_NAMES } from '../../../workers/simulate';
import { setPlantCadence, setPlantTimeZone } from '../../../workers/store/plant-settings';
import { Store } from '../../../workers/store/store';
import type { Cadence } from '../../../workers/shared/cadence';
import { checkBothEngines } from './helpers';

describe('features.sql against our feature builder', () => {
  for (const seed of [1, 2, 3]) {
    it(`random plant ${seed} (gaps, missing values, simultaneous failures)`, async () => {
      const store = await storeWith(randomPlant(seed, 5, 20));
      await checkBothEngines(store, featuresCsv(store), 50);
    });
  }

  it('windows that are not multiples of the step (18 h and 30 h on a 12 h grid)', async () => {
    const store = await storeWith(randomPlant(4, 4, 20));
    setPlantCadence(store, {
      stepSeconds: 12 * 3600,
      windowSeconds: [18 * 3600, 30 * 3600, 12 * 3600],
      eventWindowSeconds: 10 * 3600,
      horizonSeconds: 3 * 86400,
    });
    await checkBothEngines(store, featuresCsv(store), 50);
  });
});

describe('features.sql against the reference goldens', () => {
  const CADENCE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'cadence');
  const plants = JSON.parse(readFileSync(join(CADENCE_DIR, 'manifest.json'), 'utf8')) as {
    name: string;
    cadence: Cadence;
  }[];
  for (const p of plants) {
    it(`Any cadence: ${p.name}`, { timeout: 120_000 }, async () => {
      const store = await Store.open(null);
      setPlantTimeZone(store, 'UTC');
      setPlantCadence(store, p.cadence);
      await importPaths(
        store,
        PLANT_FILE_KINDS.map((k) => join(CADENCE_DIR, p.name, PLANT_FILE_NAMES[k])),
      );
      const golden = readFileSync(join(CADENCE_DIR, p.name, 'features-golden.csv'), 'utf8');
      await checkBothEngines(store, golden);
    });
  }

  // One stored shape per data set with a golden: text ids, tags, serials, offsets.
  const seen = new Set<string>();
  const shapes = EXPORT_SHAPES.filter((e) => {
    if (e.expect !== 'stored' || !e.golden || seen.has(e.dataset)) return false;
    seen.add(e.dataset);
    return true;
  });
  it('covers the export shapes with text machine ids', () => {
    expect(shapes.map((e) => e.dataset)).toEqual(
      expect.arrayContaining(['tags', 'serials', 'assets']),
    );
  });
  for (const e of shapes) {
    it(`export shape ${e.name} (${e.dataset})`, { timeout: 120_000 }, async () => {
      const { store } = await importShape(e);
      await checkBothEngines(store, readFileSync(goldenPath(e.dataset), 'utf8'));
    });
  }

  it.skipIf(!HAS_SAMPLE || !existsSync(GOLDEN_FEATURES))(
    'the public sample (../shared golden)',
    { timeout: 600_000 },
    async () => {
      const store = await Store.open(null);
      setPlantTimeZone(store, 'UTC');
      await importPaths(store, [SAMPLE_DIR]);
      await checkBothEngines(store, readFileSync(GOLDEN_FEATURES, 'utf8'), 1000);
    },
  );
});
