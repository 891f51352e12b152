import { describe, expect, it } from 'vitest';
import { makeI18n } from '../../../renderer/i18n/i18n';
import {
  aboutText,
  cadenceText,
  lengthField,
  lengthText,
} from '../../../renderer/components/cadence-text';
import {
  defaultCadence,
  parseDuration,
  parseDurationList,
  proposeCadence,
} from '../../../workers/shared/cadence';

const en = makeI18n('en', () => undefined);
const ko = makeI18n('ko', () => undefined);

describe('cadence lengths on the screens', () => {
  it('writes steps and windows in hours as the feature columns are named', () => {
    expect(lengthField(12 * 3600)).toBe('12h');
    expect(lengthField(86400)).toBe('24h');
    expect(lengthField(7 * 86400)).toBe('168h');
    expect(lengthField(300)).toBe('5m');
    expect(lengthField(30)).toBe('30s');
    expect(lengthField(7 * 86400, 'horizon')).toBe('7d');
    expect(lengthField(86400, 'horizon')).toBe('24h');
    expect(lengthField(3600, 'horizon')).toBe('1h');
    expect(lengthText(en, 72 * 3600)).toBe('72 h');
    expect(lengthText(en, 14 * 86400, 'horizon')).toBe('14 days');
    expect(lengthText(ko, 14 * 86400, 'horizon')).toBe('14일');
    expect(lengthText(ko, 300)).toBe('5분');
  });

  it('reads back what the fields show', () => {
    for (const iv of [30, 120, 3600, 86400]) {
      const c = proposeCadence(iv);
      expect(parseDuration(lengthField(c.stepSeconds), 'step')).toBe(c.stepSeconds);
      expect(parseDurationList(c.windowSeconds.map((w) => lengthField(w)).join(', '), 'w')).toEqual(
        c.windowSeconds,
      );
      expect(parseDuration(lengthField(c.horizonSeconds, 'horizon'), 'h')).toBe(c.horizonSeconds);
    }
  });

  it('rounds a measured interval as a person would say it', () => {
    expect(aboutText(en, 1)).toBe('1 s');
    expect(aboutText(en, 300.4)).toBe('5 min');
    expect(aboutText(en, 3600)).toBe('1 h');
    expect(aboutText(en, 3599)).toBe('1 h');
    expect(aboutText(en, 5400)).toBe('1.5 h');
    expect(aboutText(en, 86400)).toBe('24 h');
    expect(aboutText(en, 7 * 86400)).toBe('7 days');
    expect(aboutText(ko, 86400)).toBe('24시간');
  });

  it('puts a whole cadence on one line', () => {
    expect(cadenceText(en, defaultCadence())).toBe(
      'step 12 h · windows 12 h, 24 h, 36 h · error counts 24 h · horizon 7 days',
    );
    expect(cadenceText(ko, defaultCadence())).toBe(
      '간격 12시간 · 이동 창 12시간, 24시간, 36시간 · 오류 집계 24시간 · 예측 기간 7일',
    );
  });
});
