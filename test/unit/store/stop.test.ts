import { describe, expect, it } from 'vitest';
import { cancelOnSignals, EXIT_CANCELLED } from '../../../cli/stop';

function setup() {
  const handlers = new Map<string, () => void>();
  const exits: number[] = [];
  let t = 1000;
  const err: string[] = [];
  const signal = cancelOnSignals(
    { stderr: (s) => err.push(s), exit: (c) => exits.push(c), now: () => t },
    (sig, fn) => handlers.set(sig, fn),
  );
  return { handlers, exits, signal, err, advance: (ms: number) => (t += ms) };
}

describe('cancelOnSignals', () => {
  it('cancels on SIGINT, SIGTERM and SIGHUP', () => {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      const s = setup();
      s.handlers.get(sig)!();
      expect(s.signal.aborted).toBe(true);
      expect(s.err.join('')).toContain(`${sig}: cancelling`);
      expect(s.exits).toEqual([]);
    }
  });

  it('counts the same signal twice within a moment once (launcher and terminal both send it)', () => {
    const s = setup();
    s.handlers.get('SIGINT')!();
    s.advance(10);
    s.handlers.get('SIGINT')!();
    expect(s.exits).toEqual([]);
    s.advance(1000);
    s.handlers.get('SIGINT')!();
    expect(s.exits).toEqual([EXIT_CANCELLED]);
  });

  it('a different signal after the first quits at once', () => {
    const s = setup();
    s.handlers.get('SIGTERM')!();
    s.handlers.get('SIGINT')!();
    expect(s.exits).toEqual([EXIT_CANCELLED]);
  });
});
