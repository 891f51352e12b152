/**
 * Feature names and reasons as a planner reads them, in the chosen language:
 * `vibration_mean_24` -> "vibration mean over 24 h"; a reason -> "vibration mean over
 * 24 h 52.1, high (usual for model3: 40 ± 5)". Keys are read by the modules' own
 * `featureParts`, values come rounded from the engine (`Reason.digits`), so the screen,
 * the print view and `pdm print` show the same figures.
 */
import type { I18n } from './i18n/i18n';
import { featureParts, type Reason } from '../workers/report/reason-text';

type T = I18n['t'];
type Num = I18n['num'];

function windowText(w: { n: number; unit: 'h' | 'min' | 's' }, t: T): string {
  return t(w.unit === 'h' ? 'feat.win.h' : w.unit === 'min' ? 'feat.win.min' : 'feat.win.s', {
    n: w.n,
  });
}

export function featureLabel(name: string, t: T): string {
  const p = featureParts(name);
  switch (p.kind) {
    case 'mean':
    case 'std':
    case 'count':
      return t(`feat.${p.kind}`, { name: p.name, w: windowText(p.window, t) });
    case 'daysSince':
      return t('feat.daysSince', { name: p.name });
    case 'age':
      return t('feat.age');
    case 'type':
      return t('feat.model', { name: p.name });
    default:
      return p.name;
  }
}

/** One reason in words: the feature, the machine's value and what is usual. */
export function reasonText(r: Reason, t: T, num: Num): string {
  const label = featureLabel(r.feature, t);
  if (r.value === null) return label;
  const p = featureParts(r.feature);
  const value = num(r.value, r.digits);
  const center = r.usual ? num(r.usual.center, r.digits) : '';
  switch (p.kind) {
    case 'mean':
    case 'std': {
      if (!r.usual || r.usual.spread === null || r.direction === null)
        return t('reason.plain', { label, value });
      const spread = num(r.usual.spread, r.digits);
      const usual =
        r.usual.scope === 'type'
          ? t('reason.usualType', { type: r.usual.type ?? '', center, spread })
          : t('reason.usualFleet', { center, spread });
      return t('reason.level', { label, value, dir: t(`reason.dir.${r.direction}`), usual });
    }
    case 'count': {
      const v = { value, name: p.name, w: windowText(p.window, t), center };
      // "no error1 alerts" rather than "0 error1 alerts": the quiet reads as such.
      if (r.value === 0) return t(r.usual ? 'reason.countNoneUsual' : 'reason.countNone', v);
      return t(r.usual ? 'reason.countUsual' : 'reason.count', v);
    }
    case 'daysSince':
      if (r.value < 0) return t('reason.neverReplaced', { name: p.name });
      return t(r.usual ? 'reason.replacedUsual' : 'reason.replaced', {
        name: p.name,
        value,
        center,
      });
    case 'age':
      if (r.value < 0) return t('reason.unlisted');
      return t(r.usual ? 'reason.ageUsual' : 'reason.age', { value, center });
    case 'type':
      return t(r.value >= 0.5 ? 'reason.type' : 'reason.notType', { name: p.name });
    default:
      return t('reason.plain', { label, value });
  }
}

/** The top reasons of a risk as one line ("; " between them), as screen and print show it. */
export function reasonsText(reasons: Reason[], t: T, num: Num, max = 3): string {
  return reasons
    .slice(0, max)
    .map((r) => reasonText(r, t, num))
    .join(t('reason.sep'));
}
