/**
 * The export bundle as files: what each table holds (text ids, epoch ms, site), the
 * manifest, a date range (features.sql gives exactly the builder's rows of the range,
 * windows looking back before it), names that are not plain SQL identifiers, the
 * folder sink (whole or nothing), and risks coming back with import-results.
 */
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { randomPlant, storeWith, BASE } from '../features/fixtures';
import { MANIFEST as EXPORT_SHAPES, importShape } from '../exports/helpers';
import { tinyForestBytes } from '../../helpers/tiny-forest';
import { buildFeatures, featureSchema, writeFeaturesCsv } from '../../../workers/features';
import { exportBundle } from '../../../workers/export/export-bundle';
import { FolderSink } from '../../../workers/export/bundle-sink-node';
import { ZipSink } from '../../../workers/export/zip-sink';
import { EngineApi } from '../../../workers/app/engine-api';
import { importResults } from '../../../workers/export/import-results';
import { saveModel } from '../../../workers/model/model-store';
import { riskRanking } from '../../../workers/score/risk-ranking';
import { Store } from '../../../workers/store/store';
import { diffCsv, memoryBundle, readParquet, rowsToCsv, runOnDuckDb, runOnSqlite } from './helpers';

const H = 3600;
const tmp = mkdtempSync(join(tmpdir(), 'pdm-bundle-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bundle contents', () => {
  it('writes the tables, features.sql, manifest, job and README', async () => {
    const store = await storeWith(randomPlant(5, 3, 10));
    const { files, manifest, sql } = await memoryBundle(store, { site: 'Werk Süd' });
    expect([...files.keys()].sort()).toEqual([
      'README.md',
      'features.sql',
      'job/features.py',
      'job/job.json',
      'job/score.py',
      'manifest.json',
      'tables/errors.parquet',
      'tables/failures.parquet',
      'tables/machines.parquet',
      'tables/maintenance.parquet',
      'tables/telemetry.parquet',
    ]);
    const schema = featureSchema(store);
    expect(manifest.features.map((f) => f.name)).toEqual(schema.featureNames);
    expect(manifest.classes).toEqual(schema.labelNames);
    expect(manifest).toMatchObject({ site: 'Werk Süd', cadence: { step: '12h', horizon: '7d' } });
    const tel = await readParquet(files.get('tables/telemetry.parquet')!);
    expect(tel.length).toBe(Number(store.scalar('SELECT count(*) FROM telemetry')));
    expect(tel[0]).toMatchObject({ machine_id: '1', site: 'Werk Süd' });
    expect(typeof tel[0].epoch_ms).toBe('bigint');
    const first = store.all<{ t: number }>(
      'SELECT t FROM telemetry ORDER BY machine_id, t LIMIT 1',
    )[0];
    expect(Number(tel[0].epoch_ms)).toBe(first.t * 1000);
    // Missing readings stay missing (null), not 0 or NaN.
    const nulls = Number(store.scalar('SELECT count(*) FROM telemetry WHERE s1 IS NULL'));
    expect(tel.filter((r) => r.volt === null).length).toBe(nulls);
    // The machine not on the machine list is in the machines table, without model and age.
    const machines = await readParquet(files.get('tables/machines.parquet')!);
    expect(machines.map((m) => m.machine_order)).toEqual(machines.map((_, i) => i + 1));
    expect(machines.some((m) => m.model === null && m.age === null)).toBe(true);
    // The job runs features then scoring, on the plant's time zone.
    const job = JSON.parse(new TextDecoder().decode(files.get('job/job.json'))) as {
      tasks: { task_key: string; depends_on?: unknown[] }[];
      schedule: { timezone_id: string };
    };
    expect(job.tasks.map((t) => t.task_key)).toEqual(['features', 'score']);
    expect(job.tasks[1].depends_on).toEqual([{ task_key: 'features' }]);
    expect(sql).not.toMatch(/[`"]|GREATEST|INTERVAL/i);
  });

  it('keeps text machine ids and their order', async () => {
    const shape = EXPORT_SHAPES.find((e) => e.dataset === 'assets' && e.expect === 'stored')!;
    const { store } = await importShape(shape);
    const { files } = await memoryBundle(store);
    const machines = await readParquet(files.get('tables/machines.parquet')!);
    const names = store.machineNames();
    const order = store.sortMachineKeys(names.keys(), names).map((k) => names.get(k));
    expect(machines.map((m) => m.machine_id)).toEqual(order);
    expect(order.some((id) => !/^\d+$/.test(id!))).toBe(true);
  });

  it('--from/--to: the range rows of our builder, windows looking back before it', async () => {
    const store = await storeWith(randomPlant(6, 4, 20));
    const from = BASE + 5 * 86400 + 12 * H;
    const to = BASE + 11 * 86400;
    const b = await memoryBundle(store, { from, to });
    const ours: string[] = [];
    writeFeaturesCsv(buildFeatures(store, { from, to }), (c) => ours.push(c));
    expect(ours.join('').split('\n').length).toBeGreaterThan(20);
    for (const run of [runOnSqlite, runOnDuckDb]) {
      expect(diffCsv(rowsToCsv(await run(b.files, b.sql), b.manifest), ours.join(''))).toEqual([]);
    }
    // The tables hold less than the whole plant: only what the range needs.
    expect(b.manifest.tables.telemetry.rows).toBeLessThan(
      Number(store.scalar('SELECT count(*) FROM telemetry')),
    );
  });

  it('maps names that are not plain SQL identifiers to columns the manifest names', async () => {
    const p = randomPlant(7, 3, 8);
    p.sensors = ['Motor Temp (°C)', 'select', 'volt'];
    const store = await storeWith(p);
    const b = await memoryBundle(store);
    const sensors = b.manifest.sensors as { name: string; column: string }[];
    expect(sensors).toEqual([
      { name: 'Motor Temp (°C)', column: 'sensor_1' },
      { name: 'select', column: 'sensor_2' },
      { name: 'volt', column: 'volt' },
    ]);
    const ours: string[] = [];
    writeFeaturesCsv(buildFeatures(store), (c) => ours.push(c));
    const csv = rowsToCsv(await runOnDuckDb(b.files, b.sql), b.manifest);
    expect(diffCsv(csv, ours.join(''))).toEqual([]);
  });

  it('refuses a name Spark and SQLite would read differently, writing nothing', async () => {
    const p = randomPlant(8, 2, 5);
    p.errors.push([1, BASE + 3600, "door's open"]);
    const store = await storeWith(p);
    const dir = join(tmp, 'quoted');
    await expect(exportBundle(store, new FolderSink(dir), { site: 'x' })).rejects.toThrow(
      /error type 'door's open' holds a quote/,
    );
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.includes('quoted'))).toEqual([]);
  });
});

describe('folder sink', () => {
  it('writes the folder whole, replaces an earlier bundle, refuses other folders', async () => {
    const store = await storeWith(randomPlant(9, 2, 5));
    const dir = join(tmp, 'bundle');
    await exportBundle(store, new FolderSink(dir), { site: 'a' });
    expect(readdirSync(dir).sort()).toEqual(
      ['README.md', 'features.sql', 'job', 'manifest.json', 'tables'].sort(),
    );
    await exportBundle(store, new FolderSink(dir), { site: 'b' });
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).site).toBe('b');
    expect(readdirSync(tmp).filter((f) => f.startsWith('.bundle'))).toEqual([]);

    const other = join(tmp, 'photos');
    mkdirSync(other);
    writeFileSync(join(other, 'a.jpg'), 'x');
    expect(() => new FolderSink(other)).toThrow(/holds other files/);
  });

  it('leaves nothing behind when the export fails midway', async () => {
    const store = await storeWith(randomPlant(10, 2, 5));
    const dir = join(tmp, 'broken');
    const extraFiles = [{ path: '../escape.txt', bytes: new Uint8Array(1) }];
    await expect(
      exportBundle(store, new FolderSink(dir), { site: 'a', extraFiles }),
    ).rejects.toThrow(/must be relative/);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(tmp, 'escape.txt'))).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.includes('broken'))).toEqual([]);
  });
});

describe('import-results', () => {
  async function plantWithModel(): Promise<{ store: Store; modelId: number }> {
    const store = await storeWith(randomPlant(11, 3, 10));
    const schema = featureSchema(store);
    const modelId = saveModel(store, {
      learner: 'forest',
      hyperparameters: {},
      featureNames: schema.featureNames,
      labelNames: schema.labelNames,
      trainFrom: null,
      trainTo: null,
      metrics: null,
      note: 'scored elsewhere',
      bytes: tinyForestBytes(schema.featureNames.slice(0, 2), schema.labelNames),
    });
    return { store, modelId };
  }

  const risks = (rows: [string, string, number, bigint | string, string][]) =>
    new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'machine_id', data: rows.map((r) => r[0]), type: 'STRING' },
          { name: 'component', data: rows.map((r) => r[1]), type: 'STRING' },
          { name: 'probability', data: rows.map((r) => r[2]), type: 'DOUBLE' },
          typeof rows[0][3] === 'bigint'
            ? { name: 'data_as_of', data: rows.map((r) => r[3] as bigint), type: 'INT64' }
            : { name: 'data_as_of', data: rows.map((r) => r[3] as string), type: 'STRING' },
          { name: 'run_label', data: rows.map((r) => r[4]), type: 'STRING' },
        ],
      }),
    );

  it('stores the risks as a run the ranking shows; the same file again returns it', async () => {
    const { store, modelId } = await plantWithModel();
    const asOf = BASE + 9 * 86400;
    const bytes = risks([
      ['1', 'comp1', 0.8, BigInt(asOf * 1000), '2015-01-10'],
      ['1', 'comp2', 0.1, BigInt(asOf * 1000), '2015-01-10'],
      ['2', 'comp1', 0.3, BigInt(asOf * 1000), '2015-01-10'],
    ]);
    const s = await importResults(store, [{ name: 'risks.parquet', bytes }]);
    expect(s).toMatchObject({
      modelId,
      runLabel: '2015-01-10',
      results: 3,
      machines: 2,
      reused: false,
    });
    expect(s.dataAsOf).toBe(asOf);
    const ranking = riskRanking(store, { runId: s.runId });
    expect(ranking.rows.map((r) => [r.machine, r.component, r.probability])).toEqual([
      ['1', 'comp1', 0.8],
      ['2', 'comp1', 0.3],
      ['1', 'comp2', 0.1],
    ]);
    const again = await importResults(store, [{ name: 'risks.parquet', bytes }]);
    expect(again).toMatchObject({ runId: s.runId, reused: true });
  });

  it('reads data_as_of written as text', async () => {
    const { store } = await plantWithModel();
    const bytes = risks([['2', 'comp3', 0.5, '2015-01-10 00:00:00', 'nightly']]);
    const s = await importResults(store, [{ name: 'r.parquet', bytes }]);
    expect(s.dataAsOf).toBe(BASE + 9 * 86400);
  });

  it('refuses unknown machines, components and bad probabilities, storing nothing', async () => {
    const { store } = await plantWithModel();
    const t = BigInt((BASE + 86400) * 1000);
    const cases: [[string, string, number, bigint, string][], RegExp][] = [
      [
        [
          ['1', 'comp1', 0.5, t, 'x'],
          ['Z-9', 'comp1', 0.5, t, 'x'],
        ],
        /no machine 'Z-9'/,
      ],
      [[['1', 'gearbox', 0.5, t, 'x']], /component 'gearbox' is not one the model/],
      [[['1', 'comp1', 1.5, t, 'x']], /row 1: probability 1.5/],
      [
        [
          ['1', 'comp1', 0.5, t, 'a'],
          ['2', 'comp1', 0.5, t, 'b'],
        ],
        /2 runs/,
      ],
    ];
    for (const [rows, message] of cases) {
      await expect(
        importResults(store, [{ name: 'r.parquet', bytes: risks(rows) }]),
      ).rejects.toThrow(message);
    }
    expect(Number(store.scalar('SELECT count(*) FROM runs'))).toBe(0);
    await expect(
      importResults(store, [{ name: 'notes.parquet', bytes: new TextEncoder().encode('hello') }]),
    ).rejects.toThrow(/notes.parquet is not a readable Parquet file/);
  });

  it('needs a model to file the run under', async () => {
    const store = await storeWith(randomPlant(12, 2, 5));
    const bytes = risks([['1', 'comp1', 0.5, 1000n, 'x']]);
    await expect(importResults(store, [{ name: 'r.parquet', bytes }])).rejects.toThrow(
      /no model to file the risks under/,
    );
  });
});

describe('zip sink (browser download)', () => {
  it.skipIf(!existsSync('/usr/bin/unzip'))('makes an archive unzip reads back intact', async () => {
    const store = await storeWith(randomPlant(13, 2, 5));
    const sink = new ZipSink(new Date(2026, 0, 2, 3, 4, 6));
    await exportBundle(store, sink, { site: 'Zip plant' });
    const file = join(tmp, 'bundle.zip');
    writeFileSync(file, sink.bytes());
    const test = spawnSync('/usr/bin/unzip', ['-t', file], { encoding: 'utf8' });
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/No errors detected/);
    const sql = spawnSync('/usr/bin/unzip', ['-p', file, 'features.sql'], { encoding: 'utf8' });
    const mem = await memoryBundle(store, { site: 'Zip plant' });
    expect(sql.stdout.replace(/made .*\n/, '')).toBe(mem.sql.replace(/made .*\n/, ''));
  });
});

describe("EngineApi.exportBundleZip (the app's Export bundle… button)", () => {
  it.skipIf(!existsSync('/usr/bin/unzip'))(
    'gives the plant bundle as a .zip named after the plant',
    async () => {
      const api = new EngineApi();
      await api.initWith({
        load: () => Promise.resolve(null),
        save: () => Promise.resolve(),
        clear: () => Promise.resolve(),
      });
      const store = await storeWith(randomPlant(14, 2, 5));
      await api.openBytes(store.export(), 'Werk Nord.sqlite');
      const phases: string[] = [];
      const got = await api.exportBundleZip((p) => phases.push(p.phase));
      expect(phases).toContain('export');
      // A plant without a model: the bundle goes without model.onnx and says why.
      expect(got).toMatchObject({ modelId: null, noModel: { code: 'no-active-model' } });
      const file = join(tmp, 'app.zip');
      writeFileSync(file, got.zip);
      const list = spawnSync('/usr/bin/unzip', ['-Z1', file], { encoding: 'utf8' });
      expect(list.stdout.split('\n')).toEqual(
        expect.arrayContaining(['tables/telemetry.parquet', 'features.sql', 'manifest.json']),
      );
      const manifest = spawnSync('/usr/bin/unzip', ['-p', file, 'manifest.json'], {
        encoding: 'utf8',
      });
      expect(JSON.parse(manifest.stdout).site).toBe('Werk Nord');
    },
  );
});
