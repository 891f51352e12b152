import { describe, expect, it } from 'vitest';
import { dueSlots } from '../../../workers/schedule/slots';
import { FakeClock } from '../../../workers/schedule/clock';
import { ScheduleRunner } from '../../../workers/schedule/runner';
import { addSchedule, listSlots } from '../../../workers/schedule/schedule-store';
import { at, fakeScore, newStore } from './helpers';

const s = (iso: string) => Date.parse(iso) / 1000;
const hourly = {
  cron: '0 * * * *',
  timeZone: 'UTC',
  missedPolicy: 'run-once' as const,
  created: '2025-06-01T00:00:00Z',
};

describe('dueSlots', () => {
  it('gives nothing before the first slot and one on-time run at it', () => {
    expect(dueSlots(hourly, null, s('2025-06-01T00:59:00Z'))).toEqual([]);
    expect(dueSlots(hourly, null, s('2025-06-01T01:10:00Z'))).toEqual([
      {
        slot: s('2025-06-01T01:00:00Z'),
        outcome: 'run',
        reason: null,
        reasonCodes: [],
        catchUp: false,
      },
    ]);
  });

  it('collapses very long downtime into a bounded number of rows, still running once', () => {
    const plan = dueSlots(hourly, null, s('2026-06-01T00:30:00Z'), { maxSlots: 10 });
    expect(plan).toHaveLength(11);
    expect(plan.filter((p) => p.outcome === 'run')).toEqual([
      expect.objectContaining({ slot: s('2026-06-01T00:00:00Z'), catchUp: false }),
    ]);
    expect(plan[9].reason).toMatch(/later slots up to 2026-06-01T00:00:00Z are not listed/);
    // The same reason as codes for the UI, in the order of the English parts.
    expect(plan[9].reasonCodes).toEqual([
      { code: 'missed-caught-up', params: { slot: s('2026-06-01T00:00:00Z') } },
      { code: 'not-listed', params: { slot: s('2026-06-01T00:00:00Z'), n: 10 } },
    ]);
  });

  it('validates its options', () => {
    expect(() => dueSlots(hourly, null, 0, { maxSlots: 1 })).toThrow(/maxSlots/);
    expect(() => dueSlots(hourly, null, 0, { graceSeconds: -1 })).toThrow(/graceSeconds/);
  });
});

describe('run now', () => {
  it('runs at once outside the cron slots and refuses a second run while one goes', async () => {
    const store = await newStore();
    const clock = new FakeClock(at('2025-06-01T03:00:00Z'));
    const sc = addSchedule(
      store,
      { name: 'n', preset: { kind: 'daily', at: '06:00' }, timeZone: 'UTC' },
      clock.now(),
    );
    const fake = fakeScore(store, clock, { durationMs: 60_000 });
    const runner = new ScheduleRunner(store, { actions: fake.actions, clock });
    const first = runner.runNow(sc.id);
    await clock.advance(1000);
    expect(runner.isRunning(sc.id)).toBe(true);
    await expect(runner.runNow(sc.id)).rejects.toThrow(/already running/);
    const row = await clock.drive(first);
    expect(row).toMatchObject({
      outcome: 'ran',
      reason: 'started by hand',
      reasonCodes: [{ code: 'by-hand', params: {} }],
      rowsScored: 3,
    });
    expect(listSlots(store, sc.id)).toHaveLength(1);
  });
});
