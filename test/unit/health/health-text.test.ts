import { describe, expect, it } from 'vitest';
import {
  healthCsv,
  healthReasonsTextEn,
  healthSignalTextEn,
} from '../../../workers/health/health-text';
import type { HealthRow, HealthSignal } from '../../../workers/health/types';

const sig = (over: Partial<HealthSignal>): HealthSignal => ({
  feature: 'volt_mean_24',
  basis: 'own',
  value: 190.24,
  center: 170.1,
  spread: 3.2,
  z: 6,
  direction: 'high',
  digits: 1,
  ...over,
});

describe('health reasons in English', () => {
  it('says the value, what is usual and the basis', () => {
    expect(healthSignalTextEn(sig({}))).toBe(
      'volt mean over 24 h 190.2, high (usual for this machine: 170.1 ± 3.2)',
    );
    expect(healthSignalTextEn(sig({ basis: 'peers', peerType: 'model3', direction: 'low' }))).toBe(
      'volt mean over 24 h 190.2, low (usual for model3 now: 170.1 ± 3.2)',
    );
    expect(
      healthSignalTextEn(
        sig({ feature: 'error1_count_24', value: 3, center: 0.03, spread: null, digits: 2 }),
      ),
    ).toBe('3 error1 alerts in 24 h (usually 0.03 for this machine)');
    expect(
      healthSignalTextEn(
        sig({
          feature: 'comp2_days_since_replace',
          basis: 'replacements',
          value: 292,
          center: 60,
          spread: 45,
          digits: 0,
        }),
      ),
    ).toBe('comp2 last replaced 292 days ago (usually every 60 ± 45 days)');
  });

  it('writes the ranking as CSV with the reasons in words', () => {
    const row: HealthRow = {
      machineId: '=P-1',
      machineType: null,
      component: null,
      score: 80.2,
      level: 'unusual',
      asOf: Date.UTC(2015, 2, 1, 12),
      signals: [sig({})],
    };
    const quiet: HealthRow = { ...row, machineId: '2', score: 0, level: 'normal', signals: [] };
    expect(healthReasonsTextEn(quiet)).toBe('nothing unusual');
    const csv = healthCsv([row, quiet]).split('\r\n');
    expect(csv[0]).toBe('rank,machine_id,machine_type,component,score,level,as_of,reasons');
    expect(csv[1]).toBe(
      `1,"'=P-1",,,80.2,unusual,2015-03-01 12:00:00,` +
        '"volt mean over 24 h 190.2, high (usual for this machine: 170.1 ± 3.2)"',
    );
    expect(csv[2]).toBe('2,2,,,0,normal,2015-03-01 12:00:00,nothing unusual');
  });
});
