import { describe, expect, it } from 'vitest';
import type { ScheduleTick } from '../../../electron/ipc-contract';
import { startScheduleClock } from '../../../electron/schedule-clock';

function fakeTimers() {
  let fn: (() => void) | null = null;
  let ms = 0;
  let cleared = false;
  return {
    setInterval: (f: () => void, m: number) => {
      fn = f;
      ms = m;
      return 'handle';
    },
    clearInterval: (h: unknown) => {
      expect(h).toBe('handle');
      cleared = true;
    },
    fire: () => fn?.(),
    get ms() {
      return ms;
    },
    get cleared() {
      return cleared;
    },
  };
}

describe('schedule clock', () => {
  it('ticks every 30 s, on launch and on resume, with the current time', () => {
    const timers = fakeTimers();
    let now = 1_700_000_000_000;
    const ticks: ScheduleTick[] = [];
    const clock = startScheduleClock({ send: (t) => ticks.push(t), now: () => now, ...timers });
    expect(timers.ms).toBe(30_000);
    clock.tick('launch');
    now += 30_000;
    timers.fire();
    now += 3 * 86_400_000; // slept over a weekend
    clock.tick('resume');
    expect(ticks).toEqual([
      { now: 1_700_000_000_000, reason: 'launch' },
      { now: 1_700_000_030_000, reason: 'timer' },
      { now: 1_700_259_230_000, reason: 'resume' },
    ]);
    clock.stop();
    expect(timers.cleared).toBe(true);
    clock.tick('resume');
    timers.fire();
    expect(ticks).toHaveLength(3);
  });

  it('survives a send that throws (window gone) and validates the interval', () => {
    const timers = fakeTimers();
    let calls = 0;
    const clock = startScheduleClock({
      send: () => {
        calls++;
        throw new Error('Object has been destroyed');
      },
      ...timers,
    });
    expect(() => clock.tick('launch')).not.toThrow();
    expect(() => timers.fire()).not.toThrow();
    expect(calls).toBe(2);
    expect(() => startScheduleClock({ send: () => {}, intervalMs: 10, ...timers })).toThrow(
      RangeError,
    );
    expect(() => startScheduleClock({ send: () => {}, intervalMs: NaN, ...timers })).toThrow(
      /intervalMs/,
    );
  });
});
