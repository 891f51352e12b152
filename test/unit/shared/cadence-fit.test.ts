/** cadenceFit and proposeCadence: which data the plant's cadence suits, and what else to propose. */
import { describe, expect, it } from 'vitest';
import {
  cadenceCliArgs,
  cadenceFit,
  cadenceProblem,
  defaultCadence,
  describeCadence,
  describeInterval,
  formatInterval,
  formatWindow,
  proposeCadence,
  type Cadence,
} from '../../../workers/shared/cadence';

const S = 1;
const MIN = 60;
const H = 3600;
const D = 86400;
const YEAR = 365 * D;

const DAILY: Cadence = {
  stepSeconds: D,
  windowSeconds: [D, 3 * D, 7 * D],
  eventWindowSeconds: 3 * D,
  horizonSeconds: 14 * D,
};
const MINUTES: Cadence = {
  stepSeconds: MIN,
  windowSeconds: [5 * MIN, 10 * MIN, 30 * MIN],
  eventWindowSeconds: 30 * MIN,
  horizonSeconds: H,
};

describe('proposeCadence', () => {
  it('daily readings get a 24 h step, windows of 1, 3 and 7 days, E 3 days, H 14 days', () => {
    expect(proposeCadence(D)).toEqual(DAILY);
    expect(proposeCadence(13 * H)).toEqual(DAILY);
    expect(proposeCadence(D * 1.03)).toEqual(DAILY); // a little jitter
  });

  it('hourly readings keep the reference grid; 1 Hz and per-minute get minutes', () => {
    expect(proposeCadence(H)).toEqual(defaultCadence());
    expect(proposeCadence(10 * MIN)).toEqual(defaultCadence());
    expect(proposeCadence(S)).toEqual(MINUTES);
    expect(proposeCadence(MIN)).toEqual(MINUTES);
    expect(proposeCadence(0.01)).toEqual(MINUTES);
  });

  it('every few minutes: a 10-minute step; weekly: a 7-day step; each one is valid', () => {
    expect(proposeCadence(5 * MIN).stepSeconds).toBe(10 * MIN);
    const weekly = proposeCadence(7 * D);
    expect(weekly).toMatchObject({ stepSeconds: 7 * D, windowSeconds: [7 * D, 21 * D, 49 * D] });
    for (const iv of [
      0.001,
      0.5,
      1,
      30,
      60,
      90,
      300,
      599,
      600,
      H,
      6 * H,
      12 * H,
      D,
      7 * D,
      30 * D,
      400 * D,
    ]) {
      const p = proposeCadence(iv);
      expect(cadenceProblem(p), `interval ${iv}`).toBeNull();
      // the proposal has a step no shorter than the interval, unless the interval is beyond the limits
      if (iv <= 31 * D) expect(p.stepSeconds * 1.05, `interval ${iv}`).toBeGreaterThanOrEqual(iv);
    }
  });
});

describe('cadenceFit', () => {
  const d = defaultCadence();

  it('daily data under the defaults: not fitting, the daily proposal and a plain reason', () => {
    const f = cadenceFit(d, D, YEAR);
    expect(f.fits).toBe(false);
    expect(f.proposal).toEqual(DAILY);
    expect(f.reason).toBe(
      'readings arrive once a day (median interval 24h) but the observation step is 12h: ' +
        'about 50% of the steps would have no reading and the 12h and 24h windows hold one ' +
        'reading at most',
    );
    expect(cadenceCliArgs(f.proposal!)).toBe(
      '--step 24h --windows 24h,72h,168h --event-window 72h --horizon 14d',
    );
  });

  it('hourly data fits the defaults; daily data fits the daily settings', () => {
    expect(cadenceFit(d, H, YEAR)).toEqual({
      fits: true,
      reason: null,
      reasonCode: null,
      proposal: null,
    });
    expect(cadenceFit(d, 12 * H, YEAR).fits).toBe(true);
    expect(cadenceFit(DAILY, D, YEAR).fits).toBe(true);
    expect(cadenceFit(d, H, null).fits).toBe(true); // span unknown
  });

  it('1 Hz data has too many readings a step and gets minutes', () => {
    const f = cadenceFit(d, S, 30 * D);
    expect(f).toMatchObject({ fits: false, proposal: MINUTES });
    expect(f.reason).toMatch(
      /^readings arrive once a second \(median interval 1s\), about 43200 in each 12h/,
    );
    // The same for the UI, as figures it words in its language.
    expect(f.reasonCode).toEqual({
      code: 'dense',
      params: { intervalSeconds: S, stepSeconds: 12 * H, perStep: 43200, max: 1000 },
    });
    expect(cadenceFit(MINUTES, S, 30 * D).fits).toBe(true);
  });

  it('per-minute data over a few days spans too few steps and gets minutes', () => {
    const f = cadenceFit(d, MIN, 3 * D);
    expect(f).toMatchObject({ fits: false, proposal: MINUTES });
    expect(f.reason).toBe(
      "a typical machine's data spans 3d, less than 10 observation steps of 12h " +
        '(readings arrive once a minute): too few observations to learn from',
    );
    expect(f.reasonCode).toEqual({
      code: 'short',
      params: { intervalSeconds: MIN, stepSeconds: 12 * H, spanSeconds: 3 * D, minSteps: 10 },
    });
    // a year of per-minute readings: 720 a step suit the 12 h grid
    expect(cadenceFit(d, MIN, YEAR).fits).toBe(true);
  });

  it('says why but proposes nothing when no other preset is better', () => {
    const f = cadenceFit(d, H, 3 * D);
    expect(f.fits).toBe(false);
    expect(f.reason).toMatch(/spans 3d, less than 10 observation steps/);
    expect(f.proposal).toBeNull();
  });

  it('a hand-set cadence that suits the data is left alone', () => {
    const custom: Cadence = { ...d, stepSeconds: 6 * H, windowSeconds: [6 * H, 18 * H] };
    expect(cadenceFit(custom, H, YEAR).fits).toBe(true);
    expect(cadenceFit(custom, 8 * H, YEAR).proposal).toEqual(d);
  });
});

describe('lengths in words', () => {
  it('formats intervals, windows and cadences as the CLI prints them', () => {
    expect(describeInterval(D)).toBe('once a day');
    expect(describeInterval(H)).toBe('once an hour');
    expect(describeInterval(5 * MIN)).toBe('every 5m');
    expect(describeInterval(0.1)).toBe('every 0.1s');
    expect(formatInterval(D)).toBe('24h');
    expect(formatInterval(3 * D)).toBe('3d');
    expect(formatInterval(90.5)).toBe('90.5s');
    expect(formatWindow(7 * D)).toBe('168h');
    expect(formatWindow(5 * MIN)).toBe('5m');
    expect(formatWindow(30)).toBe('30s');
    expect(describeCadence(d())).toBe(
      'step 12h, windows 12h/24h/36h, event window 24h, horizon 7d',
    );
  });
});

function d(): Cadence {
  return defaultCadence();
}
