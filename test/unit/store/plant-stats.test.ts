import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, Store } from '../../../workers/store';
import { formatPlantStats, plantStats } from '../../../workers/store/plant-stats';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A small plant: 3 machines of 2 models, 2 sensors, a few events and 2 imports. */
async function smallPlant(): Promise<Store> {
  const s = await Store.open(null);
  s.ensureSensor('volt');
  s.ensureSensor('rotate');
  s.db.exec(`
    INSERT INTO machines VALUES (1, 'model3', 18), (2, 'model4', 7), (3, 'model3', 8);
    INSERT INTO telemetry(machine_id, t, s1, s2) VALUES
      (1, 1420092000, 176.2, 418.5), (1, 1420095600, 162.9, 402.7), (2, 1451602800, 170, 450);
    INSERT INTO errors VALUES (1, 1420268400, 'error1'), (3, 1420272000, 'error3');
    INSERT INTO maint VALUES (2, 1404367200, 'comp2');
    INSERT INTO import_log(file_name, content_hash, kind, rows_read, rows_added, rows_duplicate,
      rows_rejected, started, duration_ms, report_json) VALUES
      ('telemetry.csv', 'h1', 'telemetry', 3, 3, 0, 0, '2024-05-01T10:00:00.000Z', 12, '{}'),
      ('errors.csv', 'h2', 'errors', 2, 2, 0, 0, '2024-05-02T09:30:00.000Z', 5, '{}');
  `);
  return s;
}

describe('plantStats', () => {
  it('reports tables, machines, sensors, time ranges and imports', async () => {
    const s = await smallPlant();
    const st = plantStats(s);
    expect(st.schemaVersion).toBe(SCHEMA_VERSION);
    const rows = Object.fromEntries(st.tables.map((t) => [t.name, t.rows]));
    expect(rows).toMatchObject({
      machines: 3,
      telemetry: 3,
      errors: 2,
      maint: 1,
      failures: 0,
      import_log: 2,
      sensors: 2,
      meta: expect.any(Number),
    });
    expect(st.machines).toEqual({
      count: 3,
      byModel: [
        { model: 'model3', count: 2 },
        { model: 'model4', count: 1 },
      ],
    });
    expect(st.sensors).toEqual([
      { name: 'volt', column: 's1' },
      { name: 'rotate', column: 's2' },
    ]);
    const tr = Object.fromEntries(st.timeRanges.map((r) => [r.table, r]));
    expect(tr.telemetry).toEqual({
      table: 'telemetry',
      rows: 3,
      machines: 2,
      firstT: 1420092000,
      lastT: 1451602800,
      first: '2015-01-01 06:00:00',
      last: '2015-12-31 23:00:00',
    });
    expect(tr.errors.first).toBe('2015-01-03 07:00:00');
    expect(tr.maint.last).toBe('2014-07-03 06:00:00');
    expect(tr.failures).toMatchObject({ rows: 0, machines: 0, first: null, last: null });
    expect(st.imports).toEqual({
      files: 2,
      rowsAdded: 5,
      lastImport: '2024-05-02T09:30:00.000Z',
      lastFile: 'errors.csv',
    });
    const text = formatPlantStats(st, 'p.pdm');
    expect(text).toContain(`schema version ${SCHEMA_VERSION}`);
    expect(text).toMatch(/telemetry\s+3\s+2\s+2015-01-01 06:00:00\s+2015-12-31 23:00:00/);
    expect(text).toMatch(/model3\s+2/);
    expect(text).toContain('sensors: volt, rotate');
    expect(text).toContain(
      'imports: 2 files, 5 rows added; last 2024-05-02T09:30:00.000Z (errors.csv)',
    );
  });

  it('describes an empty plant', async () => {
    const st = plantStats(await Store.open(null));
    expect(st.machines).toEqual({ count: 0, byModel: [] });
    expect(st.imports).toEqual({ files: 0, rowsAdded: 0, lastImport: null, lastFile: null });
    expect(st.timeRanges.every((r) => r.first === null)).toBe(true);
    expect(formatPlantStats(st, 'e.pdm')).toContain('imports: none yet');
  });
});

describe('pdm stats', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fsp.mkdtemp(join(tmpdir(), 'pdm-stats-'));
  });
  afterAll(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });
  const pdm = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/pdm.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  it('prints one JSON document with --json, and tables without', async () => {
    const db = join(dir, 'plant.pdm');
    await fsp.writeFile(db, (await smallPlant()).export());
    const before = await fsp.readFile(db);
    const r = pdm('stats', '--db', db, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.file).toBe(db);
    expect(doc.machines.count).toBe(3);
    expect(doc.timeRanges[0]).toMatchObject({ table: 'telemetry', first: '2015-01-01 06:00:00' });
    const t = pdm('stats', '--db', db);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^table\s+rows$/m);
    expect(Buffer.from(await fsp.readFile(db)).equals(before)).toBe(true);
  });

  it('exits 1 naming the file when it is missing or not a plant database', async () => {
    const missing = join(dir, 'nope.pdm');
    const r = pdm('stats', '--db', missing, '--json');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${missing}: file does not exist`);
    const csv = join(dir, 'x.csv');
    await fsp.writeFile(csv, 'machineID,model,age\n1,model3,18\n');
    const c = pdm('stats', '--db', csv);
    expect(c.status).toBe(1);
    expect(c.stderr).toContain(`${csv} is not a plant database`);
    expect(pdm('stats').stderr).toContain('missing required option --db');
    expect(pdm('stats', '--help').stdout).toContain('usage: pdm stats --db FILE [--json]');
  });
});
