/**
 * `pdm export` and `pdm import-results` end to end, in a child process each: the
 * bundle folder on disk, then a risk table in the bundle's shape stored as a run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { REPO_ROOT } from '../../helpers/shared';
import { tinyForestBytes } from '../../helpers/tiny-forest';
import { BASE, randomPlant, storeWith } from '../features/fixtures';
import { featureSchema } from '../../../workers/features';
import { saveModel } from '../../../workers/model/model-store';
import { Store } from '../../../workers/store/store';

const pdm = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], { encoding: 'utf8' });

describe('pdm export and pdm import-results', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pdm-export-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports the bundle folder, then stores risks scored elsewhere as a run', async () => {
    const db = join(dir, 'Werk 3.sqlite');
    const store = await storeWith(randomPlant(31, 3, 10));
    const schema = featureSchema(store);
    saveModel(store, {
      learner: 'forest',
      hyperparameters: {},
      featureNames: schema.featureNames,
      labelNames: schema.labelNames,
      trainFrom: null,
      trainTo: null,
      metrics: null,
      note: '',
      bytes: tinyForestBytes(schema.featureNames, schema.labelNames),
    });
    writeFileSync(db, store.export());
    store.close();

    const out = join(dir, 'bundle');
    const e = pdm('export', '--db', db, '--out', out, '--to', '2015-01-09');
    expect(e.stderr).not.toMatch(/Error/);
    expect(e.status).toBe(0);
    expect(e.stdout).toMatch(/site 'Werk 3', observations from the first to 2015-01-09 00:00:00/);
    expect(readdirSync(out).sort()).toEqual(
      ['README.md', 'features.sql', 'job', 'manifest.json', 'model.onnx', 'tables'].sort(),
    );
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ site: 'Werk 3', range: { to: '2015-01-09 00:00:00' } });
    // The job feeds the model the stored model's features, mapped to the query's columns.
    expect(manifest.model.features).toEqual(schema.featureNames);
    expect(manifest.model.columns).toHaveLength(schema.featureNames.length);
    expect(manifest.model).toMatchObject({
      file: 'model.onnx',
      label: 'model #1',
      operator: 'TreeEnsembleClassifier',
      classes: schema.labelNames,
    });
    // The active model itself, as ONNX: it reads back as a forest model.
    const back = pdm('model', 'import', '--db', db, '--file', join(out, 'model.onnx'));
    expect(back.stderr).toBe('');
    expect(back.status).toBe(0);
    const none = pdm('export', '--db', db, '--out', join(dir, 'b2'), '--no-model');
    expect(none.status).toBe(0);
    expect(none.stdout).toMatch(/no model\.onnx \(--no-model\)/);
    expect(readdirSync(join(dir, 'b2'))).not.toContain('model.onnx');

    const risks = join(dir, 'risks.parquet');
    const ms = BigInt((BASE + 8 * 86400) * 1000);
    writeFileSync(
      risks,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'machine_id', data: ['2', '3'], type: 'STRING' },
            { name: 'component', data: ['comp1', 'comp2'], type: 'STRING' },
            { name: 'probability', data: [0.7, 0.4], type: 'DOUBLE' },
            { name: 'data_as_of', data: [ms, ms], type: 'INT64' },
            { name: 'run_label', data: ['2015-01-09', '2015-01-09'], type: 'STRING' },
          ],
        }),
      ),
    );
    const r = pdm('import-results', '--db', db, risks, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      runLabel: '2015-01-09',
      results: 2,
      machines: 2,
      reused: false,
      dataAsOf: '2015-01-09 00:00:00',
    });
    const after = await Store.open(readFileSync(db));
    expect(
      after.all('SELECT machine_id, component, probability FROM results ORDER BY machine_id'),
    ).toEqual([
      { machine_id: 2, component: 'comp1', probability: 0.7 },
      { machine_id: 3, component: 'comp2', probability: 0.4 },
    ]);
  });
});
