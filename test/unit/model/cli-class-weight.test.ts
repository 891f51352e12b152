/**
 * pdm train --class-weight: trains with the weighting asked for, records it with the
 * model (pdm model show lists the hyperparameters) and refuses a value it does not know.
 */
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

describe('pdm train --class-weight', () => {
  let dir = '';
  let db = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-class-weight-'));
    db = join(dir, 'plant.pdm');
    const store = await storeWith(voltBeforeFailures());
    writeFileSync(db, store.export());
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const train = (...extra: string[]) =>
    pdm('train', '--db', db, '--train-to', '2015-02-10', '--trees', '5', '--seed', '1', ...extra);

  it('records the weighting with the model and shows it', () => {
    const r = train('--class-weight', 'balanced_subsample', '--activate', 'always');
    expect(r.status).toBe(0);
    const shown = JSON.parse(pdm('model', 'show', '--db', db, '--json').stdout);
    expect(shown.hyperparameters.classWeight).toBe('balanced_subsample');
    expect(shown.hyperparameters.nTrees).toBe(5);
    const text = pdm('model', 'show', '--db', db).stdout;
    expect(text).toMatch(/^hyperparameters: nTrees 5, .*classWeight balanced_subsample$/m);
  });

  it('refuses an unknown weighting, and weights for ml-random-forest', () => {
    const bad = train('--class-weight', 'auto');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      "--class-weight must be none, balanced, balanced_subsample, got 'auto'",
    );
    const ml = train('--class-weight', 'balanced', '--learner', 'ml-random-forest');
    expect(ml.status).toBe(1);
    expect(ml.stderr).toContain('--class-weight balanced needs --learner forest');
  });
});
