import { describe, expect, it } from 'vitest';
import { simulatePlantInMemory } from '../../../workers/simulate';

const lines = (text: string) => text.trim().split('\n').slice(1);
/** "datetime,machine" of each row. */
const visits = (text: string) => new Set(lines(text).map((l) => l.split(',').slice(0, 2).join()));

describe('a healthy simulated plant', () => {
  it('has no failures and no drift; visits and other errors as with failures', async () => {
    const opts = { machines: 8, days: 120, seed: 4 };
    const sick = await simulatePlantInMemory(opts);
    const healthy = await simulatePlantInMemory({ ...opts, healthy: true });
    expect(lines(sick.failures).length).toBeGreaterThan(5);
    expect(lines(healthy.failures)).toEqual([]);
    expect(healthy.machines).toBe(sick.machines);
    // The same visit days (the same random draws); no visits for failures alone.
    const sickVisits = visits(sick.maint);
    const healthyVisits = visits(healthy.maint);
    for (const v of healthyVisits) expect(sickVisits.has(v)).toBe(true);
    expect(healthyVisits.size).toBeGreaterThan(0.5 * sickVisits.size);
    // Fewer errors: none announces a failure.
    expect(lines(healthy.errors).length).toBeLessThan(lines(sick.errors).length);
    // No drift: the plant's readings differ only on machines that failed.
    const failedMachines = new Set(lines(sick.failures).map((l) => l.split(',')[1]));
    const byMachine = (text: string, id: string) =>
      lines(text).filter((l) => l.split(',')[1] === id);
    expect(lines(healthy.telemetry)).toHaveLength(lines(sick.telemetry).length);
    let differ = 0;
    for (let id = 1; id <= 8; id++) {
      const same =
        byMachine(healthy.telemetry, String(id)).join() ===
        byMachine(sick.telemetry, String(id)).join();
      if (!same) differ++;
      if (!failedMachines.has(String(id))) expect(same).toBe(true);
    }
    expect(differ).toBeGreaterThan(0);
  });
});
