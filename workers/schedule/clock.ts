/**
 * Clocks for the schedule module: the real one, and a fake one so tests can close the
 * app for three days, cross a DST change or let a run last three intervals without
 * waiting (and without any wall-clock assertion).
 */
import type { Clock } from './types';

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/** Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/** Lets pending promise callbacks run: many microtask turns, then `turns` macrotask turns. */
export async function settle(turns = 0): Promise<void> {
  for (let i = 0; i < 200; i++) await Promise.resolve();
  for (let i = 0; i < turns; i++) await new Promise((r) => setTimeout(r, 0));
}

/**
 * A clock that moves only when told. `sleep` registers a timer; `advance` moves time
 * forward firing timers in order; `drive(p)` keeps jumping to the next timer until p
 * settles, so code with timeouts and long fake runs completes at once.
 */
export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve: () => {} };
      const onAbort = () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(abortReason(signal!));
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Pending timers, for assertions. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time to `to` (epoch ms), firing due timers in order and letting their callers run. */
  async advanceTo(to: number): Promise<void> {
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > to) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
      await settle();
    }
    this.t = Math.max(this.t, to);
    await settle();
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.t + ms);
  }

  /** Runs p to completion, jumping to each next timer while p waits on one. */
  async drive<T>(p: Promise<T>): Promise<T> {
    let done = false;
    const wrapped = p.finally(() => {
      done = true;
    });
    wrapped.catch(() => undefined);
    await settle();
    while (!done) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next) {
        await settle(20);
        if (done) break;
        if (!this.timers.length) throw new Error('FakeClock.drive: the work waits on nothing');
        continue;
      }
      await this.advanceTo(next.at);
    }
    return wrapped;
  }
}
