import { describe, expect, it } from 'vitest';
import { makeI18n } from '../../../renderer/i18n/i18n';
import { initialState, toInput } from '../../../renderer/screens/schedules/schedule-form-state';
import * as text from '../../../renderer/screens/schedules/schedule-text';
import { describeSchedule } from '../../../workers/schedule/cron';
import { normaliseInput } from '../../../workers/schedule/schedule-store';

const en = makeI18n('en', () => undefined);
const ko = makeI18n('ko', () => undefined);

describe('schedule form state', () => {
  it('a new schedule defaults to daily at 06:00, latest, run once, 3600 s, 1 retry', () => {
    const input = toInput({ ...initialState(null), name: 'x', timeZone: 'Asia/Seoul' });
    expect(input).toMatchObject({
      preset: { kind: 'daily', at: '06:00' },
      timeZone: 'Asia/Seoul',
      action: { score: 'latest' },
      missedPolicy: 'run-once',
      timeoutSeconds: 3600,
      retries: 1,
      enabled: true,
    });
    expect(normaliseInput(input).cron).toBe('0 6 * * *');
  });

  it('maps each timing kind to a preset or a cron expression, and keeps a watched folder', () => {
    const base = { ...initialState(null), name: 'x', timeZone: 'UTC' };
    expect(toInput({ ...base, kind: 'hourly', minute: '15' }).preset).toEqual({
      kind: 'hourly',
      minute: 15,
    });
    expect(toInput({ ...base, kind: 'weekly', day: 'fri', at: '18:45' }).preset).toEqual({
      kind: 'weekly',
      day: 'fri',
      at: '18:45',
    });
    const cron = toInput({ ...base, kind: 'cron', cron: '30 2 * * 1-5' });
    expect([cron.preset, cron.cron]).toEqual([undefined, '30 2 * * 1-5']);
    // An empty number field reaches the engine as NaN and is refused there, by name.
    expect(() => normaliseInput(toInput({ ...base, timeoutSeconds: '' }))).toThrow(/timeout/);
    const listed = toInput({ ...base, list: true, listDir: ' out ', listFormats: ['csv'] });
    expect(listed.action).toEqual({ score: 'latest', listDir: 'out', listFormats: ['csv'] });
    const round = initialState({
      ...normaliseInput({ ...listed, action: { ...listed.action, watchDir: '/in' } }),
      id: 1,
      created: '',
      lastSlot: null,
      description: describeSchedule({ cron: '0 6 * * *', timeZone: 'UTC' }),
      nextRuns: [],
      lastSlotRow: null,
    });
    expect(toInput(round).action).toEqual({
      score: 'latest',
      watchDir: '/in',
      listDir: 'out',
      listFormats: ['csv'],
    });
  });

  it("keeps the watched folder's import profile, and drops it with the folder", () => {
    const base = { ...initialState(null), name: 'x', timeZone: 'UTC' };
    const input = toInput({ ...base, watchDir: '/in', profile: 'pumps', score: 'none' });
    expect(input.action).toEqual({ score: 'none', watchDir: '/in', profile: 'pumps' });
    const stored = normaliseInput(input);
    expect(stored.action.profile).toBe('pumps');
    const round = initialState({
      ...stored,
      id: 1,
      created: '',
      lastSlot: null,
      description: describeSchedule({ cron: '0 6 * * *', timeZone: 'UTC' }),
      nextRuns: [],
      lastSlotRow: null,
    });
    expect(round.profile).toBe('pumps');
    expect(toInput({ ...base, profile: '' }).action).toEqual({ score: 'latest' });
  });
});

describe('schedule text', () => {
  it('describes schedules in English and Korean', () => {
    const d = describeSchedule({ cron: '30 7 * * 1', timeZone: 'Europe/Berlin' });
    expect(text.describe(en, d)).toBe('Every Monday at 07:30 (Europe/Berlin)');
    expect(text.describe(ko, d)).toBe('매주 월요일 07:30 (Europe/Berlin)');
    const c = describeSchedule({ cron: '*/5 * * * * *', timeZone: 'UTC' });
    expect(text.describe(en, c)).toBe('Cron “*/5 * * * * *” (UTC)');
  });

  it("shows a run instant in the schedule's own zone, and how far away it is", () => {
    const s = text.inZone(en, '2026-03-29T05:30:00.000Z', 'Europe/Berlin'); // after DST began
    expect(s).toContain('07:30');
    expect(s).toMatch(/CEST|GMT\+2/);
    const now = Date.parse('2026-03-29T00:00:00Z');
    expect(text.fromNow(en, '2026-03-29T05:30:00.000Z', now)).toBe('in 6 hours');
    expect(text.fromNow(en, '2026-04-02T00:00:00.000Z', now)).toBe('in 4 days');
    expect(text.duration(en, 1500)).toBe('1.5 s');
    expect(text.duration(en, 125_000)).toBe('2 min 5 s');
  });
});
