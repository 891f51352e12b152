/**
 * `pdm plant` and `pdm import` on exports shaped like real plants' files, as a new user
 * meets them: what is stored, what is listed as not stored, and the exit code that
 * says whether anything was left out (0 nothing, 3 listed omissions, 1 refused).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { Store } from '../../../workers/store/store';
import { formatEpoch } from '../../../workers/shared/time';

const dir = mkdtempSync(join(tmpdir(), 'pdm-real-exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHAPES = join(REPO_ROOT, 'test', 'fixtures', 'exports', 'shapes');

function pdm(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let n = 0;
const freshDb = () => join(dir, `plant-${++n}.pdm`);
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function open(db: string): Promise<Store> {
  return Store.open(new Uint8Array(readFileSync(db)));
}

describe('pdm plant', () => {
  it('shows, sets and refuses a time zone', () => {
    const db = freshDb();
    expect(pdm('plant', '--db', db, '--tz', 'asia/seoul').code).toBe(0);
    const shown = pdm('plant', '--db', db, '--json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ timeZone: 'Asia/Seoul' });
    const bad = pdm('plant', '--db', db, '--tz', 'Mars/Olympus');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/'Mars\/Olympus' is not a time zone name/);
    expect(pdm('plant', '--db', join(dir, 'missing.pdm')).code).toBe(1);
  });
});

describe('pdm import on real export shapes', () => {
  it('a wind-farm folder: stored, Remarks and the unlisted turbine listed, exit 3', async () => {
    const db = freshDb();
    pdm('plant', '--db', db, '--tz', 'Europe/Berlin');
    const r = pdm('import', '--db', db, join(SHAPES, 'windfarm-logbook'));
    expect(r.code, r.err).toBe(3);
    expect(r.out).toMatch(/wind-farm-1-failures-2016\.csv\s+failures\s+5\s+5/);
    expect(r.out).toContain('not imported wind-farm-1-failures-2016.csv column Remarks');
    expect(r.out).toMatch(/1 machine has telemetry but no machine-list row .*: T05/);
    expect(r.out).toMatch(/read as YYYY-MM-DDTHH:MM:SS with UTC offset/);
    expect(r.err).toContain('stored, but some rows or columns were not');
    const store = await open(db);
    try {
      // 2016-03-20T15:48:00+00:00 in the logbook is 16:48 in Berlin (winter time).
      const t = store.scalar(
        `SELECT f.t FROM failures f JOIN machine_names n USING(machine_id)
         WHERE n.name = 'T03' AND f.failure = 'TRANSFORMER'`,
      );
      expect(formatEpoch(Number(t))).toBe('2016-03-20 16:48:00');
    } finally {
      store.close();
    }
    // Mapping the remarks to ignore says they are not wanted: nothing left out, exit 0.
    const again = pdm(
      'import',
      '--db',
      freshDb(),
      join(SHAPES, 'windfarm-logbook'),
      '--map',
      'Remarks=ignore',
    );
    expect(again.code, again.out + again.err).toBe(0);
    expect(again.out).toContain('column Remarks: mapped to ignore');
  });

  it('a map entry that no file of a folder has is refused (a misspelt name)', () => {
    const r = pdm(
      'import',
      '--db',
      freshDb(),
      join(SHAPES, 'windfarm-logbook'),
      '--map',
      'Remark=ignore',
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--map names column 'Remark', which no file to import has/);
  });

  it('a 0/1 failure flag inside telemetry is read as a flag, said so, sensors stored', () => {
    const text =
      'datetime,machineID,volt,rotate,failure\n' +
      Array.from(
        { length: 30 },
        (_, i) =>
          `2015-01-01 ${String(i % 24).padStart(2, '0')}:00:00,${1 + Math.floor(i / 24)},170.${i},450,${i === 20 ? 1 : 0}`,
      ).join('\n') +
      '\n';
    const f = write('drive-stats.csv', text);
    const db = freshDb();
    const r = pdm('import', '--db', db, f);
    // Not refused, not a failures log: telemetry whose flag column is read as failures
    // where it turns 1 (stored by the telemetry event sink where it is built in).
    expect(r.code, r.err).not.toBe(1);
    expect(r.out).toMatch(/drive-stats\.csv\s+telemetry\s+30\s+30/);
    expect(r.out).toContain(
      "assumed in drive-stats.csv: 'failure' holds only '0', '1': read as a failure flag " +
        "(a failure where it turns 1); component 'failure' — give another with --failure-component",
    );
    const ok = pdm('import', '--db', freshDb(), f, '--map', 'failure=ignore');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/drive-stats\.csv\s+telemetry\s+30\s+30/);
  });

  it('an empty sensor column is listed and does not become a sensor', async () => {
    const f = write(
      'with-empty.csv',
      'datetime,machineID,volt,spare\n2015-01-01 06:00:00,P-101A,170,\n2015-01-01 07:00:00,P-101A,171,NULL\n',
    );
    const db = freshDb();
    const r = pdm('import', '--db', db, f);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('not imported with-empty.csv column spare: entirely empty');
    const store = await open(db);
    try {
      expect(store.sensors().map((s) => s.name)).toEqual(['volt']);
    } finally {
      store.close();
    }
  });

  it('duplicates are counted and the first ones shown by line', () => {
    const f = write(
      'dups.csv',
      'datetime,machineID,volt\n2015-01-01 06:00:00,Pump 3,170\n2015-01-01 07:00:00,Pump 3,171\n2015-01-01 06:00:00,Pump 3,999\n',
    );
    const r = pdm('import', '--db', freshDb(), f);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '1 duplicate row in dups.csv already stored, skipped: line 4 (Pump 3, 2015-01-01 06:00:00)',
    );
  });

  it('a folder whose every file is refused does not say others were saved', () => {
    const d = join(dir, 'all-bad');
    mkdirSync(d);
    writeFileSync(
      join(d, 'a.csv'),
      'datetime,machineID,volt,state\n2015-01-01 06:00:00,1,170,RUN\n',
    );
    writeFileSync(join(d, 'b.csv'), 'nothing,useful\n1,2\n');
    writeFileSync(join(d, 'README.md'), '# exports\n');
    const r = pdm('import', '--db', freshDb(), d);
    expect(r.code).toBe(1);
    expect(r.err).toContain('all 2 files were refused; nothing was stored');
    expect(r.err).not.toContain('were saved');
    expect(r.out).toContain('skipped');
  });

  it('a zipped export in a folder is refused plainly, naming the file', () => {
    const d = join(dir, 'zipped');
    cpSync(join(SHAPES, 'zip'), d, { recursive: true });
    const r = pdm('import', '--db', freshDb(), d);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/telemetry-2015-01\.zip: the file is a ZIP archive/);
  });

  it('bad options name what is allowed', () => {
    const db = freshDb();
    const enc = pdm('import', '--db', db, join(SHAPES, 'sep-line'), '--encoding', 'ebcdic');
    expect(enc.code).toBe(1);
    expect(enc.err).toMatch(/--encoding must be one of/);
    const mark = pdm('import', '--db', db, join(SHAPES, 'sep-line'), '--decimal-mark', ';');
    expect(mark.code).toBe(1);
    expect(mark.err).toMatch(/--decimal-mark must be \. or ,/);
    const fmt = pdm('import', '--db', db, join(SHAPES, 'sep-line'), '--date-format', 'QQQ');
    expect(fmt.code).toBe(1);
  });
});
