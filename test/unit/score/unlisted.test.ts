/**
 * Machines with telemetry but no machine-list row: the import report, the ranking (and
 * the printed list) and Explore name the same machines, counted by the same query.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { simulatedStore } from '../../helpers/sim-plant';
import type { Store } from '../../../workers/store/store';
import { trainModel } from '../../../workers/model/train-model';
import { scoreRun } from '../../../workers/score/score-run';
import { riskRanking } from '../../../workers/score/risk-ranking';
import { machinesWithoutListRow } from '../../../workers/features/read-machine';
import { exploreOverview } from '../../../workers/app/explore-queries';
import { maintenanceListForRun } from '../../../workers/report/list-for-run';
import { DAY, parseDateArg } from '../../../workers/shared/time';

let store: Store;
const dir = mkdtempSync(join(tmpdir(), 'pdm-unlisted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  store = await simulatedStore({ machines: 6, days: 80, seed: 5 });
  await trainModel(store, {
    trainTo: parseDateArg('2015-01-01') + 60 * DAY,
    params: { nTrees: 8, seed: 2 },
  });
  // Machines 2 and 5 leave the machine list (a partial export), their telemetry stays.
  store.db.run('DELETE FROM machines WHERE machine_id IN (2, 5)');
  await scoreRun(store, { mode: 'latest' });
}, 120_000);

describe('machines not in the machine list', () => {
  it('are counted the same by the import report, the ranking and Explore', () => {
    const fromImport = machinesWithoutListRow(store);
    expect(fromImport).toEqual(['2', '5']);
    expect(riskRanking(store).unlisted).toEqual(fromImport);
    expect(exploreOverview(store).unlisted).toEqual(fromImport);
  });

  it('are flagged on their own rows of the ranking, and only there', () => {
    const { rows } = riskRanking(store);
    expect(rows).toHaveLength(6 * 4);
    for (const r of rows) {
      expect(r.unlisted, r.machine).toBe(r.machine === '2' || r.machine === '5');
      if (r.unlisted) expect(r.machineModel).toBe('');
    }
    // Their reasons never claim a usual age: age -1 means "not in the list", not new.
    for (const x of rows.filter((r) => r.unlisted).flatMap((r) => r.reasons)) {
      if (x.feature === 'age') expect(x).toMatchObject({ value: -1, usual: null });
    }
  });

  it('say so in the type column of the printed list', () => {
    const list = maintenanceListForRun(store, { plant: 'p', generated: new Date(0), minRisk: 0 });
    const html = list!.html();
    expect(html.match(/<td>not in the machine list<\/td>/g)).toHaveLength(2 * 4);
  });

  it('are marked by pdm risks, which words the reasons as the app does in English', () => {
    const db = join(dir, 'plant.pdm');
    writeFileSync(db, store.export());
    const r = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'bin', 'pdm.js'), 'risks', '--db', db, '--top', '0'],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const rowsOf = (m: string) => lines.filter((l) => new RegExp(`^\\s*\\d+\\s+${m}\\s`).test(l));
    expect(rowsOf('2')).toHaveLength(4);
    for (const l of [...rowsOf('2'), ...rowsOf('5')]) expect(l).toContain('not in machine list');
    for (const l of rowsOf('1')) expect(l).not.toContain('not in machine list');
    expect(r.stdout).toContain(
      '2 machine(s) with telemetry are not in the machine list (no type, no age): 2, 5',
    );
    // Reasons in words with values, never feature keys.
    const rows = lines.filter((l) => /^\s*\d+\s.*%/.test(l));
    expect(rows).toHaveLength(6 * 4);
    for (const l of rows) {
      expect(l).not.toMatch(/_(mean|std|count)_|_days_since_replace|\bmodel_/);
      expect(l).toMatch(/\d\.\d%\s.*\S+\s+\d/);
    }
  }, 60_000);

  it('are counted without a scoring run too', () => {
    store.db.run('DELETE FROM results');
    store.db.run('DELETE FROM runs');
    expect(riskRanking(store)).toMatchObject({ run: null, unlisted: ['2', '5'] });
  });
});
