/**
 * Files without a machine column: one file per pump or per experiment, the machine
 * given for the file (machine) or taken from its name (machineFromName).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../../workers/ingest/import-csv';
import { importPaths } from '../../../workers/ingest/import-node';
import { ImportError } from '../../../workers/ingest/types';
import { Store } from '../../../workers/store/store';
import { memSource, snapshot } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'pdm-machine-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 1 Hz test-bed file: timestamp, two sensors and an anomaly flag. */
function experiment(startSecond: number, flagAt: number): string {
  const rows = ['timestamp,pressure,flow,anomaly'];
  for (let i = 0; i < 20; i++) {
    const s = startSecond + i;
    rows.push(
      `2020-03-01 10:00:${String(s).padStart(2, '0')},${2 + i / 100},${30 + (i % 3)},${i >= flagAt ? 1 : 0}`,
    );
  }
  return rows.join('\n') + '\n';
}

const perMachine = (store: Store) =>
  store.all<{ m: string; n: number }>(
    `SELECT n.name AS m, count(*) AS n FROM telemetry x
       JOIN machine_names n ON n.machine_id = x.machine_id GROUP BY n.name ORDER BY n.name`,
  );

describe('machine from the file name', () => {
  it('imports a folder of three pump files, one machine each, with their events', async () => {
    const folder = join(dir, 'bed');
    mkdirSync(folder);
    writeFileSync(join(folder, 'pump-07.csv'), experiment(0, 15));
    writeFileSync(join(folder, 'pump-08.csv'), experiment(10, 99));
    writeFileSync(join(folder, 'pump-11b.csv'), experiment(30, 0));
    const store = await Store.open(null);
    const r = await importPaths(store, [folder], {
      machineFromName: 'pump-(\\w+)',
      map: { anomaly: 'failure-flag' },
      failureComponent: 'pump',
    });
    expect(r.failed).toEqual([]);
    expect(r.reports.map((x) => [x.kind, x.added, x.events?.failures])).toEqual([
      ['telemetry', 20, 1],
      ['telemetry', 20, 0],
      ['telemetry', 20, 1],
    ]);
    expect(perMachine(store)).toEqual([
      { m: '07', n: 20 },
      { m: '08', n: 20 },
      { m: '11b', n: 20 },
    ]);
    const f = store.all<{ m: string; t: number }>(
      `SELECT n.name AS m, x.t % 60 AS t FROM failures x
         JOIN machine_names n ON n.machine_id = x.machine_id ORDER BY n.name`,
    );
    expect(f).toEqual([
      { m: '07', t: 15 },
      { m: '11b', t: 30 },
    ]);
    store.close();
  });

  it('refuses a file whose name does not match, naming the file and the pattern', async () => {
    const folder = join(dir, 'mixed');
    mkdirSync(folder);
    writeFileSync(join(folder, 'pump-07.csv'), experiment(0, 99));
    writeFileSync(join(folder, 'notes-run2.csv'), experiment(0, 99));
    const store = await Store.open(null);
    const r = await importPaths(store, [folder], { machineFromName: 'pump-(\\d+)' });
    expect(r.reports.map((x) => x.file)).toEqual([join(folder, 'pump-07.csv')]);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0].error.message).toContain('notes-run2.csv');
    expect(r.failed[0].error.message).toContain("'pump-(\\d+)'");
    store.close();
  });

  it('the whole match is the id when the pattern has no group', async () => {
    const store = await Store.open(null);
    const r = await importCsv(store, memSource('/data/P-101A.csv', experiment(0, 99)), {
      machineFromName: '^[A-Z]-\\d+[A-Z]?',
    });
    expect(r.added).toBe(20);
    expect(perMachine(store)).toEqual([{ m: 'P-101A', n: 20 }]);
    store.close();
  });

  it('an invalid pattern is a bad option (RangeError), not a refused file', async () => {
    const store = await Store.open(null);
    await expect(
      importCsv(store, memSource('pump-1.csv', experiment(0, 99)), { machineFromName: 'pump-(' }),
    ).rejects.toThrow(RangeError);
    await expect(
      importCsv(store, memSource('pump-1.csv', experiment(0, 99)), {
        machine: 'A',
        machineFromName: 'pump-(\\d+)',
      }),
    ).rejects.toThrow(/not both/);
    store.close();
  });
});

describe('machine given', () => {
  it('gives every row of a telemetry file and of an event log its machine', async () => {
    const store = await Store.open(null);
    const r = await importCsv(store, memSource('run.csv', experiment(0, 99)), {
      machine: ' rig-2 ',
    });
    expect(r.added).toBe(20);
    expect(perMachine(store)).toEqual([{ m: 'rig-2', n: 20 }]);
    const log = 'datetime,errorID\n2020-03-01 10:00:05,E1\n2020-03-01 10:00:09,E2\n';
    const e = await importCsv(store, memSource('alarms.csv', log), { machine: 'rig-2' });
    expect(e).toMatchObject({ kind: 'errors', added: 2 });
    expect(Number(store.scalar('SELECT count(DISTINCT machine_id) FROM errors'))).toBe(1);
    store.close();
  });

  it('refuses a file that also has a machine column, storing nothing', async () => {
    const store = await Store.open(null);
    const before = snapshot(store);
    const text = 'datetime,machineID,volt\n2015-01-01 00:00:00,1,170\n';
    const err = await importCsv(store, memSource('t.csv', text), { machine: 'A' }).catch(
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(
      /t\.csv: .*machine column 'machineID'; map that column to ignore \(--map "machineID=ignore"\) or drop the option/,
    );
    expect(snapshot(store)).toBe(before);
    // Mapped to ignore, the given id wins.
    const ok = await importCsv(store, memSource('t.csv', text), {
      machine: 'A',
      map: { machineID: 'ignore' },
    });
    expect(ok.added).toBe(1);
    expect(perMachine(store)).toEqual([{ m: 'A', n: 1 }]);
    store.close();
  });

  it('refuses an invalid machine id as a bad option', async () => {
    const store = await Store.open(null);
    await expect(
      importCsv(store, memSource('run.csv', experiment(0, 99)), { machine: '   ' }),
    ).rejects.toThrow(RangeError);
    store.close();
  });
});
