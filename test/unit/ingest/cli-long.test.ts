/** `pdm import` of long historian files and headerless run-to-failure files, end to end. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';

const dir = mkdtempSync(join(tmpdir(), 'pdm-import-long-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdm(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const COLUMNS = [
  'unit',
  'cycle',
  'setting1',
  'setting2',
  'setting3',
  ...Array.from({ length: 21 }, (_, i) => `s${i + 1}`),
];

describe('pdm import: headerless and long files', () => {
  it('imports a C-MAPSS-like folder (train .txt, readme skipped) with cycles as hours', () => {
    const data = join(dir, 'CMAPSSData');
    mkdirSync(data);
    const lines: string[] = [];
    for (const unit of [1, 2]) {
      for (let cycle = 1; cycle <= 30; cycle++) {
        const sensors = Array.from({ length: 21 }, (_, i) => (500 + i + cycle / 100).toFixed(2));
        lines.push(`${unit} ${cycle} -0.0007 -0.0004 100.0 ${sensors.join(' ')}  `);
      }
    }
    writeFileSync(join(data, 'train_FD001.txt'), lines.join('\n') + '\n');
    writeFileSync(join(data, 'readme.txt'), 'Data sets consist of multiple time series.\n');
    const db = join(dir, 'engines.sqlite');
    const r = pdm(
      'import',
      '--db',
      db,
      '--no-header',
      '--columns',
      COLUMNS.join(','),
      '--map',
      'unit=machine',
      '--map',
      'cycle=timestamp',
      '--time-unit',
      '1h',
      data,
      '--json',
    );
    expect(r.err).not.toMatch(/refused/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.reports).toHaveLength(1);
    expect(doc.reports[0]).toMatchObject({
      kind: 'telemetry',
      delimiter: 'space',
      rowsRead: 60,
      added: 60,
      rejected: 0,
      timestampForm: 'cycle counter, 1 h per unit from 2000-01-01 00:00',
      timeRange: { from: 946684800 + 3600, to: 946684800 + 30 * 3600 },
    });
    expect(doc.reports[0].sensors).toHaveLength(24);
    expect(doc.skipped.map((s: { reason: string }) => s.reason)).toContain(
      'a text note, not an export',
    );
  });

  it('imports a PI-style long file with --tag-pattern and says how many readings were bad', () => {
    const file = join(dir, 'pi-export.csv');
    writeFileSync(
      file,
      'Tag,Timestamp,Value,Status\n' +
        'P101.Temperature,2015-01-01 00:00:00,61.5,Good\n' +
        'P101.Temperature,2015-01-01 01:00:00,62,Bad\n' +
        'P101.Pressure,2015-01-01 00:00:00,4.5,Good\n' +
        'P101.Pressure,2015-01-01 01:00:00,4.6,Good\n',
    );
    const db = join(dir, 'pi.sqlite');
    const r = pdm('import', '--db', db, file, '--tag-pattern', '(?<machine>[^.]+)\\.(?<sensor>.+)');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pi-export\.csv\s+telemetry\s+4\s+4/);
    expect(r.out).toContain('1 reading in pi-export.csv had bad quality: stored as missing');
    const bad = pdm('import', '--db', db, file, '--tag-pattern', '(?<m>x');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/tagPattern '\(\?<m>x' is not a regular expression/);
  });

  it('refuses bad --delimiter and --columns without --no-header', () => {
    const db = join(dir, 'x.sqlite');
    expect(pdm('import', '--db', db, dir, '--delimiter', 'pipe').err).toMatch(
      /--delimiter must be comma, semicolon, tab or space/,
    );
    expect(pdm('import', '--db', db, dir, '--columns', 'a,b').err).toMatch(/--no-header/);
  });
});
