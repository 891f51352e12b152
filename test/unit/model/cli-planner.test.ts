/** pdm plant --budget, and the planner's view printed by pdm train and pdm evaluate. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { storeWith } from '../features/fixtures';
import { voltBeforeFailures } from './volt-plant';

const pdm = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], { encoding: 'utf8' });

describe('planner metrics on the command line', () => {
  let dir = '';
  let db = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-planner-'));
    db = join(dir, 'plant.pdm');
    const store = await storeWith(voltBeforeFailures());
    writeFileSync(db, store.export());
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets the inspection budget and refuses a bad one, changing nothing', () => {
    expect(pdm('plant', '--db', db).stdout).toContain('inspections  10 machines a day');
    for (const bad of ['0', '2.5', 'ten', '10001']) {
      const r = pdm('plant', '--db', db, '--budget', bad);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        `--budget: the inspection budget must be a whole number of machines from 1 to 10000, got '${bad}'; nothing was changed`,
      );
    }
    const ok = pdm('plant', '--db', db, '--budget', '2');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('inspections  2 machines a day');
    expect(JSON.parse(pdm('plant', '--db', db, '--json').stdout).inspectionBudget).toBe(2);
  });

  it('prints the planner view after training and evaluating', () => {
    const train = pdm(
      'train',
      '--db',
      db,
      '--train-to',
      '2015-02-10',
      '--trees',
      '10',
      '--seed',
      '1',
    );
    expect(train.status).toBe(0);
    expect(train.stdout).toMatch(
      /planner view: 2 machines inspected a day \(the top of each day's list\), alarm from 50\.0 % risk, horizon 7\.0 d/,
    );
    expect(train.stdout).toMatch(/^component +precision@2 +recall@2 +caught +avg prec/m);
    expect(train.stdout).toMatch(/^comp1 +[\d.]+ +[\d.-]+ +\d+\/\d+ +[\d.]+/m);
    expect(train.stdout).toMatch(/^0-10 % +\d+ +[\d.]+ % +[\d.]+ % +\d+/m);

    const ev = pdm('evaluate', '--db', db, '--from', '2015-02-10', '--to', '2015-03-01');
    expect(ev.status).toBe(0);
    expect(ev.stdout).toContain('macro-F1');
    expect(ev.stdout).toContain('planner view: 2 machines inspected a day');
    expect(ev.stdout).toContain('reliability (every component pooled)');
    const json = JSON.parse(
      pdm('evaluate', '--db', db, '--from', '2015-02-10', '--to', '2015-03-01', '--json').stdout,
    );
    const [comp1] = json.evaluation.planner.components;
    expect(comp1.component).toBe('comp1');
    expect(comp1.flags).toBeGreaterThan(0);
    // the model keeps a calibration only where rows it never saw show it helps, and
    // training says which; an evaluation then shows calibrated columns or none
    expect(train.stdout).toMatch(
      /^\((calibration fitted but not used|mean gap between predicted and observed)/m,
    );
    if (train.stdout.includes('(calibration fitted but not used'))
      expect(json.evaluation.planner.reliability.after).toBeNull();
    else expect(json.evaluation.planner.reliability.after).toHaveLength(10);
    expect(ev.stdout).not.toContain('the budget covers all');

    // four machines: a budget of four inspects every machine every day
    expect(pdm('plant', '--db', db, '--budget', '4').status).toBe(0);
    const all = pdm('evaluate', '--db', db, '--from', '2015-02-10', '--to', '2015-03-01');
    expect(all.stdout).toMatch(/^component +precision@4 +recall@4/m);
    expect(all.stdout).toContain(
      '(the budget covers all 4 machines of the range: every machine is inspected every day',
    );
  });
});
