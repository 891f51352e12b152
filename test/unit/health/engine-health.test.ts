import { describe, expect, it } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import { fieldProblemOf } from '../../../workers/shared/field-error';
import { simulatedStore } from '../../helpers/sim-plant';

/** An engine holding a small simulated plant (its bytes opened as a plant file). */
async function engineWithPlant(): Promise<EngineApi> {
  const store = await simulatedStore({ machines: 12, days: 45, seed: 5 });
  const engine = new EngineApi();
  await engine.initWith({
    load: async () => null,
    save: async () => undefined,
    clear: async () => undefined,
  });
  await engine.openBytes(store.export(), 'health.sqlite');
  store.close();
  return engine;
}

describe('engine: health ranking', () => {
  it('ranks machines without a model, and keeps the signal map', async () => {
    const engine = await engineWithPlant();
    const before = await engine.healthRanking();
    expect(before.defaultView).toBe('health');
    expect(before.signalMap).toEqual({});
    expect(before.rows.length).toBeGreaterThan(0);
    expect(before.rows.every((r) => r.score >= 0 && r.score <= 100)).toBe(true);
    // Without a map every sensor and error scores the machine as a whole.
    expect(before.rows.some((r) => r.component === null)).toBe(true);

    await engine.setHealthSignalMap({ vibration: 'comp4', error5: 'comp4' });
    const after = await engine.healthRanking();
    expect(after.signalMap).toEqual({ vibration: 'comp4', error5: 'comp4' });
    const comp4 = after.rows.filter((r) => r.component === 'comp4');
    expect(comp4.some((r) => r.signals.some((s) => s.feature === 'vibration_mean_24'))).toBe(true);
    // Earlier observations rank too.
    const earlier = await engine.healthRanking({ asOf: (after.asOf ?? 0) - 10 * 86400_000 });
    expect(earlier.asOf).toBeLessThan(after.asOf!);
  });

  it('refuses a bad map entry with a code and stores nothing', async () => {
    const engine = await engineWithPlant();
    await engine.setHealthSignalMap({ volt: 'comp1' });
    const e = await engine.setHealthSignalMap({ volt: 'comp1', humidity: 'comp2' }).catch((x) => x);
    expect(fieldProblemOf(e)).toMatchObject({
      field: 'signal',
      code: 'unknown-signal',
      params: { signal: 'humidity' },
    });
    const e2 = await engine.setHealthSignalMap({ volt: 'gearbox' }).catch((x) => x);
    expect(fieldProblemOf(e2)).toMatchObject({ field: 'component', code: 'unknown-component' });
    expect((await engine.healthRanking()).signalMap).toEqual({ volt: 'comp1' });
  });
});
