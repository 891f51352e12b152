/**
 * The CLI on damaged models and removal: pdm model import refuses a bad file (exit 1,
 * nothing stored); a damaged stored model is marked by pdm model list and refused by
 * pdm score (exit 1) while the others work; pdm model remove refuses the active model
 * (naming the schedule that scores with it), deletes an unused one and keeps one that
 * past runs used as a removed record.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { tinyForest } from '../../helpers/tiny-forest';
import { Store } from '../../../workers/store/store';
import { getModel, saveModel } from '../../../workers/model/model-store';
import { serializeForest } from '../../../workers/forest/serialize';
import { addSchedule } from '../../../workers/schedule/schedule-store';

const pdm = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], { encoding: 'utf8' });

const forest = tinyForest(['a', 'b'], ['none', 'comp1']);
const rec = (note: string) => ({
  learner: 'forest',
  hyperparameters: {},
  featureNames: ['a', 'b'],
  labelNames: ['none', 'comp1'],
  trainFrom: null,
  trainTo: 0,
  metrics: null,
  note,
  bytes: serializeForest(forest),
});

describe('pdm model import / list / score / remove on damaged and unused models', () => {
  let dir = '';
  let db = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-model-remove-'));
    db = join(dir, 'plant.pdm');
    const s = await Store.open(null);
    saveModel(s, rec('one')); // #1
    saveModel(s, rec('two'), false); // #2: damaged below
    saveModel(s, rec('three'), false); // #3: used by a past run
    saveModel(s, rec('four')); // #4: active
    const cyc = tinyForest(['a', 'b'], ['none', 'comp1']);
    cyc.left[2] = 2;
    s.db.run('UPDATE models SET model=? WHERE id=2', [serializeForest(cyc)]);
    s.db.run(
      `INSERT INTO runs(model_id, request_key, mode, started, status) VALUES(3, 'k', 'latest', '2026-01-01', 'ok')`,
    );
    addSchedule(s, { name: 'nightly', preset: { kind: 'daily', at: '02:00' }, timeZone: 'UTC' }, 0);
    writeFileSync(db, s.export());
    s.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const ids = () =>
    JSON.parse(pdm('model', 'list', '--db', db, '--json').stdout).map((m: { id: number }) => m.id);

  it('import refuses a damaged file with exit 1 and stores nothing', () => {
    expect(
      pdm('model', 'export', '--db', db, '--model', '1', '--out', join(dir, 'm.json')).status,
    ).toBe(0);
    const o = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...o, featureNames: ['a', 'a'] }));
    const r = pdm('model', 'import', '--db', db, '--file', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.json: featureNames lists "a" twice/);
    expect(r.stderr).not.toMatch(/ at /); // no stack
    expect(ids()).toEqual([4, 3, 2, 1]);
    const ok = pdm('model', 'import', '--db', db, '--file', join(dir, 'm.json'));
    expect(ok.status).toBe(0);
    expect(ids()).toEqual([5, 4, 3, 2, 1]);
    expect(pdm('model', 'remove', '--db', db, '--id', '5').status).toBe(0);
  });

  it('list marks a damaged stored model; scoring with it exits 1, not 2', () => {
    const list = pdm('model', 'list', '--db', db);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(
      /#2 .*DAMAGED: tree 0 node 2: left child 2 is not after its parent/,
    );
    expect(list.stdout).toMatch(/#1 /);
    const score = pdm('score', '--db', db, '--model', '2', '--latest');
    expect(score.status).toBe(1);
    expect(score.stderr).toMatch(
      new RegExp(
        `model #2 cannot be used: tree 0 node 2: .*pdm model remove --db ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} --id 2`,
      ),
    );
    expect(pdm('model', 'activate', '--db', db, '--model', '2').status).toBe(1);
  });

  it('remove refuses the active model, naming the schedule and how to activate another', () => {
    const r = pdm('model', 'remove', '--db', db, '--id', '4');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/model #4 is the active model \(schedule 'nightly' scores with it\)/);
    expect(r.stderr).toMatch(/activate another first \(pdm model activate --db .* --model 3\)/);
    expect(ids()).toContain(4);
    expect(pdm('model', 'remove', '--db', db, '--id', '99').status).toBe(1);
  });

  it('remove deletes an unused model and keeps one past runs used as a removed record', async () => {
    const a = pdm('model', 'remove', '--db', db, '--id', '2');
    expect(a.status).toBe(0);
    expect(a.stdout).toBe('model #2 removed\n');
    const b = pdm('model', 'remove', '--db', db, '--id', '3', '--json');
    expect(b.status).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual({ id: 3, runs: 1, deleted: false });
    expect(ids()).toEqual([4, 1]);
    const s = await Store.open(readFileSync(db));
    expect(s.scalar('SELECT count(*) FROM models WHERE id=2')).toBe(0);
    const kept = getModel(s, 3);
    expect(kept.removed).toBeTruthy();
    expect(kept.note).toBe('three');
    expect(kept.bytes.length).toBe(0);
    s.close();
    expect(pdm('model', 'activate', '--db', db, '--model', '3').status).toBe(1);
    expect(pdm('score', '--db', db, '--model', '3', '--latest').status).toBe(1);
    expect(pdm('model', 'remove', '--db', db, '--id', '3').status).toBe(1);
  });

  it('help names remove', () => {
    expect(pdm('model', '--help').stdout).toMatch(/pdm model remove --db FILE --id ID/);
  });
});
