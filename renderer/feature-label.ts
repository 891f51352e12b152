/**
 * Feature names as a planner reads them, in the chosen language:
 * `vibration_mean_24` -> "vibration mean 24 h", `comp2_days_since_replace` ->
 * "days since comp2 replaced". Unknown shapes are shown as they are.
 */
import type { I18n } from './i18n/i18n';

export function featureLabel(name: string, t: I18n['t']): string {
  const w = /^(.*)_(mean|std|count)_(\d+)$/.exec(name);
  if (w) {
    const key = w[2] === 'mean' ? 'feat.mean' : w[2] === 'std' ? 'feat.std' : 'feat.count';
    return t(key, { name: w[1], w: w[3] });
  }
  const d = /^(.*)_days_since_replace$/.exec(name);
  if (d) return t('feat.daysSince', { name: d[1] });
  const m = /^model_(.*)$/.exec(name);
  if (m) return t('feat.model', { name: m[1] });
  if (name === 'age') return t('feat.age');
  return name;
}

/** The top reasons of a risk as one line of readable labels. */
export function reasonsText(reasons: Array<[string, number]>, t: I18n['t'], max = 3): string {
  return reasons
    .slice(0, max)
    .map(([f]) => featureLabel(f, t))
    .join(', ');
}
