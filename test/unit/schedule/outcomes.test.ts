import { describe, expect, it } from 'vitest';
import { outcomeSeries, runOutcome } from '../../../workers/schedule/outcomes';
import { newStore } from './helpers';

const DAY = 86400;
const T0 = 10 * DAY;

/** A hand-made plant: model horizon 7 days, one `latest` run at T0 over 4 machines. */
async function plant(dataUntil: number) {
  const store = await newStore();
  store.db.run(
    `INSERT INTO runs(id, model_id, request_key, mode, started, status, rows)
     VALUES(1, 1, 'k', 'latest', '2025-01-01', 'ok', 4)`,
  );
  const results: [number, string, number][] = [
    [1, 'comp1', 0.8], // fails 3 days later: a correct alarm, a flagged failure
    [1, 'comp2', 0.05],
    [2, 'comp1', 0.1],
    [2, 'comp2', 0.6], // nothing fails: a false alarm
    [3, 'comp1', 0.2], // fails 2 days later: a missed failure
    [3, 'comp2', 0.1],
    [4, 'comp1', 0.1],
    [4, 'comp2', 0.9], // fails 10 days later, beyond the horizon: a false alarm
  ];
  for (const [m, c, p] of results) {
    store.db.run(`INSERT INTO results VALUES(1, ?, ?, ?, ?, '[]')`, [m, T0, c, p]);
  }
  const failures: [number, number, string][] = [
    [1, T0 + 3 * DAY, 'comp1'],
    [3, T0 + 2 * DAY, 'comp1'],
    [4, T0 + 10 * DAY, 'comp2'],
    [1, T0 - DAY, 'comp2'], // before the run: not its business
  ];
  for (const [m, t, c] of failures) store.db.run('INSERT INTO failures VALUES(?, ?, ?)', [m, t, c]);
  store.db.run('INSERT INTO telemetry(machine_id, t) VALUES(1, ?)', [dataUntil]);
  return store;
}

describe('outcome tracking', () => {
  it('counts flagged and missed failures, false alarms, precision and recall', async () => {
    const store = await plant(T0 + 8 * DAY);
    const o = runOutcome(store, 1);
    expect(o).toMatchObject({
      status: 'evaluated',
      horizonDays: 7,
      alarms: 3,
      correctAlarms: 1,
      falseAlarms: 2,
      failures: 2,
      flaggedFailures: 1,
      missedFailures: 1,
      recall: 0.5,
    });
    expect(o.precision).toBeCloseTo(1 / 3, 12);
    expect(o.failureList).toEqual([
      {
        machineId: 3,
        machine: '3',
        component: 'comp1',
        t: T0 + 2 * DAY,
        risk: 0.2,
        flagged: false,
      },
      { machineId: 1, machine: '1', component: 'comp1', t: T0 + 3 * DAY, risk: 0.8, flagged: true },
    ]);
    expect(o.byComponent).toEqual([
      expect.objectContaining({
        component: 'comp1',
        alarms: 1,
        correctAlarms: 1,
        failures: 2,
        flaggedFailures: 1,
      }),
      expect.objectContaining({
        component: 'comp2',
        alarms: 2,
        falseAlarms: 2,
        failures: 0,
        recall: null,
      }),
    ]);
  });

  it('uses the threshold given', async () => {
    const store = await plant(T0 + 8 * DAY);
    expect(runOutcome(store, 1, { threshold: 0.7 })).toMatchObject({ alarms: 2, correctAlarms: 1 });
    expect(runOutcome(store, 1, { threshold: 0.15 })).toMatchObject({
      alarms: 4,
      flaggedFailures: 2,
      recall: 1,
    });
    expect(() => runOutcome(store, 1, { threshold: 0 })).toThrow(/threshold must be above 0/);
    expect(() => runOutcome(store, 9)).toThrow(/no scoring run with id 9/);
  });

  it('stays pending until the data covers the horizon', async () => {
    const store = await plant(T0 + 5 * DAY);
    store.db.run('DELETE FROM failures WHERE t > ?', [T0 + 5 * DAY]);
    const o = runOutcome(store, 1);
    expect(o).toMatchObject({ status: 'pending', evaluableFrom: T0 + 7 * DAY, alarms: 0 });
    expect(outcomeSeries(store).map((x) => x.status)).toEqual(['pending']);
  });
});
