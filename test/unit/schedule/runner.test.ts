import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../workers/schedule/clock';
import { ScheduleRunner } from '../../../workers/schedule/runner';
import { addSchedule, listSlots } from '../../../workers/schedule/schedule-store';
import type { ScheduleInput } from '../../../workers/schedule/types';
import { Store } from '../../../workers/store';
import { at, fakeScore, newStore } from './helpers';

const daily: ScheduleInput = {
  name: 'morning',
  preset: { kind: 'daily', at: '06:00' },
  timeZone: 'Europe/Berlin',
};

async function setup(input: ScheduleInput, startIso: string, scoreOpts = {}) {
  const store = await newStore();
  const clock = new FakeClock(at(startIso));
  const schedule = addSchedule(store, input, clock.now());
  const fake = fakeScore(store, clock, scoreOpts);
  const runner = new ScheduleRunner(store, { actions: fake.actions, clock, retryDelayMs: 1000 });
  return { store, clock, schedule, fake, runner };
}

describe('catch-up after downtime', () => {
  it('run-once: app closed for 3 days gives exactly one catch-up run, missed-then-ran', async () => {
    const { store, clock, schedule, fake, runner } = await setup(daily, '2025-06-01T03:00:00Z');
    await clock.advanceTo(at('2025-06-01T04:00:00Z')); // 06:00 CEST
    await clock.drive(runner.runDue());
    expect(fake.calls).toHaveLength(1);
    // closed until Thursday noon
    await clock.advanceTo(at('2025-06-04T10:00:00Z'));
    await clock.drive(runner.runDue());
    expect(fake.calls).toHaveLength(2);
    const slots = listSlots(store, schedule.id);
    expect(slots.map((s) => [s.slot, s.outcome, s.catchUp])).toEqual([
      ['2025-06-01T04:00:00.000Z', 'ran', false],
      ['2025-06-02T04:00:00.000Z', 'missed', false],
      ['2025-06-03T04:00:00.000Z', 'missed', false],
      ['2025-06-04T04:00:00.000Z', 'ran', true],
    ]);
    expect(slots[1].reason).toMatch(/caught up by the run for 2025-06-04T04:00:00Z/);
    expect(slots[3].reason).toMatch(
      /missed, then ran 6 h 0 min late as the catch-up for 3 missed slots/,
    );
    expect(slots[3].rowsScored).toBe(3);
    expect(slots[3].runId).not.toBeNull();
    // Running again at once does nothing: every slot already has its one row.
    await clock.drive(runner.runDue());
    expect(listSlots(store, schedule.id)).toHaveLength(4);
    expect(fake.calls).toHaveLength(2);
  });

  it('skip: app closed for 3 days gives missed rows and no run', async () => {
    const { store, clock, schedule, fake, runner } = await setup(
      { ...daily, missedPolicy: 'skip' },
      '2025-06-01T05:00:00Z',
    );
    await clock.advanceTo(at('2025-06-04T10:00:00Z'));
    await clock.drive(runner.runDue());
    expect(fake.calls).toHaveLength(0);
    const slots = listSlots(store, schedule.id);
    expect(slots.map((s) => s.outcome)).toEqual(['missed', 'missed', 'missed']);
    expect(slots[2].reason).toMatch(/6 h 0 min late; not run \(policy skip\)/);
  });

  it('a slot found within the grace period runs on time under either policy', async () => {
    const { store, clock, schedule, fake, runner } = await setup(
      { ...daily, missedPolicy: 'skip' },
      '2025-06-01T05:00:00Z',
    );
    await clock.advanceTo(at('2025-06-02T04:14:00Z'));
    await clock.drive(runner.runDue());
    expect(fake.calls).toHaveLength(1);
    expect(listSlots(store, schedule.id).map((s) => [s.outcome, s.catchUp])).toEqual([
      ['ran', false],
    ]);
  });
});

/** Ticks every `stepMin` minutes from..to, letting runs finish (fast fake actions). */
async function tickThrough(clock: FakeClock, runner: ScheduleRunner, toIso: string, stepMin = 5) {
  while (clock.now() < at(toIso)) {
    await clock.advance(stepMin * 60_000);
    const { started } = await runner.tick();
    await clock.drive(Promise.all(started));
  }
}

describe('daylight saving: exactly once per slot', () => {
  const cases: [string, string, string, string][] = [
    // zone, spring-forward day, fall-back day (UTC starts of the windows)
    ['Europe/Berlin', '2025-03-29T20:00:00Z', '2025-10-25T20:00:00Z', '+1'],
    ['America/New_York', '2025-03-09T03:00:00Z', '2025-11-02T03:00:00Z', '-5'],
  ];
  for (const [tz, spring, fall] of cases) {
    it(`${tz}: a 02:30 daily job runs once on each change day`, async () => {
      for (const start of [spring, fall]) {
        const { store, clock, schedule, fake, runner } = await setup(
          { name: 'night', cron: '30 2 * * *', timeZone: tz },
          start,
        );
        await tickThrough(clock, runner, new Date(at(start) + 12 * 3600_000).toISOString(), 15);
        const slots = listSlots(store, schedule.id);
        expect(slots).toHaveLength(1);
        expect(slots[0].outcome).toBe('ran');
        expect(fake.calls).toHaveLength(1);
      }
    });

    it(`${tz}: an hourly job runs once per real hour through both changes`, async () => {
      for (const start of [spring, fall]) {
        const { store, clock, schedule, fake, runner } = await setup(
          { name: 'hourly', preset: { kind: 'hourly', minute: 0 }, timeZone: tz },
          start,
        );
        await tickThrough(clock, runner, new Date(at(start) + 8 * 3600_000).toISOString());
        const slots = listSlots(store, schedule.id);
        expect(slots).toHaveLength(8); // 8 real hours, whatever the wall clock did
        expect(slots.every((s) => s.outcome === 'ran' && !s.catchUp)).toBe(true);
        expect(new Set(slots.map((s) => s.slotEpoch)).size).toBe(8);
        expect(fake.calls.map((c) => c.slot)).toEqual(slots.map((s) => s.slotEpoch));
      }
    });
  }
});

describe('no overlap, timeout, retries', () => {
  it('a run lasting three intervals never overlaps itself; slots meanwhile are skipped', async () => {
    const { store, clock, schedule, fake, runner } = await setup(
      { name: 'h', preset: { kind: 'hourly', minute: 0 }, timeZone: 'UTC', timeoutSeconds: 86400 },
      '2025-06-01T00:30:00Z',
      { durationMs: 3 * 3600_000 - 60_000 },
    );
    const runs: Promise<unknown>[] = [];
    while (clock.now() < at('2025-06-01T08:10:00Z')) {
      await clock.advance(5 * 60_000);
      runs.push(...(await runner.tick()).started);
    }
    await clock.drive(Promise.all(runs));
    expect(fake.maxActive).toBe(1);
    const slots = listSlots(store, schedule.id);
    expect(slots.map((s) => `${s.slot.slice(11, 13)} ${s.outcome}`)).toEqual([
      '01 ran',
      '02 skipped',
      '03 skipped',
      '04 ran',
      '05 skipped',
      '06 skipped',
      '07 ran',
      '08 skipped',
    ]);
    expect(slots[1].reason).toBe('previous run still running');
    expect(slots[0].durationMs).toBe(3 * 3600_000 - 60_000);
  });

  it('a hanging run times out and is retried once, then the slot is failed with the reason', async () => {
    const { store, clock, schedule, fake, runner } = await setup(
      { ...daily, timeoutSeconds: 60 },
      '2025-06-01T03:00:00Z',
      { durationMs: 3600_000 },
    );
    await clock.advanceTo(at('2025-06-01T04:00:00Z'));
    const [row] = await clock.drive(runner.runDue());
    expect(fake.calls).toHaveLength(2);
    expect(row.outcome).toBe('failed');
    expect(row.attempts).toBe(2);
    expect(row.reason).toBe('timed out after 60 s (after 2 attempts)');
    // The timeout keeps its code, so the UI words it in its language.
    expect(row.reasonCodes?.[0]).toMatchObject({
      code: 'error',
      params: { errorCode: 'timeout', seconds: 60, n: 2 },
    });
    expect(row.durationMs).toBe(60_000 + 1000 + 60_000);
    expect(store.scalar('SELECT count(*) FROM results')).toBe(0);
    expect(listSlots(store, schedule.id)).toHaveLength(1);
  });

  it('a failed first attempt is retried; the second succeeds', async () => {
    const { clock, fake, runner } = await setup(daily, '2025-06-01T03:00:00Z', {
      fail: (n: number) => (n === 1 ? new Error('plant file busy') : null),
    });
    await clock.advanceTo(at('2025-06-01T04:00:00Z'));
    const [row] = await clock.drive(runner.runDue());
    expect(fake.calls).toHaveLength(2);
    expect(row).toMatchObject({ outcome: 'ran', attempts: 2, reason: 'after 2 attempts' });
  });

  it('retries 0 fails after one attempt', async () => {
    const { clock, fake, runner } = await setup({ ...daily, retries: 0 }, '2025-06-01T03:00:00Z', {
      fail: () => new Error('no active model'),
    });
    await clock.advanceTo(at('2025-06-01T04:00:00Z'));
    const [row] = await clock.drive(runner.runDue());
    expect(fake.calls).toHaveLength(1);
    expect(row).toMatchObject({ outcome: 'failed', reason: 'no active model (after 1 attempt)' });
  });
});

describe('crash mid-run, then restart', () => {
  it('redoes the slot idempotently: no duplicated results, one slot row', async () => {
    const store = await newStore();
    const clock = new FakeClock(at('2025-06-01T03:00:00Z'));
    const schedule = addSchedule(store, daily, clock.now());
    let onDisk: Uint8Array = store.export();
    const persist = () => {
      onDisk = store.export();
    };
    // The first process writes its results, the file gets saved (as an autosave would),
    // then the process dies before the slot is finished: the work never returns.
    const crashing = fakeScore(store, clock, {
      afterWrite: async () => {
        persist();
        await new Promise(() => undefined);
      },
    });
    const first = new ScheduleRunner(store, { actions: crashing.actions, clock, persist });
    await clock.advanceTo(at('2025-06-01T04:05:00Z'));
    void first.runDue();
    await clock.advance(1000);
    expect(crashing.calls).toHaveLength(1);

    // Restart from what is on disk.
    const again = await Store.open(onDisk);
    expect(listSlots(again, schedule.id).map((s) => s.outcome)).toEqual(['running']);
    expect(again.scalar('SELECT count(*) FROM results')).toBe(3);
    const clock2 = new FakeClock(at('2025-06-01T04:20:00Z'));
    const healthy = fakeScore(again, clock2);
    const second = new ScheduleRunner(again, { actions: healthy.actions, clock: clock2 });
    const rows = await clock2.drive(second.runDue());
    expect(healthy.calls).toHaveLength(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'ran', attempts: 2, rowsScored: 3 });
    expect(rows[0].reason).toMatch(/redone after the process running it ended/);
    expect(rows[0].details?.score?.reused).toBe(true);
    expect(again.scalar('SELECT count(*) FROM runs')).toBe(1);
    expect(again.scalar('SELECT count(*) FROM results')).toBe(3);
    expect(listSlots(again, schedule.id)).toHaveLength(1);
  });
});
