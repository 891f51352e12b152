/**
 * pdm train keeps the active model when the new one scores worse on the same test range
 * and says so with both figures (--activate if-better, the default); --activate always
 * activates it anyway. --learner names the algorithm; --engine is its deprecated alias.
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

describe('pdm train --activate and --learner', () => {
  let dir = '';
  let db = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-activate-'));
    db = join(dir, 'plant.pdm');
    const store = await storeWith(voltBeforeFailures());
    writeFileSync(db, store.export());
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const train = (...extra: string[]) =>
    pdm('train', '--db', db, '--train-to', '2015-02-10', '--seed', '1', ...extra);
  /** One leaf: always the most common label, never a failure. */
  const BLIND = ['--trees', '1', '--max-depth', '1', '--min-samples-leaf', '1000000'];

  it('keeps the better active model and says so; always activates anyway', () => {
    const good = train('--trees', '10', '--max-depth', '6', '--learner', 'forest');
    expect(good.stderr).not.toMatch(/deprecated/);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('model #1 (forest) trained');
    expect(good.stdout).toContain('model #1 is now active');

    const worse = train(...BLIND);
    expect(worse.status).toBe(0);
    expect(worse.stdout).toMatch(
      /model #2 is stored but NOT active: its macro-F1 and any-failure recall are lower than the active model #1's on the same test range \(2015-02-10 to 2015-03-02, 160 observations\): macro-F1 [\d.]+ \(new\) vs [\d.]+ \(#1\), any-failure recall 0\.0% vs [\d.]+%\. Model #1 stays active; to use the new one anyway: pdm model activate --db \S+ --model 2/,
    );
    expect(pdm('model', 'list', '--db', db).stdout).toMatch(/^\* #1 /m);

    const forced = train(...BLIND, '--activate', 'always', '--json');
    expect(forced.status).toBe(0);
    const out = JSON.parse(forced.stdout);
    expect(out.learner).toBe('forest');
    expect(out.activation.activated).toBe(true);
    expect(out.activation.comparison.worseOn).toContain('anyFailureRecall');
    expect(pdm('model', 'list', '--db', db).stdout).toMatch(/^\* #3 /m);
  });

  it('refuses a policy it does not know; --engine works and says it is deprecated', () => {
    const bad = train('--activate', 'never');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--activate must be always or if-better, got 'never'");
    const old = train('--engine', 'forest', '--trees', '2', '--activate', 'always');
    expect(old.status).toBe(0);
    expect(old.stderr).toContain('--engine is deprecated, use --learner');
    const wrong = train('--engine', 'xgboost');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("--engine must be forest or ml-random-forest, got 'xgboost'");
    const both = train('--engine', 'forest', '--learner', 'forest');
    expect(both.status).toBe(1);
  });
});
