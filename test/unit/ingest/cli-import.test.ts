/** `pdm import` end to end: exit codes, --json, refused files listed, others saved. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { FIXTURES } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'pdm-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdm(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('pdm import', () => {
  it('saves the files that import, lists the refused one with line and reason, exits 1', () => {
    const db = join(dir, 'plant.pdm');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'datetime,machineID,errorID\n2015-01-01 06:00:00, ,error1\n');
    const r = pdm('import', '--db', db, join(FIXTURES, 'bom-crlf.csv'), bad, '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.reports).toHaveLength(1);
    expect(doc.reports[0]).toMatchObject({ kind: 'telemetry', added: 3 });
    expect(doc.failed[0]).toMatchObject({ file: bad, reason: 'rejects', rejected: 1 });
    expect(r.err).toContain(`${bad}:2 column machineID: empty machine id`);
    const again = pdm(
      'import',
      '--db',
      db,
      join(FIXTURES, 'ambiguous-dates.csv'),
      '--date-format',
      'DMY',
    );
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/ambiguous-dates\.csv\s+maint\s+3\s+3/);
    const dup = pdm('import', '--db', db, join(FIXTURES, 'bom-crlf.csv'), '--json');
    expect(JSON.parse(dup.out).reports[0]).toMatchObject({ added: 0, duplicates: 3 });
  });

  it('rejects bad options with exit 1', () => {
    expect(pdm('import', '--db', join(dir, 'x.pdm'), FIXTURES, '--map', 'volt=speed').code).toBe(1);
    expect(pdm('import', '--db', join(dir, 'x.pdm'), join(dir, 'missing.csv')).err).toMatch(
      /missing\.csv: no such file/,
    );
  });

  it('--dry-run prints the mapping, first rows and counts, stores nothing, exits as the import', () => {
    const db = join(dir, 'dry.pdm');
    const logbook = join(dir, 'wind-farm-failures.csv');
    writeFileSync(
      logbook,
      'Turbine_ID,Component,Timestamp,Remarks\n' +
        'T07,GEARBOX,2016-04-30 12:40:00,"replaced, oil"\n' +
        'T06,GENERATOR,2016-06-07 16:59:00,leak\n',
    );
    const dry = pdm('import', '--db', db, logbook, '--dry-run');
    expect(dry.code).toBe(3); // Remarks is left out unless mapped to ignore: as the import
    expect(dry.out).toContain(`${logbook} (dry run: nothing stored)`);
    expect(dry.out).toContain('kind: failures');
    expect(dry.out).toContain(
      'columns: Turbine_ID = machine, Component = event, Timestamp = timestamp, Remarks = ignore',
    );
    expect(dry.out).toContain('machine ids from: column Turbine_ID');
    expect(dry.out).toMatch(
      /assumed: 'Component' names components and the file name says failures/,
    );
    expect(dry.out).toMatch(/T07\s+2016-04-30 12:40:00\s+GEARBOX/);
    expect(dry.out).toContain('rows: 2; would add 2; duplicates 0; rejected 0');
    expect(dry.err).toContain('dry run: would store');
    expect(existsSync(db)).toBe(false);

    const real = pdm('import', '--db', db, logbook, '--json');
    expect(real.code).toBe(dry.code);
    const before = readFileSync(db);
    const json = pdm('import', '--db', db, logbook, '--dry-run', '--json');
    const doc = JSON.parse(json.out);
    expect(doc.dryRun).toBe(true);
    expect(doc.reports[0]).toMatchObject({ dryRun: true, added: 0, duplicates: 2 });
    expect(doc.reports[0].mapping.mapping).toMatchObject({ kind: 'failures' });
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(pdm('import', '--db', db, logbook, '--limit-rows', '1').code).toBe(1);
    const one = pdm('import', '--db', db, logbook, '--dry-run', '--limit-rows', '1');
    expect(one.out).toContain('rows: 1 (only the first 1 read: --limit-rows)');
  });

  it('profiles: save, list, use with overrides, remove; schedules refuse a missing one', () => {
    const db = join(dir, 'profiles.pdm');
    const book = join(dir, 'logbook.csv');
    writeFileSync(book, 'Turbine_ID,Component,Timestamp\nT07,GEARBOX,2016-04-30 12:40:00\n');
    const saved = pdm('import', '--db', db, book, '--kind', 'failures', '--save-profile', 'wind');
    expect(saved.code).toBe(0);
    expect(saved.out).toMatch(/profile 'wind' saved: kind failures; map Turbine_ID=machine/);
    const list = pdm('import', '--db', db, '--list-profiles', '--json');
    expect(JSON.parse(list.out).profiles[0]).toMatchObject({
      name: 'wind',
      mapping: { kind: 'failures', map: { Turbine_ID: 'machine', Component: 'event' } },
    });
    expect(pdm('import', '--db', db, '--list-profiles').out).toMatch(/^wind: kind failures/);
    const book2 = join(dir, 'logbook-2.csv');
    writeFileSync(book2, 'Turbine_ID,Component,Timestamp\nT01,PITCH,2016-05-01 08:00:00\n');
    const used = pdm('import', '--db', db, book2, '--profile', 'wind', '--json');
    expect(JSON.parse(used.out).reports[0]).toMatchObject({ kind: 'failures', added: 1 });
    // The command line wins over the profile.
    const over = pdm('import', '--db', db, book2, '--profile', 'wind', '--kind', 'maint', '--json');
    expect(JSON.parse(over.out).reports[0]).toMatchObject({ kind: 'maint', added: 1 });
    const missing = pdm('import', '--db', db, book2, '--profile', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("no import profile 'nope' in this plant; saved: wind");
    expect(pdm('import', '--db', db, book2, '--save-profile', 'a/b').err).toMatch(
      /--save-profile: profile name must be/,
    );
    const sched = pdm(
      'schedule',
      'add',
      '--db',
      db,
      '--name',
      'n',
      '--preset',
      'daily',
      '--at',
      '06:00',
      '--watch',
      dir,
      '--profile',
      'nope',
      '--score',
      'none',
    );
    expect(sched.code).toBe(1);
    expect(sched.err).toContain("no import profile 'nope'");
    const withProfile = pdm(
      'schedule',
      'add',
      '--db',
      db,
      '--name',
      'n',
      '--preset',
      'daily',
      '--at',
      '06:00',
      '--watch',
      dir,
      '--profile',
      'wind',
      '--score',
      'none',
      '--json',
    );
    expect(withProfile.code, withProfile.err).toBe(0);
    expect(JSON.parse(withProfile.out).schedule.action).toMatchObject({ profile: 'wind' });
    expect(pdm('schedule', 'list', '--db', db).out).toContain('import profile: wind');
    // Files of different kinds: the profile keeps the options given, and says so.
    const folder = join(REPO_ROOT, 'test', 'fixtures', 'exports', 'shapes', 'baseline-numeric');
    const mixed = pdm('import', '--db', join(dir, 'mixed.pdm'), folder, '--save-profile', 'pdm');
    expect(mixed.code, mixed.err).toBe(0);
    expect(mixed.out).toMatch(
      /profile 'pdm' saved: \(detection only\) \(the files were read in 5 different ways \(machines, telemetry, errors, maint, failures\); the profile keeps only the options given on the command line\)/,
    );
    expect(pdm('import', '--db', db, '--remove-profile', 'wind').out).toContain(
      "removed profile 'wind'",
    );
    expect(pdm('import', '--db', db, '--remove-profile', 'wind').code).toBe(1);
  });
});
