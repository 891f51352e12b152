import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_SAMPLE, SAMPLE_DIR } from '../../helpers/shared';
import { PLANT_FILE_NAMES, simulatePlantInMemory } from '../../../workers/simulate/simulate-plant';
import { plantStats, type PlantStats } from '../../../workers/simulate/plant-stats';
import { drawMachine, hazardMultipliers } from '../../../workers/simulate/machine-sim';
import {
  COMPONENTS,
  ERROR_TYPES,
  FAILURE_RATE,
  SENSORS,
} from '../../../workers/simulate/plant-model';

/** Failures per machine-year in the original 100-machine 2015 data set (761 in all). */
const ORIGINAL_FAILURES = { comp1: 1.92, comp2: 2.59, comp3: 1.31, comp4: 1.79 };
/** Errors per machine-year in the original set (3919 in all). */
const ORIGINAL_ERRORS = { error1: 10.1, error2: 9.88, error3: 8.38, error4: 7.27, error5: 3.56 };

let sim: PlantStats;
beforeAll(async () => {
  sim = plantStats(await simulatePlantInMemory({ machines: 100, days: 365, seed: 1 }));
});

describe('simulated plant statistics (100 machines x 365 days)', () => {
  it('lands on the original failure and error rates per machine-year', () => {
    for (const c of COMPONENTS) {
      expect(sim.failuresPerMachineYear[c]).toBeGreaterThan(ORIGINAL_FAILURES[c] * 0.8);
      expect(sim.failuresPerMachineYear[c]).toBeLessThan(ORIGINAL_FAILURES[c] * 1.2);
    }
    for (const e of ERROR_TYPES) {
      expect(sim.errorsPerMachineYear[e]).toBeGreaterThan(ORIGINAL_ERRORS[e] * 0.85);
      expect(sim.errorsPerMachineYear[e]).toBeLessThan(ORIGINAL_ERRORS[e] * 1.15);
    }
    const total = Object.values(sim.failureCount).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(650);
    expect(total).toBeLessThan(880);
  });

  it('shows each failure signature on the right sensor only', () => {
    const own = { comp1: 'volt', comp2: 'rotate', comp3: 'pressure', comp4: 'vibration' };
    for (const c of COMPONENTS) {
      for (const s of SENSORS) {
        const d = sim.signature[c][s];
        if (s !== own[c]) expect(Math.abs(d)).toBeLessThan(0.3 * sim.sensorSd[s] + 2);
      }
    }
    expect(sim.ownSignature.comp1).toBeGreaterThan(15);
    expect(sim.ownSignature.comp2).toBeLessThan(-60);
    expect(sim.ownSignature.comp3).toBeGreaterThan(20);
    expect(sim.ownSignature.comp4).toBeGreaterThan(7.5);
  });

  it('makes older machines and some models fail more (hazard has signal)', () => {
    const young = hazardMultipliers({ id: 1, model: 2, age: 0 });
    const old = hazardMultipliers({ id: 1, model: 2, age: 20 });
    for (let c = 0; c < 4; c++) expect(old[c]).toBeGreaterThan(young[c] * 2);
    let mean = [0, 0, 0, 0];
    for (let id = 1; id <= 2000; id++) {
      const m = hazardMultipliers(drawMachine(1, id));
      mean = mean.map((x, c) => x + m[c] / 2000);
    }
    for (const x of mean) expect(x).toBeCloseTo(1, 1);
    expect(Object.keys(FAILURE_RATE)).toEqual([...COMPONENTS]);
  });
});

describe.skipIf(!HAS_SAMPLE)('simulation vs the real sample', () => {
  let real: PlantStats;
  beforeAll(() => {
    const read = (k: keyof typeof PLANT_FILE_NAMES) =>
      readFileSync(join(SAMPLE_DIR, PLANT_FILE_NAMES[k]), 'utf8');
    real = plantStats({
      telemetry: read('telemetry'),
      errors: read('errors'),
      maint: read('maint'),
      failures: read('failures'),
      machines: read('machines'),
    });
  });

  it('matches sensor means within 2% and spreads within 10%', () => {
    for (const s of SENSORS) {
      expect(Math.abs(sim.sensorMean[s] / real.sensorMean[s] - 1)).toBeLessThan(0.02);
      expect(Math.abs(sim.sensorSd[s] / real.sensorSd[s] - 1)).toBeLessThan(0.1);
    }
  });

  it('has signatures of the sample direction and within 25% of its size', () => {
    for (const c of ['comp1', 'comp2', 'comp4']) {
      const r = real.ownSignature[c];
      const s = sim.ownSignature[c];
      expect(Math.sign(s)).toBe(Math.sign(r));
      expect(Math.abs(s / r - 1)).toBeLessThan(0.25);
    }
  });

  it('explains the sample counts: each within 3 Poisson sd of the simulated rate at the sample exposure', () => {
    const check = (simRate: number, realCount: number) => {
      const expected = simRate * real.machineYears;
      expect(Math.abs(realCount - expected)).toBeLessThan(3 * Math.sqrt(expected) + 1);
    };
    for (const c of COMPONENTS) check(sim.failuresPerMachineYear[c], real.failureCount[c]);
    for (const e of ERROR_TYPES) check(sim.errorsPerMachineYear[e], real.errorCount[e]);
    check(sim.maintPerMachineYear, real.maintPerMachineYear * real.machineYears);
  });
});
