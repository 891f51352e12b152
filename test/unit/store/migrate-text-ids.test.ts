/**
 * A plant file written by the release before text machine ids (schema 3: a simulated
 * 4-machine plant with a model, a scoring run and a schedule, made with `pdm simulate`,
 * `import`, `train`, `score` and `schedule add`) opens in this version: every row is
 * still there, each machine has its text id, and text ids can be added beside them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { buildFeatures, writeFeaturesCsv } from '../../../workers/features';
import { riskRanking } from '../../../workers/score/risk-ranking';
import { importCsv } from '../../../workers/ingest/import-csv';
import { plantTimeZone, SCHEMA_VERSION, Store } from '../../../workers/store';

const FILE = join(REPO_ROOT, 'test', 'fixtures', 'store', 'plant-schema3.sqlite');

const textSource = (name: string, text: string) => ({
  name,
  chunks: () =>
    (async function* () {
      yield new TextEncoder().encode(text);
    })(),
});

describe('migration to text machine ids', () => {
  it('opens a schema-3 plant file and finds every row', async () => {
    const bytes = new Uint8Array(readFileSync(FILE));
    const store = await Store.open(bytes, 'plant-schema3.sqlite');
    try {
      expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      const count = (t: string) => Number(store.scalar(`SELECT count(*) FROM ${t}`));
      expect({
        telemetry: count('telemetry'),
        errors: count('errors'),
        maint: count('maint'),
        failures: count('failures'),
        machines: count('machines'),
        models: count('models'),
        runs: count('runs'),
        results: count('results'),
        schedules: count('schedules'),
        import_log: count('import_log'),
      }).toEqual({
        telemetry: 3840,
        errors: 14,
        maint: 29,
        failures: 4,
        machines: 4,
        models: 1,
        runs: 1,
        results: 16,
        schedules: 1,
        import_log: 5,
      });
      expect([...store.machineNames()].sort((a, b) => a[0] - b[0])).toEqual([
        [1, '1'],
        [2, '2'],
        [3, '3'],
        [4, '4'],
      ]);
      expect(plantTimeZone(store)).toMatch(/\w/);
      const fs = buildFeatures(store);
      expect(fs.rows).toBeGreaterThan(0);
      let csv = '';
      writeFeaturesCsv(fs, (c) => (csv += c));
      expect(csv.split('\n')[1]).toMatch(/^1,2015-01-01 12:00:00,/);
      const { rows } = riskRanking(store);
      expect(rows).toHaveLength(16);
      expect(new Set(rows.map((r) => r.machine))).toEqual(new Set(['1', '2', '3', '4']));
    } finally {
      store.close();
    }
  });

  it('adds text ids beside the migrated whole-number ids', async () => {
    const store = await Store.open(new Uint8Array(readFileSync(FILE)));
    try {
      const csv =
        'datetime,machineID,errorID\n' +
        '2015-01-05 06:00:00,P-101A,error1\n' +
        '2015-01-05 07:00:00,5,error2\n' +
        '2015-01-05 08:00:00, 3 ,error3\n';
      const r = await importCsv(store, textSource('errors-more.csv', csv));
      expect(r).toMatchObject({ added: 3, rejected: 0 });
      const names = store.machineNames();
      expect(names.get(5)).toBe('5');
      expect(store.machineKey('P-101A')).toBeGreaterThanOrEqual(1_000_000_000);
      expect(store.machineKey('3')).toBe(3);
      expect(names.size).toBe(6);
    } finally {
      store.close();
    }
  });
});
