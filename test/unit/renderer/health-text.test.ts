import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { interpolate, type Vars } from '../../../renderer/i18n/i18n';
import { scoreText, shownRows, signalText } from '../../../renderer/health-text';
import { mapProblemText } from '../../../renderer/components/signal-map-editor';
import { makeI18n } from '../../../renderer/i18n/i18n';
import type { HealthRow, HealthSignal } from '../../../workers/health/types';
import { healthSignalTextEn } from '../../../workers/health/health-text';

const tEn = (k: MessageKey, v?: Vars) => interpolate(en[k], v);
const tKo = (k: MessageKey, v?: Vars) => interpolate(ko[k], v);
const numIn =
  (tag: string) =>
  (n: number, d = 0) =>
    new Intl.NumberFormat(tag, { maximumFractionDigits: d }).format(n);
const numEn = numIn('en-GB');
const numKo = numIn('ko-KR');

const signal = (s: Partial<HealthSignal> & { feature: string }): HealthSignal => ({
  basis: 'own',
  value: 0,
  center: 0,
  spread: null,
  z: 3,
  direction: 'high',
  digits: 1,
  ...s,
});

/** One signal of every shape the health ranking can hold. */
const SHAPES: HealthSignal[] = [
  signal({ feature: 'volt_mean_24', value: 187.3, center: 170.2, spread: 4.1 }),
  signal({
    feature: 'vibration_std_12',
    basis: 'peers',
    peerType: 'model3',
    value: 2.25,
    center: 5.5,
    spread: 1.1,
    direction: 'low',
  }),
  signal({
    feature: 'pressure_mean_24',
    basis: 'peers',
    peerType: 'model1',
    value: 120,
    center: 100,
  }),
  signal({ feature: 'error1_count_24', value: 5, center: 0, digits: 0 }),
  signal({ feature: 'error4_count_24', value: 1, center: 0, digits: 0 }),
  signal({
    feature: 'comp2_days_since_replace',
    basis: 'replacements',
    value: 412,
    center: 180,
    spread: 40,
    digits: 0,
  }),
  signal({
    feature: 'comp3_days_since_replace',
    basis: 'replacements',
    value: 95,
    center: 60,
    digits: 0,
  }),
  signal({ feature: 'rotate_mean_5m', value: 1234.5, center: 1500, spread: 20, direction: 'low' }),
  signal({
    feature: 'comp1_days_since_replace',
    basis: 'peers',
    value: 30,
    center: 12,
    spread: 3,
    digits: 0,
  }),
  signal({ feature: 'comp4_days_since_replace', basis: 'replacements', value: -1, digits: 0 }),
];

describe('health signals in words', () => {
  it('say the value, the direction, what is usual and against what', () => {
    expect(SHAPES.map((s) => signalText(s, tEn, numEn))).toEqual([
      'volt mean over 24 h 187.3, high (usual for this machine: 170.2 ± 4.1)',
      'vibration spread over 12 h 2.3, low (usual for model3 now: 5.5 ± 1.1)',
      'pressure mean over 24 h 120, high (usual for model1 now: 100)',
      '5 error1 alerts in 24 h (usually 0 for this machine)',
      '1 error4 alert in 24 h (usually 0 for this machine)',
      'comp2 last replaced 412 days ago (usually every 180 ± 40 days)',
      'comp3 last replaced 95 days ago (usually every 60 days)',
      'rotate mean over 5 min 1,234.5, low (usual for this machine: 1,500 ± 20)',
      'days since comp1 replaced 30, high (usual for all machines now: 12 ± 3)',
      'no replacement of comp4 on record',
    ]);
  });

  it('say in English what pdm health says', () => {
    // A replacement never made (value -1) is worded by the app alone.
    for (const s of SHAPES.filter((x) => x.value >= 0)) {
      expect(signalText(s, tEn, numEn)).toBe(healthSignalTextEn(s));
    }
  });

  it('say the same in Korean, with no English words left', () => {
    const t = (s: HealthSignal) => signalText(s, tKo, numKo);
    expect(t(SHAPES[0])).toBe('volt 24시간 평균 187.3, 높음 (이 설비 평소 170.2 ± 4.1)');
    expect(t(SHAPES[1])).toBe(
      'vibration 12시간 변동폭 2.3, 낮음 (지금 model3 설비 평소 5.5 ± 1.1)',
    );
    expect(t(SHAPES[3])).toBe('24시간 내 error1 경보 5회 (이 설비 평소 0회)');
    expect(t(SHAPES[5])).toBe('comp2 마지막 교체 412일 전 (보통 180 ± 40일마다 교체)');
    for (const s of SHAPES) {
      // Only the plant's own names (sensors, error types, components, types) stay Latin.
      const words = t(s).replace(/volt|vibration|pressure|rotate|error\d|comp\d|model\d/g, '');
      expect(words, t(s)).not.toMatch(/[A-Za-z]/);
    }
  });

  it('format the score as screen and print show it, and keep the flagged rows', () => {
    const row = (score: number, level: HealthRow['level']): HealthRow => ({
      machineId: 'M-1',
      machineType: 'model1',
      component: null,
      score,
      level,
      asOf: 0,
      signals: [],
    });
    expect(scoreText(row(87.6, 'unusual'), numEn)).toBe('88');
    const rows = [row(90, 'unusual'), row(50, 'watch'), row(5, 'normal')];
    rows[1] = { ...rows[1], machineType: 'model2' };
    const flagged = shownRows(rows, { show: 'flagged', type: '' });
    expect(flagged.map((r) => r.level)).toEqual(['unusual', 'watch']);
    expect(shownRows(rows, { show: 'all', type: '' })).toHaveLength(3);
    expect(shownRows(rows, { show: 'all', type: 'model2' }).map((r) => r.score)).toEqual([50]);
  });
});

describe('signal map refusals in words', () => {
  const i18nEn = makeI18n('en', () => undefined);
  const i18nKo = makeI18n('ko', () => undefined);
  const problem = (code: string, params: Record<string, string | number>) => ({
    field: 'signal',
    code,
    params,
    message: 'English from the engine',
  });

  it('word every code of the engine and the form, never its English message', () => {
    const cases = [
      problem('unknown-signal', {
        signal: 'temp',
        component: 'comp1',
        sensors: 'volt, rotate',
        errorTypes: '',
      }),
      problem('empty-component', { signal: 'volt', component: '' }),
      problem('too-long', { signal: 'volt', component: 'x', max: 200 }),
      problem('unknown-component', {
        signal: 'volt',
        component: 'bearing',
        components: 'comp1, comp2',
      }),
      problem('not-a-map', {}),
      problem('empty-signal', { row: 0, component: 'comp1' }),
      problem('duplicate', { row: 1, signal: 'volt' }),
    ];
    for (const p of cases) {
      for (const i of [i18nEn, i18nKo]) {
        const text = mapProblemText(p, i);
        expect(text, p.code).not.toMatch(/\{\w+\}/);
        expect(text).not.toContain('English from the engine');
      }
    }
    expect(mapProblemText(cases[0], i18nEn)).toBe(
      "'temp' is neither a sensor nor an error type of this plant (sensors: volt, rotate; error types: none).",
    );
    expect(mapProblemText(cases[0], i18nKo)).toBe(
      "'temp'은(는) 이 공장의 센서나 오류 유형이 아닙니다(센서: volt, rotate; 오류 유형: 없음).",
    );
    // A code the UI does not know yet still says that nothing was saved.
    expect(mapProblemText(problem('new-code', {}), i18nKo)).toBe(ko['healthMap.problem.other']);
  });
});
