import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { interpolate, type Vars } from '../../../renderer/i18n/i18n';
import { featureLabel, reasonText, reasonsText } from '../../../renderer/feature-label';
import {
  featureLabelEn,
  reasonTextEn,
  reasonsTextEn,
  type Reason,
} from '../../../workers/report/reason-text';

const tEn = (k: MessageKey, v?: Vars) => interpolate(en[k], v);
const tKo = (k: MessageKey, v?: Vars) => interpolate(ko[k], v);
// The app's number format (renderer/i18n: up to `d` decimals, en-GB or ko-KR grouping).
const numIn =
  (tag: string) =>
  (n: number, d = 0) =>
    new Intl.NumberFormat(tag, { maximumFractionDigits: d }).format(n);
const numEn = numIn('en-GB');
const numKo = numIn('ko-KR');

const reason = (r: Partial<Reason> & { feature: string }): Reason => ({
  contribution: 0.1,
  value: null,
  usual: null,
  direction: null,
  digits: 1,
  ...r,
});

/** One reason of every shape the ranking can hold. */
const SHAPES: Reason[] = [
  reason({
    feature: 'vibration_mean_24',
    value: 52.1,
    usual: { scope: 'type', type: 'model3', center: 40, spread: 5 },
    direction: 'high',
  }),
  reason({
    feature: 'volt_std_12',
    value: 9.5,
    usual: { scope: 'fleet', center: 15.2, spread: 3.1 },
    direction: 'low',
  }),
  reason({
    feature: 'pressure_mean_5m',
    value: 101.3,
    usual: { scope: 'fleet', center: 100.8, spread: 1.2 },
    direction: 'usual',
  }),
  reason({ feature: 'rotate_mean_36', value: 1234.5, digits: 1 }),
  reason({
    feature: 'error3_count_24',
    value: 4,
    usual: { scope: 'fleet', center: 0, spread: null },
    direction: 'high',
    digits: 0,
  }),
  reason({ feature: 'error1_count_30s', value: 2, digits: 0 }),
  reason({
    feature: 'error2_count_24',
    value: 0,
    usual: { scope: 'fleet', center: 0, spread: null },
    direction: 'usual',
    digits: 0,
  }),
  reason({ feature: 'error5_count_24', value: 0, digits: 0 }),
  reason({
    feature: 'comp2_days_since_replace',
    value: 292,
    usual: { scope: 'fleet', center: 60, spread: null },
    direction: 'high',
    digits: 0,
  }),
  reason({ feature: 'comp4_days_since_replace', value: -1, digits: 0 }),
  reason({ feature: 'comp1_days_since_replace', value: 17, digits: 0 }),
  reason({
    feature: 'age',
    value: 18,
    usual: { scope: 'fleet', center: 10, spread: null },
    direction: 'high',
  }),
  reason({ feature: 'age', value: -1, digits: 0 }),
  reason({ feature: 'model_model3', value: 1, digits: 0 }),
  reason({ feature: 'model_model1', value: 0, digits: 0 }),
  reason({ feature: 'vibration_mean_24' }),
  reason({ feature: 'custom', value: 0.042, digits: 3 }),
];

describe('feature labels', () => {
  it('reads every feature shape of FEATURES.md in English and Korean', () => {
    expect(featureLabel('vibration_mean_24', tEn)).toBe('vibration mean over 24 h');
    expect(featureLabel('flow rate_std_12', tEn)).toBe('flow rate spread over 12 h');
    expect(featureLabel('E101_count_24', tEn)).toBe('E101 alerts in 24 h');
    expect(featureLabel('volt_mean_5m', tEn)).toBe('volt mean over 5 min');
    expect(featureLabel('volt_mean_30s', tEn)).toBe('volt mean over 30 s');
    expect(featureLabel('comp2_days_since_replace', tEn)).toBe('days since comp2 replaced');
    expect(featureLabel('model_pump-A', tEn)).toBe('machine type pump-A');
    expect(featureLabel('age', tEn)).toBe('machine age');
    expect(featureLabel('something_else', tEn)).toBe('something_else');
    expect(featureLabel('volt_mean_12', tKo)).toBe('volt 12시간 평균');
    expect(featureLabel('error1_count_24', tKo)).toBe('24시간 내 error1 경보 수');
    expect(featureLabel('comp1_days_since_replace', tKo)).toBe('comp1 교체 후 일수');
  });

  it('never shows a raw key for a feature of the contract', () => {
    for (const key of [
      'volt_mean_12',
      'volt_std_36',
      'error5_count_24',
      'comp3_days_since_replace',
      'model_model4',
      'age',
    ]) {
      expect(featureLabel(key, tEn)).not.toContain('_');
      expect(featureLabel(key, tKo)).not.toContain('_');
    }
  });
});

describe('reasons in words', () => {
  it('says the value, the direction and what is usual', () => {
    const t = (r: Reason) => reasonText(r, tEn, numEn);
    expect(SHAPES.map(t)).toEqual([
      'vibration mean over 24 h 52.1, high (usual for model3: 40 ± 5)',
      'volt spread over 12 h 9.5, low (fleet usual 15.2 ± 3.1)',
      'pressure mean over 5 min 101.3, normal (fleet usual 100.8 ± 1.2)',
      'rotate mean over 36 h 1,234.5',
      '4 error3 alerts in 24 h (usually 0)',
      '2 error1 alerts in 30 s',
      'no error2 alerts in 24 h (usually 0)',
      'no error5 alerts in 24 h',
      'comp2 last replaced 292 days ago (fleet median 60)',
      'no replacement of comp4 on record',
      'comp1 last replaced 17 days ago',
      'machine age 18 years (fleet median 10)',
      'not in the machine list',
      'machine type model3',
      'not machine type model1',
      'vibration mean over 24 h',
      'custom 0.042',
    ]);
  });

  it('says the same in Korean, with every reason translated', () => {
    const t = (r: Reason) => reasonText(r, tKo, numKo);
    expect(t(SHAPES[0])).toBe('vibration 24시간 평균 52.1, 높음 (model3 평소 40 ± 5)');
    expect(t(SHAPES[4])).toBe('24시간 내 error3 경보 4회 (평소 0회)');
    expect(t(SHAPES[8])).toBe('comp2 마지막 교체 292일 전 (전체 중앙값 60일)');
    expect(t(SHAPES[12])).toBe('설비 목록에 없음');
    for (const r of SHAPES) {
      expect(t(r)).not.toMatch(/alerts|replaced|usual|median|machine|high|low|normal/);
    }
  });

  it('words the command line and pdm print exactly as the app in English', () => {
    for (const r of SHAPES) expect(reasonTextEn(r)).toBe(reasonText(r, tEn, numEn));
    expect(reasonsTextEn(SHAPES, 3)).toBe(reasonsText(SHAPES, tEn, numEn));
    for (const key of [
      'volt_mean_12',
      'error1_count_5m',
      'comp1_days_since_replace',
      'model_x',
      'age',
    ])
      expect(featureLabelEn(key)).toBe(featureLabel(key, tEn));
  });

  it('lists the top three reasons', () => {
    expect(reasonsText(SHAPES.slice(3, 7), tEn, numEn)).toBe(
      'rotate mean over 36 h 1,234.5; 4 error3 alerts in 24 h (usually 0); 2 error1 alerts in 30 s',
    );
  });
});
