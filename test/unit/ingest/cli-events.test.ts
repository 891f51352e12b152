/**
 * `pdm import` with events inside telemetry and files without a machine column, run
 * through the real CLI: what is stored, what the report says, and the exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { Store } from '../../../workers/store/store';

const dir = mkdtempSync(join(tmpdir(), 'pdm-cli-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdm(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let n = 0;
const freshDb = () => join(dir, `plant-${++n}.pdm`);

async function rows(db: string, sql: string): Promise<unknown[]> {
  const store = await Store.open(new Uint8Array(readFileSync(db)));
  try {
    return store.all(sql);
  } finally {
    store.close();
  }
}

const hdd =
  'date,serial_number,model,smart_5_raw,smart_9_raw,failure,status\n' +
  '2015-01-01,Z305B2QN,ST4000DM000,0,100,0,OK\n' +
  '2015-01-01,MJ1311YNG733NA,Hitachi,1,200,0,0\n' +
  '2015-01-02,Z305B2QN,ST4000DM000,0,124,0,E-104\n' +
  '2015-01-02,MJ1311YNG733NA,Hitachi,3,224,1,E-104\n' +
  '2015-01-03,Z305B2QN,ST4000DM000,0,148,0,E-104\n';

describe('pdm import: events inside telemetry', () => {
  it('a failure flag and a status code become failures and errors, sensors stored', async () => {
    const f = join(dir, 'drive-stats.csv');
    writeFileSync(f, hdd);
    const db = freshDb();
    const r = pdm(
      'import',
      '--db',
      db,
      f,
      '--map',
      'failure=failure-flag',
      '--failure-component',
      'drive',
      '--map',
      'status=error',
      '--map',
      'model=ignore',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/drive-stats\.csv\s+telemetry\s+5\s+5/);
    expect(r.out).toContain('events from drive-stats.csv: 1 failure, 2 errors');
    expect(
      await rows(
        db,
        `SELECT n.name AS m, date(x.t, 'unixepoch') AS d, x.failure AS c FROM failures x
           JOIN machine_names n ON n.machine_id = x.machine_id`,
      ),
    ).toEqual([{ m: 'MJ1311YNG733NA', d: '2015-01-02', c: 'drive' }]);
    expect(await rows(db, 'SELECT count(*) AS n FROM errors')).toEqual([{ n: 2 }]);
    expect(await rows(db, 'SELECT count(*) AS n FROM telemetry')).toEqual([{ n: 5 }]);
    const json = pdm(
      'import',
      '--db',
      db,
      f,
      '--json',
      '--map',
      'failure=failure-flag',
      '--failure-component',
      'drive',
      '--map',
      'status=error',
      '--map',
      'model=ignore',
    );
    expect(json.code, json.err).toBe(0);
    const rep = (
      JSON.parse(json.out) as { reports: { events: unknown; eventDuplicates: number }[] }
    ).reports[0];
    expect(rep.events).toEqual({ failures: 0, errors: 0, maint: 0 });
    expect(rep.eventDuplicates).toBe(3);
  });

  it('without the map the flag is detected, and the output says what was assumed', () => {
    const f = join(dir, 'flags.csv');
    // The drive-stats file without its status column.
    writeFileSync(f, hdd.replace(/,[^,\n]*\n/g, '\n'));
    const r = pdm('import', '--db', freshDb(), f, '--map', 'model=ignore');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/failure flag/);
    expect(r.out).toMatch(/events from flags\.csv: \d+ failure/);
  });

  it('--failure-at-end marks each machine’s last reading', async () => {
    const f = join(dir, 'run-to-failure.csv');
    writeFileSync(
      f,
      'datetime,unit,s1\n2015-01-01 00:00:00,1,5\n2015-01-01 01:00:00,1,6\n' +
        '2015-01-01 00:00:00,2,5\n2015-01-01 05:00:00,2,7\n',
    );
    const db = freshDb();
    const r = pdm('import', '--db', db, f, '--map', 'unit=machine', '--failure-at-end', 'engine');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('events from run-to-failure.csv: 2 failures');
    expect(
      await rows(
        db,
        "SELECT machine_id AS m, time(t, 'unixepoch') AS h, failure AS c FROM failures ORDER BY m",
      ),
    ).toEqual([
      { m: 1, h: '01:00:00', c: 'engine' },
      { m: 2, h: '05:00:00', c: 'engine' },
    ]);
  });
});

describe('pdm import: machine from the file name', () => {
  const folder = join(dir, 'bed');
  mkdirSync(folder);
  for (const p of ['pump-07', 'pump-08', 'pump-11']) {
    writeFileSync(
      join(folder, `${p}.csv`),
      'timestamp,pressure,flow\n' +
        Array.from({ length: 10 }, (_, i) => `2020-03-01 10:00:0${i},2.${i},3${i}`).join('\n') +
        '\n',
    );
  }

  it('imports a folder of pump files in one call, one machine per file', async () => {
    const db = freshDb();
    const r = pdm('import', '--db', db, '--machine-from-name', 'pump-(\\w+)', folder);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(/events (from|in)/);
    expect(
      await rows(
        db,
        `SELECT n.name AS m, count(*) AS k FROM telemetry x
           JOIN machine_names n ON n.machine_id = x.machine_id GROUP BY n.name ORDER BY n.name`,
      ),
    ).toEqual([
      { m: '07', k: 10 },
      { m: '08', k: 10 },
      { m: '11', k: 10 },
    ]);
  });

  it('a bad pattern or both options are bad options (exit 1)', () => {
    const bad = pdm('import', '--db', freshDb(), '--machine-from-name', 'pump-(', folder);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--machine-from-name 'pump-\(' is not a valid regular expression/);
    const both = pdm(
      'import',
      '--db',
      freshDb(),
      '--machine',
      'A',
      '--machine-from-name',
      'x',
      folder,
    );
    expect(both.code).toBe(1);
    expect(both.err).toContain('not both');
  });

  it('a file name that does not match is refused, naming file and pattern', () => {
    const r = pdm('import', '--db', freshDb(), '--machine-from-name', 'pump-(\\d+)$', folder);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/pump-07\.csv' does not match --machine-from-name 'pump-\(\\d\+\)\$'/);
  });

  it('--help describes the new roles and options', () => {
    const h = pdm('import', '--help');
    expect(h.code).toBe(0);
    for (const s of [
      'failure-flag',
      '--failure-component',
      '--failure-at-end',
      '--machine-from-name',
    ]) {
      expect(h.out).toContain(s);
    }
  });
});
