/**
 * The scheduler clock kept by the main process: the renderer's scheduler
 * decides what is due; main only says "now" at launch, every 30 s while running, and on
 * resume from sleep (when timers were frozen and slots may have been missed). Timers
 * and the send function are injected so the behaviour is tested with a fake clock.
 */
import { SCHEDULE_TICK_MS, type ScheduleTick, type ScheduleTickReason } from './ipc-contract';

export interface ScheduleClockDeps {
  send(tick: ScheduleTick): void;
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  /** Tick period in ms (default {@link SCHEDULE_TICK_MS}). */
  intervalMs?: number;
}

export interface ScheduleClock {
  /** Sends a tick now (launch: the page finished loading; resume: powerMonitor 'resume'). */
  tick(reason: ScheduleTickReason): void;
  stop(): void;
}

/** Starts the periodic timer; the caller sends the 'launch' tick once the page has loaded. */
export function startScheduleClock(deps: ScheduleClockDeps): ScheduleClock {
  const intervalMs = deps.intervalMs ?? SCHEDULE_TICK_MS;
  if (!Number.isFinite(intervalMs) || intervalMs < 1000) {
    throw new RangeError(`intervalMs must be a finite number >= 1000, got ${intervalMs}`);
  }
  const now = deps.now ?? Date.now;
  const setI = deps.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clearI = deps.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  let stopped = false;
  const tick = (reason: ScheduleTickReason): void => {
    if (stopped) return;
    try {
      deps.send({ now: now(), reason });
    } catch {
      // the window may be gone between ticks; the next tick tries again
    }
  };
  const handle = setI(() => tick('timer'), intervalMs);
  return {
    tick,
    stop() {
      stopped = true;
      clearI(handle);
    },
  };
}
