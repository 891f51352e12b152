import { describe, expect, it } from 'vitest';
import {
  describeSchedule,
  nextRuns,
  presetToCron,
  slotsBetween,
  validateCron,
  validateTimeZone,
} from '../../../workers/schedule/cron';

const s = (iso: string) => Date.parse(iso) / 1000;
const isoList = (slots: number[]) => slots.map((x) => new Date(x * 1000).toISOString());

describe('presets and validation', () => {
  it('turns presets into cron expressions', () => {
    expect(presetToCron({ kind: 'hourly', minute: 0 })).toBe('0 * * * *');
    expect(presetToCron({ kind: 'daily', at: '06:00' })).toBe('0 6 * * *');
    expect(presetToCron({ kind: 'weekdays', at: '7:45' })).toBe('45 7 * * 1-5');
    expect(presetToCron({ kind: 'weekly', day: 'mon', at: '23:59' })).toBe('59 23 * * 1');
    expect(() => presetToCron({ kind: 'daily', at: '24:00' })).toThrow(/time of day '24:00'/);
    expect(() => presetToCron({ kind: 'hourly', minute: 60 })).toThrow(/0 to 59/);
  });

  it('refuses bad cron expressions, expressions that never run, unknown zones', () => {
    expect(validateCron(' 0  6 * * * ')).toBe('0 6 * * *');
    expect(() => validateCron('61 * * * *')).toThrow(/'61 \* \* \* \*' is not valid/);
    expect(() => validateCron('* * *')).toThrow(RangeError);
    expect(() => validateCron('0 0 30 2 *')).toThrow(/never runs/);
    expect(() => validateTimeZone('Mars/Base')).toThrow(/'Mars\/Base' is not a known IANA/);
  });

  it('describes schedules as structured data with an English text', () => {
    expect(describeSchedule({ cron: '30 2 * * *', timeZone: 'Europe/Berlin' })).toMatchObject({
      kind: 'daily',
      hour: 2,
      minute: 30,
      text: 'every day at 02:30 (Europe/Berlin)',
    });
    expect(describeSchedule({ cron: '0 * * * *', timeZone: 'UTC' }).kind).toBe('hourly');
    expect(describeSchedule({ cron: '0 6 * * 1-5', timeZone: 'UTC' }).kind).toBe('weekdays');
    expect(describeSchedule({ cron: '0 6 * * 0', timeZone: 'UTC' })).toMatchObject({
      kind: 'weekly',
      day: 'sun',
    });
    expect(describeSchedule({ cron: '*/15 6-18 * * *', timeZone: 'UTC' }).kind).toBe('cron');
  });

  it('previews the next 5 runs in the schedule time zone', () => {
    const runs = nextRuns(
      { cron: '0 6 * * *', timeZone: 'Asia/Seoul' },
      Date.parse('2025-06-01T00:00:00Z'),
    );
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2025-06-01T21:00:00.000Z',
      '2025-06-02T21:00:00.000Z',
      '2025-06-03T21:00:00.000Z',
      '2025-06-04T21:00:00.000Z',
      '2025-06-05T21:00:00.000Z',
    ]);
  });
});

describe('slots across daylight-saving changes', () => {
  it('Europe/Berlin, 02:30 daily: once on the spring-forward day (03:00 CEST), once on fall-back', () => {
    const spring = slotsBetween(
      '30 2 * * *',
      'Europe/Berlin',
      s('2025-03-28T12:00:00Z'),
      s('2025-04-01T00:00:00Z'),
      100,
    );
    expect(isoList(spring)).toEqual([
      '2025-03-29T01:30:00.000Z', // 02:30 CET
      '2025-03-30T01:00:00.000Z', // 02:30 does not exist: 03:00 CEST, once
      '2025-03-31T00:30:00.000Z', // 02:30 CEST
    ]);
    const fall = slotsBetween(
      '30 2 * * *',
      'Europe/Berlin',
      s('2025-10-24T12:00:00Z'),
      s('2025-10-28T00:00:00Z'),
      100,
    );
    expect(isoList(fall)).toEqual([
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T00:30:00.000Z', // 02:30 happens twice (CEST, then CET): one slot
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  it('America/New_York, 02:30 daily: once on both change days', () => {
    const spring = slotsBetween(
      '30 2 * * *',
      'America/New_York',
      s('2025-03-08T00:00:00Z'),
      s('2025-03-11T00:00:00Z'),
      100,
    );
    expect(isoList(spring)).toEqual([
      '2025-03-08T07:30:00.000Z',
      '2025-03-09T07:00:00.000Z', // 03:00 EDT
      '2025-03-10T06:30:00.000Z',
    ]);
    const fall = slotsBetween(
      '30 2 * * *',
      'America/New_York',
      s('2025-11-01T12:00:00Z'),
      s('2025-11-04T00:00:00Z'),
      100,
    );
    expect(isoList(fall)).toEqual(['2025-11-02T07:30:00.000Z', '2025-11-03T07:30:00.000Z']);
  });

  it.each([
    [
      'Europe/Berlin',
      '2025-10-25T22:00:00Z',
      '2025-10-26T04:00:00Z',
      '2025-03-29T22:00:00Z',
      '2025-03-30T04:00:00Z',
    ],
    [
      'America/New_York',
      '2025-11-02T03:00:00Z',
      '2025-11-02T09:00:00Z',
      '2025-03-09T04:00:00Z',
      '2025-03-09T10:00:00Z',
    ],
  ])(
    '%s, hourly: one slot per real hour, the repeated hour twice, never the same instant twice',
    (tz, f0, f1, s0, s1) => {
      const fall = slotsBetween('0 * * * *', tz, s(f0), s(f1), 100);
      // 6 real hours after f0 (exclusive) up to f1 (inclusive): 6 slots although the wall
      // clock shows one hour twice.
      expect(fall).toHaveLength(6);
      expect(new Set(fall).size).toBe(6);
      for (let i = 1; i < fall.length; i++) expect(fall[i] - fall[i - 1]).toBe(3600);
      const wall = fall.map((x) =>
        new Intl.DateTimeFormat('en-GB', {
          timeZone: tz,
          hour: '2-digit',
          hourCycle: 'h23',
        }).format(x * 1000),
      );
      expect(new Set(wall).size).toBe(5); // one wall hour occurs twice, as two real slots
      const spring = slotsBetween('0 * * * *', tz, s(s0), s(s1), 100);
      // The skipped wall hour has no slot; every real hour boundary still has one.
      expect(spring).toHaveLength(6);
      for (let i = 1; i < spring.length; i++) expect(spring[i] - spring[i - 1]).toBe(3600);
    },
  );
});
