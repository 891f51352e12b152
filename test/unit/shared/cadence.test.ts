import { describe, expect, it } from 'vitest';
import {
  blockSeconds,
  cadenceFromJson,
  cadenceProblem,
  cadenceToJson,
  defaultCadence,
  describeCadence,
  formatDuration,
  formatWindow,
  parseDuration,
  parseDurationList,
  proposeCadence,
  sameCadence,
  windowSuffix,
} from '../../../workers/shared/cadence';
import { featureNamesFor } from '../../../workers/features/schema';

const H = 3600;
const D = 86400;

describe('cadence settings', () => {
  it('names windows by whole hours, else minutes, else seconds', () => {
    expect(windowSuffix(12 * H)).toBe('12');
    expect(windowSuffix(168 * H)).toBe('168');
    expect(windowSuffix(5 * 60)).toBe('5m');
    expect(windowSuffix(90 * 60)).toBe('90m');
    expect(windowSuffix(30)).toBe('30s');
    expect(windowSuffix(61)).toBe('61s');
  });

  it('parses lengths with units and refuses the rest', () => {
    expect(parseDuration('24h', 'step')).toBe(24 * H);
    expect(parseDuration('14d', 'horizon')).toBe(14 * D);
    expect(parseDuration(' 5m ', 'w')).toBe(300);
    expect(parseDuration('1.5h', 'w')).toBe(5400);
    expect(parseDuration('2 days', 'w')).toBe(2 * D);
    expect(parseDuration('30s', 'w')).toBe(30);
    expect(() => parseDuration('24', '--step')).toThrow(/--step: '24' is not a length/);
    expect(() => parseDuration('1.5s', '--step')).toThrow(/whole number of seconds/);
    expect(() => parseDuration('0h', '--step')).toThrow(/at least 1/);
    expect(parseDurationList('24h,72h, 168h', 'w')).toEqual([24 * H, 72 * H, 168 * H]);
    expect(() => parseDurationList('24h,,72h', '--windows')).toThrow(/empty entry/);
    expect(formatDuration(14 * D)).toBe('14d');
    expect(formatWindow(7 * D)).toBe('168h');
    expect(formatDuration(36 * H)).toBe('36h');
    expect(formatDuration(300)).toBe('5m');
    expect(formatDuration(61)).toBe('61s');
  });

  it('defaults give the golden file names', () => {
    const c = defaultCadence();
    expect(cadenceProblem(c)).toBeNull();
    expect(blockSeconds(c)).toBe(12 * H);
    const names = featureNamesFor(
      {
        sensors: [{ name: 'volt', col: 's1' }],
        errorTypes: ['error1'],
        components: ['comp1'],
        models: ['model1'],
      },
      c,
    );
    expect(names).toEqual([
      'volt_mean_12',
      'volt_std_12',
      'volt_mean_24',
      'volt_std_24',
      'volt_mean_36',
      'volt_std_36',
      'error1_count_24',
      'comp1_days_since_replace',
      'age',
      'model_model1',
    ]);
    expect(describeCadence(c)).toBe('step 12h, windows 12h/24h/36h, event window 24h, horizon 7d');
  });

  it('names minute and second windows by the suffix rule', () => {
    const c = {
      stepSeconds: 60,
      windowSeconds: [300, 30],
      eventWindowSeconds: 1800,
      horizonSeconds: H,
    };
    const names = featureNamesFor(
      { sensors: [{ name: 'p', col: 's1' }], errorTypes: ['e'], components: [], models: [] },
      c,
    );
    expect(names).toEqual([
      'p_mean_5m',
      'p_std_5m',
      'p_mean_30s',
      'p_std_30s',
      'e_count_30m',
      'age',
    ]);
  });

  it('refuses invalid settings with a reason', () => {
    const base = defaultCadence();
    expect(cadenceProblem({ ...base, stepSeconds: 0 })).toMatch(/step/);
    expect(cadenceProblem({ ...base, windowSeconds: [] })).toMatch(/at least one/);
    expect(cadenceProblem({ ...base, windowSeconds: [H, 60 * 60] })).toMatch(/given twice/);
    expect(cadenceProblem({ ...base, horizonSeconds: 400 * D })).toMatch(/horizon/);
    expect(cadenceProblem({ ...base, eventWindowSeconds: 1.5 })).toMatch(/event window/);
    expect(cadenceProblem({ ...base, windowSeconds: [12 * H + 1] })).toMatch(/common length/);
  });

  it('stores as JSON and refuses a damaged value', () => {
    const c = {
      stepSeconds: D,
      windowSeconds: [D, 3 * D],
      eventWindowSeconds: 3 * D,
      horizonSeconds: 14 * D,
    };
    expect(sameCadence(cadenceFromJson(cadenceToJson(c), 'x'), c)).toBe(true);
    expect(() => cadenceFromJson('{"stepSeconds":-1}', 'model 3')).toThrow(/model 3: the step/);
    expect(() => cadenceFromJson('not json', 'plant')).toThrow(/plant: cadence is not an object/);
  });

  it('proposes settings from the measured interval', () => {
    expect(proposeCadence(D)).toEqual({
      stepSeconds: D,
      windowSeconds: [D, 3 * D, 7 * D],
      eventWindowSeconds: 3 * D,
      horizonSeconds: 14 * D,
    });
    expect(sameCadence(proposeCadence(H), defaultCadence())).toBe(true);
    expect(proposeCadence(1).stepSeconds).toBe(60);
    expect(proposeCadence(60).windowSeconds).toEqual([300, 600, 1800]);
  });
});
