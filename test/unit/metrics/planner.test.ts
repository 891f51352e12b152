import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  decimate,
  failsWithin,
  plannerMetrics,
  prCurve,
  reliabilityBins,
} from '../../../workers/metrics/planner';

const DAY = 86400;
const H = 7 * DAY;

describe('average precision', () => {
  // Expected values from scikit-learn 1.x average_precision_score, computed once.
  it('matches scikit-learn with ties among the scores', () => {
    const y = [0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0];
    const s = [0.1, 0.8, 0.35, 0.35, 0.9, 0.2, 0.05, 0.6, 0.6, 0.3, 0.35, 0.7];
    expect(averagePrecision(s, y)).toBeCloseTo(0.77, 12);
    expect(averagePrecision([0.5, 0.5, 0.5, 0.2, 0.2, 0.2], [1, 0, 1, 0, 0, 1])).toBeCloseTo(
      0.6111111111111112,
      12,
    );
    expect(
      averagePrecision(
        [0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.3, 0.2, 0.1],
        [0, 0, 1, 0, 1, 0, 0, 0, 0, 1],
      ),
    ).toBeCloseTo(0.34444444444444444, 12);
  });

  it('has no value without positives, 1 for a perfect ranking', () => {
    expect(averagePrecision([0.2, 0.1], [0, 0])).toBeNull();
    expect(averagePrecision([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
  });

  it('gives the curve at each distinct score, as precision_recall_curve', () => {
    const curve = prCurve([0.9, 0.6, 0.6, 0.1], [1, 0, 1, 0])!;
    expect(curve).toEqual([
      [0.5, 1],
      [1, 2 / 3],
      [1, 0.5],
    ]);
  });

  it('keeps at most 50 points, the ends among them', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => i);
    const d = decimate(pts);
    expect(d).toHaveLength(50);
    expect(d[0]).toBe(0);
    expect(d[49]).toBe(999);
    expect(decimate([1, 2, 3])).toEqual([1, 2, 3]);
  });
});

/**
 * Three machines, two days, one observation at 06:00 and one at 18:00 each day; the
 * evening observation is the one of the day's list.
 */
function days() {
  const machine: number[] = [];
  const t: number[] = [];
  const risk: number[] = [];
  // risk of comp1 per [day][machine] at 18:00 (the morning ones are ignored by the list)
  const evening = [
    [0.9, 0.2, 0.6],
    [0.1, 0.8, 0.7],
  ];
  for (let d = 0; d < 2; d++) {
    for (let m = 1; m <= 3; m++) {
      for (const h of [6, 18]) {
        machine.push(m);
        t.push(d * DAY + h * 3600);
        const p = h === 18 ? evening[d][m - 1] : 0.99; // a high morning risk must not count
        risk.push(1 - p, p);
      }
    }
  }
  return { rows: machine.length, machine, t, risk, classNames: ['none', 'comp1'] };
}

describe('precision and recall at the budget', () => {
  it('inspects the top k of each day by the latest observation', () => {
    const data = days();
    // machine 1 fails 3 days after day 0's evening; machine 3 fails on day 1 at 20:00
    const failures = [
      { machineId: 1, t: 3 * DAY + 18 * 3600, component: 'comp1' },
      { machineId: 3, t: DAY + 20 * 3600, component: 'comp1' },
    ];
    const [m] = plannerMetrics(data, failures, { budget: 1, highRisk: 0.5, horizonSeconds: H });
    // day 0: machine 1 (0.9) inspected, fails within 7 d: right
    // day 1: machine 2 (0.8) inspected, never fails: wrong
    expect(m.days).toBe(2);
    expect(m.flags).toBe(2);
    expect(m.rightFlags).toBe(1);
    expect(m.precisionAtK).toBe(0.5);
    // machine 1's failure caught (inspected day 0); machine 3's never top 1
    expect(m.failures).toBe(2);
    expect(m.caught).toBe(1);
    expect(m.recallAtK).toBe(0.5);

    const [k2] = plannerMetrics(data, failures, { budget: 2, highRisk: 0.5, horizonSeconds: H });
    // day 0: machines 1 and 3 (0.9, 0.6): both fail within 7 d; day 1: 2 and 3: only 3
    expect(k2.flags).toBe(4);
    expect(k2.rightFlags).toBe(3);
    expect(k2.caught).toBe(2);
    expect(k2.recallAtK).toBe(1);
  });

  it('counts a failure only when an observation lies in the horizon before it', () => {
    const data = days();
    const failures = [
      { machineId: 2, t: 30 * DAY, component: 'comp1' }, // long after the range
      { machineId: 2, t: -DAY, component: 'comp1' }, // before it
    ];
    const [m] = plannerMetrics(data, failures, { budget: 3, highRisk: 0.5, horizonSeconds: H });
    expect(m.failures).toBe(0);
    expect(m.recallAtK).toBeNull();
    expect(m.rightFlags).toBe(0);
    expect(m.precisionAtK).toBe(0);
  });

  it('takes every component that fails within the horizon as true, not only the label', () => {
    const truth = failsWithin(
      { rows: 1, machine: [1], t: [0], classNames: ['none', 'a', 'b'] },
      [
        { machineId: 1, t: DAY, component: 'a' },
        { machineId: 1, t: 2 * DAY, component: 'b' },
      ],
      H,
    );
    expect([...truth]).toEqual([0, 1, 1]);
  });
});

describe('lead time', () => {
  it('runs from the first alarm in the horizon before the failure', () => {
    const data = days();
    // machine 1: morning of day 0 at 0.99 is the first alarm; fails day 3 18:00
    // machine 2: risk 0.99 in the mornings too; fails on day 1 at 07:00
    const failures = [
      { machineId: 1, t: 3 * DAY + 18 * 3600, component: 'comp1' },
      { machineId: 2, t: DAY + 7 * 3600, component: 'comp1' },
    ];
    const [m] = plannerMetrics(data, failures, { budget: 1, highRisk: 0.95, horizonSeconds: H });
    expect(m.alarmed).toBe(2);
    expect(m.neverAlarmed).toBe(0);
    const leads = [3 * DAY + 12 * 3600, DAY + 3600];
    expect(m.medianLeadSeconds).toBe((leads[0] + leads[1]) / 2);
  });

  it('counts failures without an alarm, and alarms before an earlier failure go to it', () => {
    const data = days();
    const failures = [
      { machineId: 3, t: 7 * 3600, component: 'comp1' }, // day 0 07:00, after the 06:00 alarm
      { machineId: 3, t: DAY + 5 * 3600, component: 'comp1' }, // day 1 05:00: last alarm was day 0 06:00
    ];
    const [m] = plannerMetrics(data, failures, { budget: 1, highRisk: 0.95, horizonSeconds: H });
    expect(m.failures).toBe(2);
    expect(m.alarmed).toBe(1);
    expect(m.neverAlarmed).toBe(1);
    expect(m.medianLeadSeconds).toBe(3600);
  });
});

describe('reliability bins', () => {
  it('puts each prediction in its tenth and counts what happened', () => {
    const bins = reliabilityBins([0.05, 0.05, 0.15, 1, 0.95], [0, 1, 1, 1, 0]);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ from: 0, to: 0.1, count: 2, meanPredicted: 0.05, observed: 0.5 });
    expect(bins[1].count).toBe(1);
    expect(bins[5]).toMatchObject({ count: 0, meanPredicted: null, observed: null });
    expect(bins[9]).toMatchObject({ count: 2, meanPredicted: 0.975, observed: 0.5 });
  });
});
