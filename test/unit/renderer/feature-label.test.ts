import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { interpolate, type Vars } from '../../../renderer/i18n/i18n';
import { featureLabel, reasonsText } from '../../../renderer/feature-label';

const tEn = (k: MessageKey, v?: Vars) => interpolate(en[k], v);
const tKo = (k: MessageKey, v?: Vars) => interpolate(ko[k], v);

describe('feature labels', () => {
  it('reads every feature shape of FEATURES.md in English and Korean', () => {
    expect(featureLabel('vibration_mean_24', tEn)).toBe('vibration mean 24 h');
    expect(featureLabel('flow rate_std_12', tEn)).toBe('flow rate spread 12 h');
    expect(featureLabel('E101_count_24', tEn)).toBe('E101 count 24 h');
    expect(featureLabel('comp2_days_since_replace', tEn)).toBe('days since comp2 replaced');
    expect(featureLabel('model_pump-A', tEn)).toBe('model pump-A');
    expect(featureLabel('age', tEn)).toBe('machine age');
    expect(featureLabel('something_else', tEn)).toBe('something_else');
    expect(featureLabel('volt_mean_12', tKo)).toBe('volt 평균 12시간');
    expect(featureLabel('comp1_days_since_replace', tKo)).toBe('comp1 교체 후 일수');
  });

  it('lists the top three reasons', () => {
    const r: Array<[string, number]> = [
      ['volt_mean_12', 0.2],
      ['age', 0.1],
      ['model_model3', 0.05],
      ['rotate_std_24', 0.01],
    ];
    expect(reasonsText(r, tEn)).toBe('volt mean 12 h, machine age, model model3');
  });
});
