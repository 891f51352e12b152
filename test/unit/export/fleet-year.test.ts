/**
 * features.sql of the export bundle on a 100-machine simulated year, on SQLite (sql.js)
 * and DuckDB, against our feature builder. In the slow project: loading a year of
 * readings into sql.js and running the query there takes minutes on a busy machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featuresCsv } from '../robustness/helpers';
import { importPaths } from '../../../workers/ingest/import-node';
import { writePlantCsv } from '../../../workers/simulate/simulate-node';
import { Store } from '../../../workers/store/store';
import { checkBothEngines } from './helpers';

describe('features.sql at fleet scale', () => {
  it('a 100-machine simulated year', { timeout: 1_200_000 }, async () => {
    // Through CSV files on disk as `npm run demo` does (the importer reads the whole
    // year's dates from a file to settle their day/month order).
    const dir = mkdtempSync(join(tmpdir(), 'pdm-sim-'));
    const store = await Store.open(null);
    try {
      await writePlantCsv(dir, { machines: 100, days: 365, seed: 11 });
      const { failed } = await importPaths(store, [dir]);
      expect(failed).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await checkBothEngines(store, featuresCsv(store), 70_000);
  });
});
