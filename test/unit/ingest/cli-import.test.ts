/** `pdm import` end to end: exit codes, --json, refused files listed, others saved. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
});
