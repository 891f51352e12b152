/**
 * The CLI side of cadence on models: pdm train prints the cadence and the left-out
 * sensors and refuses a --horizon-days other than the plant's; pdm model list/show
 * print the cadence; pdm score and pdm evaluate refuse a model on another cadence with
 * the plant file in the suggested command; thin data exits 1 with the counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { BASE, storeWith } from '../features/fixtures';
import { setPlantCadence } from '../../../workers/store/plant-settings';
import { DAY, HOUR } from '../../../workers/shared/time';
import { Store } from '../../../workers/store/store';

const pdm = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], { encoding: 'utf8' });

/** Hourly volt for 2 machines over 50 days, failures every 8 days; vib only after day 40. */
function rows() {
  const telemetry: (number | null)[][] = [];
  const failures: [number, number, string][] = [];
  for (let m = 1; m <= 2; m++) {
    for (let d = 4 + m; d < 50; d += 8) failures.push([m, BASE + d * DAY + 5 * HOUR, 'comp1']);
    for (let h = 0; h < 50 * 24; h++) {
      const t = BASE + h * HOUR;
      const near = failures.some(([mm, f]) => mm === m && f > t && f - t < 2 * DAY);
      telemetry.push([m, t, 170 + (near ? 30 : 0) + (h % 7), t < BASE + 40 * DAY ? null : 3]);
    }
  }
  return {
    sensors: ['volt', 'vib'],
    telemetry,
    errors: [] as [number, number, string][],
    maint: [] as [number, number, string][],
    failures,
    machines: [1, 2].map((m) => [m, 'model1', 5] as [number, string, number]),
  };
}

describe('pdm train / model / score / evaluate with cadence', () => {
  let dir = '';
  let db = '';
  let bare = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-model-cli-'));
    db = join(dir, 'plant.pdm');
    const store = await storeWith(rows());
    writeFileSync(db, store.export());
    store.close();
    bare = join(dir, 'bare.pdm');
    const r = rows();
    const empty = await storeWith({ ...r, failures: [] });
    writeFileSync(bare, empty.export());
    empty.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains, prints the cadence and the left-out sensor, refuses another horizon', () => {
    const bad = pdm('train', '--db', db, '--horizon-days', '14', '--trees', '3');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`plant's is 7d. Set it with pdm plant --db ${db} --horizon 14d`);
    const r = pdm('train', '--db', db, '--train-to', '2015-02-05', '--trees', '3', '--seed', '1');
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'cadence: step 12h, windows 12h/24h/36h, event window 24h, horizon 7d',
    );
    expect(r.stdout).toContain('left out (no values in the training range): vib');

    const list = pdm('model', 'list', '--db', db);
    expect(list.stdout).toContain('step 12h, windows 12h/24h/36h, event window 24h, horizon 7d');
    const show = pdm('model', 'show', '--db', db, '--model', '1');
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('cadence: step 12h');
    expect(show.stdout).toContain('the plant is set to the same cadence');
    expect(show.stdout).toContain('left out (no values in the training range): vib');
  });

  it('score and evaluate refuse a model on another cadence, naming both', async () => {
    const score = pdm('score', '--db', db, '--latest');
    expect(score.status).toBe(0);
    const s = await Store.open(readFileSync(db));
    setPlantCadence(s, {
      stepSeconds: DAY,
      windowSeconds: [DAY, 3 * DAY],
      horizonSeconds: 14 * DAY,
    });
    writeFileSync(db, s.export());
    s.close();
    const want =
      'was trained with step 12h, windows 12h/24h/36h, event window 24h, horizon 7d; ' +
      'this plant is set to step 24h, windows 24h/72h, event window 24h, horizon 14d. ' +
      `Train a new model (pdm train) or set the plant back (pdm plant --db ${db} --step 12h ` +
      '--windows 12h,24h,36h --event-window 24h --horizon 7d)';
    const r = pdm('score', '--db', db, '--latest');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(want);
    const e = pdm('evaluate', '--db', db, '--from', '2015-02-10', '--to', '2015-02-15');
    expect(e.status).toBe(1);
    expect(e.stderr).toContain(want);
    const show = pdm('model', 'show', '--db', db);
    expect(show.stdout).toContain('this model cannot score it until retrained');
  });

  it('pdm plant names the option a bad cadence is about and changes nothing', () => {
    const cases: [string[], string][] = [
      [['--step', '40d'], '--step: the step must be from 1s to 31d'],
      [['--windows', '12h,12h'], '--windows: the window 12h is given twice'],
      [['--event-window', '400d'], '--event-window: the event window must be'],
      [['--horizon', '400d'], '--horizon: the horizon must be'],
      [['--step', '12h', '--windows', '24h,86401s'], '--step/--windows: the step and windows'],
    ];
    const before = readFileSync(db);
    for (const [args, text] of cases) {
      const r = pdm('plant', '--db', db, ...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(text);
      expect(r.stderr).toContain('nothing was changed');
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('thin data: exits 1 with the counts, not "only one label"', () => {
    const r = pdm('train', '--db', bare, '--trees', '3');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /training cannot start: .* observations on the 12h grid and 0 failures/,
    );
    expect(r.stderr).toMatch(/labels per class: none \d+/);
    expect(r.stderr).not.toMatch(/only one label/);
  });
});
