/**
 * A new model replaces the active one only when it is not worse on the same test range
 * (lower macro-F1 or lower pooled any-failure recall); otherwise it is stored, not
 * activated, and the comparison says by how much, unless the policy is `always`.
 */
import { describe, expect, it } from 'vitest';
import { BASE, storeWith } from '../features/fixtures';
import { voltBeforeFailures } from './volt-plant';
import { DAY } from '../../../workers/shared/time';
import { setPlantCadence } from '../../../workers/store/plant-settings';
import {
  activatesUnasked,
  trainUnderPolicy,
  worseOn,
  type Comparison,
  type WorseOn,
} from '../../../workers/model/compare-models';
import { evaluateModel } from '../../../workers/model/evaluate-model';
import { activeModelId, getModel, listModels } from '../../../workers/model/model-store';
import { trainModel } from '../../../workers/model/train-model';
import type { Store } from '../../../workers/store/store';

const TRAIN_TO = BASE + 40 * DAY;
const GOOD = { nTrees: 10, maxDepth: 6, seed: 1 };
/** One leaf per tree: always the most common label, so it never flags a failure. */
const BLIND = { nTrees: 1, maxDepth: 1, minSamplesLeaf: 1_000_000, seed: 1 };

async function plantWithGoodModel(): Promise<{ store: Store; good: number }> {
  const store = await storeWith(voltBeforeFailures());
  const r = await trainModel(store, { trainTo: TRAIN_TO, params: GOOD });
  return { store, good: r.modelId };
}

describe('worseOn and activatesUnasked', () => {
  it('names each figure that is lower, ignoring rounding', () => {
    const at = (macroF1: number, anyFailureRecall: number) => ({ macroF1, anyFailureRecall });
    expect(worseOn(at(0.5, 0.8), at(0.5, 0.8))).toEqual([]);
    expect(worseOn(at(0.5 - 1e-12, 0.8), at(0.5, 0.8))).toEqual([]);
    expect(worseOn(at(0.49, 0.9), at(0.5, 0.8))).toEqual(['macroF1']);
    expect(worseOn(at(0.6, 0.7), at(0.5, 0.8))).toEqual(['anyFailureRecall']);
    expect(worseOn(at(0.4, 0.7), at(0.5, 0.8))).toEqual(['macroF1', 'anyFailureRecall']);
  });

  it('activates without asking only when nothing says the new model is worse', () => {
    const score = { modelId: 1, macroF1: 0.5, anyFailureRecall: 0.5, rows: 10 };
    const compared = (w: WorseOn[]): Comparison => ({
      kind: 'compared',
      from: 0,
      to: 1,
      newModel: score,
      active: score,
      worseOn: w,
    });
    expect(activatesUnasked({ kind: 'no-active' })).toBe(true);
    expect(activatesUnasked(compared([]))).toBe(true);
    expect(activatesUnasked(compared(['anyFailureRecall']))).toBe(false);
    expect(activatesUnasked({ kind: 'no-test-range', activeId: 1 })).toBe(false);
    expect(
      activatesUnasked({ kind: 'active-unusable', activeId: 1, code: 'cadence', message: '' }),
    ).toBe(true);
  });
});

describe('training under a policy', () => {
  it('keeps the active model when the new one scores worse on the same range', async () => {
    const { store, good } = await plantWithGoodModel();
    const r = await trainUnderPolicy(store, { trainTo: TRAIN_TO, params: BLIND }, 'if-better');
    expect(r.activation.activated).toBe(false);
    expect(activeModelId(store)).toBe(good);
    expect(getModel(store, r.modelId).active).toBe(false);
    const c = r.activation.comparison;
    if (c.kind !== 'compared') throw new Error(`compared expected, got ${c.kind}`);
    expect(c.worseOn).toContain('anyFailureRecall');
    expect(c.newModel.anyFailureRecall).toBe(0);
    expect(c.active.anyFailureRecall).toBeGreaterThan(0.5);
    // The range is the new model's test range, and both figures are those of
    // evaluating each model there.
    const m = getModel(store, r.modelId).metrics!;
    expect([c.from, c.to]).toEqual([m.testFrom, m.testTo]);
    expect(c.newModel.rows).toBe(m.test!.rows);
    const old = evaluateModel(store, good, c.from, c.to);
    expect(c.active.macroF1).toBeCloseTo(old.macroF1, 12);
    expect(c.active.anyFailureRecall).toBeCloseTo(old.failureRecall, 12);
    expect(c.newModel.macroF1).toBeCloseTo(m.test!.macroF1, 12);
  });

  it('activates a worse model with always, and a model no worse with if-better', async () => {
    const { store, good } = await plantWithGoodModel();
    const worse = await trainUnderPolicy(store, { trainTo: TRAIN_TO, params: BLIND }, 'always');
    expect(worse.activation.activated).toBe(true);
    expect(worse.activation.comparison.kind).toBe('compared');
    expect(activeModelId(store)).toBe(worse.modelId);
    // The same settings as the good model give the same model: not worse, so active.
    const again = await trainUnderPolicy(store, { trainTo: TRAIN_TO, params: GOOD }, 'if-better');
    const c = again.activation.comparison;
    expect(c.kind === 'compared' && c.worseOn).toEqual([]);
    expect(again.activation.activated).toBe(true);
    expect(activeModelId(store)).toBe(again.modelId);
    expect(good).not.toBe(again.modelId);
  });

  it('does not activate a model without a test range over an active one', async () => {
    const { store, good } = await plantWithGoodModel();
    const r = await trainUnderPolicy(
      store,
      { trainTo: BASE + 70 * DAY, params: GOOD },
      'if-better',
    );
    expect(r.activation.comparison).toEqual({ kind: 'no-test-range', activeId: good });
    expect(r.activation.activated).toBe(false);
    expect(activeModelId(store)).toBe(good);
  });

  it('replaces an active model that cannot score the plant any more', async () => {
    const { store, good } = await plantWithGoodModel();
    setPlantCadence(store, { stepSeconds: DAY, windowSeconds: [DAY, 3 * DAY] });
    const r = await trainUnderPolicy(store, { trainTo: TRAIN_TO, params: BLIND }, 'if-better');
    const c = r.activation.comparison;
    expect(c.kind === 'active-unusable' && [c.activeId, c.code]).toEqual([good, 'cadence']);
    expect(r.activation.activated).toBe(true);
    expect(activeModelId(store)).toBe(r.modelId);
  });

  it('with no active model, the new one is active', async () => {
    const store = await storeWith(voltBeforeFailures());
    const r = await trainUnderPolicy(store, { trainTo: TRAIN_TO, params: BLIND }, 'if-better');
    expect(r.activation).toEqual({
      comparison: { kind: 'no-active' },
      activated: true,
      activeId: r.modelId,
    });
  });

  it('cancelled while comparing, stores nothing new', async () => {
    const { store, good } = await plantWithGoodModel();
    const ac = new AbortController();
    await expect(
      trainUnderPolicy(
        store,
        {
          trainTo: TRAIN_TO,
          params: BLIND,
          signal: ac.signal,
          onProgress: (p) => {
            if (p.phase === 'compare') ac.abort();
          },
        },
        'if-better',
      ),
    ).rejects.toThrow(/cancel/i);
    expect(listModels(store).map((m) => m.id)).toEqual([good]);
    expect(activeModelId(store)).toBe(good);
  });
});
