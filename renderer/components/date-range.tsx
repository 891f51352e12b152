/** A from/to pair of date inputs over plant time (seconds, wall time read as UTC). */
import { useI18n } from '../i18n/i18n';

const toInput = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
const fromInput = (s: string) => Date.parse(s + 'T00:00:00Z') / 1000;

export function DateRange({
  value,
  onChange,
}: {
  value: { from: number; to: number };
  onChange(v: { from: number; to: number }): void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label className="field inline">
        <span className="label">{t('common.from')}</span>
        <input
          type="date"
          value={toInput(value.from)}
          onChange={(e) => {
            const v = fromInput(e.target.value);
            if (Number.isFinite(v) && v <= value.to) onChange({ ...value, from: v });
          }}
        />
      </label>
      <label className="field inline">
        <span className="label">{t('common.to')}</span>
        <input
          type="date"
          value={toInput(value.to)}
          onChange={(e) => {
            const v = fromInput(e.target.value) + 86399;
            if (Number.isFinite(v) && v >= value.from) onChange({ ...value, to: v });
          }}
        />
      </label>
    </>
  );
}
