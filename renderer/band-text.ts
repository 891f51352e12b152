/**
 * Time-to-failure bands in words (docs/BANDS.md), as the ranking, the machine view and
 * the print view show them: the engine decided the band (`likelyDays`, the shortest band
 * reaching 50 %), the UI only words it, so every view says the same for a row.
 */
import type { I18n } from './i18n/i18n';
import type { RiskRow } from '../workers/app/api-types';

type T = I18n['t'];
type Bands = NonNullable<RiskRow['bands']>;

/** "likely within 3 days", "not likely within 14 days"; '' without bands. */
export function bandText(b: RiskRow['bands'], t: T): string {
  if (!b) return '';
  if (b.likelyDays === null) return t('band.notLikely', { days: b.days[b.days.length - 1] });
  return b.likelyDays === 1 ? t('band.likelyOne') : t('band.likely', { days: b.likelyDays });
}

/** A band's heading: "Within 1 day", "Within 3 days". */
export function bandHeading(days: number, t: T): string {
  return days === 1 ? t('band.withinOne') : t('band.within', { days });
}

/** Every band with its chance, one line ("Within 1 day 16.2 % · ..."), for a tooltip. */
export function bandsLine(b: Bands, t: T, pct: I18n['pct']): string {
  return b.days.map((d, i) => `${bandHeading(d, t)} ${pct(b.cumulative[i], 1)}`).join(' · ');
}
