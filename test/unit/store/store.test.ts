import { describe, expect, it } from 'vitest';
import { loadSqlJs, SCHEMA_VERSION, Store, StoreOpenError } from '../../../workers/store';

describe('Store', () => {
  it('creates a new database at the current schema version', async () => {
    const s = await Store.open(null);
    expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    expect(s.scalar('SELECT count(*) FROM telemetry')).toBe(0);
  });

  it('round-trips through export and keeps sensors in first-seen order', async () => {
    const s = await Store.open(null);
    expect(s.ensureSensor('volt')).toBe('s1');
    expect(s.ensureSensor('rotate')).toBe('s2');
    expect(s.ensureSensor('volt')).toBe('s1');
    s.db.run('INSERT INTO telemetry(machine_id, t, s1, s2) VALUES(1, 3600, 170.5, 420)');
    const again = await Store.open(s.export());
    expect(again.sensors().map((x) => x.name)).toEqual(['volt', 'rotate']);
    expect(again.all('SELECT * FROM telemetry')).toEqual([
      { machine_id: 1, t: 3600, s1: 170.5, s2: 420 },
    ]);
  });

  it('rolls back a failed transaction whole', async () => {
    const s = await Store.open(null);
    expect(() =>
      s.transaction(() => {
        s.db.run("INSERT INTO machines VALUES(1, 'model1', 3)");
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.scalar('SELECT count(*) FROM machines')).toBe(0);
    expect(() => s.transaction(() => s.export())).toThrow(/inside a transaction/);
  });

  it('refuses bytes that are not SQLite, and files from a newer version', async () => {
    await expect(
      Store.open(new TextEncoder().encode('machineID,model\n'.repeat(20)), 'x.csv'),
    ).rejects.toThrow(/x.csv is not a plant database/);
    const s = await Store.open(null);
    s.setMeta('schema_version', String(SCHEMA_VERSION + 1));
    await expect(Store.open(s.export(), 'new.sqlite')).rejects.toThrow(StoreOpenError);
    await expect(Store.open(s.export(), 'new.sqlite')).rejects.toThrow(/newer version/);
  });

  it('refuses a SQLite file that is not a plant database', async () => {
    const SQL = await loadSqlJs();
    const other = new SQL.Database();
    other.run('CREATE TABLE foo(x)');
    await expect(Store.open(other.export(), 'foo.db')).rejects.toThrow(/not a plant database/);
  });
});
