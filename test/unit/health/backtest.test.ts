/**
 * The health ranking's backtest on simulated plants (docs/HEALTH.md): labels hidden
 * (the scores never read failures), the failing component should be among the top
 * decile of rows in the 48 h before at least half of the failures; a plant without
 * failures should raise few 'unusual' rows.
 */
import { describe, expect, it } from 'vitest';
import { healthSeries } from '../../../workers/health/health-series';
import { falseAlarms, healthBacktest } from '../../../workers/health/backtest';
import { failuresBetween } from '../../../workers/store/events-store';
import { equipmentSignalMap } from '../../../workers/simulate/plant-model';
import { simulatedStore } from '../../helpers/sim-plant';

describe('health backtest on simulated plants', () => {
  it('points at the failing component before most failures, without labels', async () => {
    const store = await simulatedStore({ machines: 60, days: 150, seed: 21 });
    const failures = failuresBetween(store, -Infinity, Infinity);
    expect(failures.length).toBeGreaterThan(100);
    const mapped = healthBacktest(healthSeries(store, { map: equipmentSignalMap() }), failures);
    // Failures in the first month (no baseline yet) are not counted.
    expect(mapped.failures).toBeGreaterThan(60);
    expect(mapped.componentHits / mapped.failures).toBeGreaterThanOrEqual(0.5);
    // Without a map the machine still stands out (its whole-machine row).
    const unmapped = healthBacktest(healthSeries(store, { map: {} }), failures);
    expect(unmapped.failures).toBe(mapped.failures);
    expect(unmapped.machineHits / unmapped.failures).toBeGreaterThanOrEqual(0.5);
    // The top decile is a real cut: a top 1 % catches fewer or as many.
    const strict = healthBacktest(healthSeries(store, { map: equipmentSignalMap() }), failures, {
      topShare: 0.01,
    });
    expect(strict.componentHits).toBeLessThanOrEqual(mapped.componentHits);
  });

  it('raises few unusual rows on a plant where nothing fails', async () => {
    const store = await simulatedStore({ machines: 60, days: 150, seed: 21, healthy: true });
    expect(failuresBetween(store, -Infinity, Infinity)).toEqual([]);
    const fa = falseAlarms(healthSeries(store, { map: equipmentSignalMap() }));
    expect(fa.machineMonths).toBeGreaterThan(200);
    // Measured about 0.4 onsets per machine-month (4 rows each); an honest bound only:
    // near-miss alert bursts and overdue replacements are unusual on a healthy plant too.
    expect(fa.perMachineMonth).toBeLessThan(1.5);
    expect(fa.unusualShare).toBeLessThan(0.02);
  });
});
