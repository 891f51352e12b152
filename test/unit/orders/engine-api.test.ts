/**
 * The engine API's work-order methods, as the Work orders screen calls them: rules
 * with field errors, proposals by state (newest first, capped), state changes that
 * persist, and the CSV in the words the screen passes.
 */
import { describe, expect, it } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import { Store } from '../../../workers/store/store';
import { evaluateRun } from '../../../workers/orders/proposals';
import { ORDER_WORDS_EN } from '../../../workers/orders/order-export';
import { fieldProblemOf } from '../../../workers/shared/field-error';
import { BASE } from '../features/fixtures';
import { DAY } from '../../../workers/shared/time';

/** Plant bytes with one run: machines 1-3 at high risk on comp1. */
async function plantBytes(): Promise<Uint8Array> {
  const s = await Store.open(null);
  s.transaction(() => {
    s.db.run(`INSERT INTO machine_names VALUES(1,'1'),(2,'2'),(3,'3')`);
    s.db.run(
      `INSERT INTO models(created, learner, hyperparameters, feature_names, label_names,
         horizon_days, model) VALUES('2026-01-01', 'fake', '{}', '[]', '["none","comp1"]', 7, x'00')`,
    );
    s.db.run(
      `INSERT INTO runs(model_id, request_key, mode, started, status, rows) VALUES(1,'k','latest','x','ok',3)`,
    );
    for (const m of [1, 2, 3])
      s.db.run('INSERT INTO results VALUES(1,?,?,?,?,?)', [
        m,
        BASE + DAY,
        'comp1',
        0.6 + m / 100,
        '[]',
      ]);
    evaluateRun(s, 1, () => 0);
  });
  const bytes = s.export();
  s.close();
  return bytes;
}

describe('EngineApi work orders', () => {
  it('lists, changes states, exports and keeps the rules, saving each change', async () => {
    let saves = 0;
    const api = new EngineApi();
    await api.initWith({
      load: () => Promise.resolve(null),
      save: () => {
        saves++;
        return Promise.resolve();
      },
      clear: () => Promise.resolve(),
    });
    await api.openBytes(await plantBytes(), 'plant.sqlite');
    const before = saves;
    const all = api.proposals();
    // Numbered by urgency within the run (machine 3 is most at risk), listed newest first.
    expect(all.proposals.map((p) => [p.id, p.machine])).toEqual([
      [3, '1'],
      [2, '2'],
      [1, '3'],
    ]);
    expect(all.figures).toMatchObject({ total: 3, open: 3 });
    expect(api.proposals(undefined, 2).proposals.map((p) => p.id)).toEqual([3, 2]);

    await api.setProposalState([1, 2], { state: 'accepted' });
    expect(saves).toBe(before + 1);
    expect(api.proposals('accepted').proposals.map((p) => p.id)).toEqual([2, 1]);
    const e = await api.setProposalState([3], { state: 'dismissed', reason: ' ' }).catch((x) => x);
    expect(fieldProblemOf(e)).toMatchObject({ field: 'reason', code: 'required' });
    expect(api.proposals('open').proposals).toHaveLength(1);

    const csv = api.proposalsCsv([1, 2], {
      ...ORDER_WORDS_EN,
      title: '{machine}: {component} 점검',
    });
    expect(
      csv
        .split('\r\n')
        .slice(1, 3)
        .map((l) => l.split(',')[1]),
    ).toEqual(['3: comp1 점검', '2: comp1 점검']);

    expect(api.orderRules()).toEqual({ highRuns: 1, mediumRuns: 3, cooldownSeconds: 2 * DAY });
    const bad = await api.setOrderRules({ highRuns: -1 }).catch((x) => x);
    expect(fieldProblemOf(bad)).toMatchObject({ field: 'highRuns', code: 'runs-range' });
    await api.setOrderRules({ mediumRuns: 2, cooldownSeconds: 0 });
    expect(api.orderRules()).toMatchObject({ mediumRuns: 2, cooldownSeconds: 0 });
    expect(await api.resetOrderRules()).toMatchObject({ mediumRuns: 3 });
  });
});
