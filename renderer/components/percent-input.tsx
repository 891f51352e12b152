/**
 * A risk typed as a percentage (10 means 10 %), the way the ranking shows risks. The
 * value outside is a probability (0.1), so filters and thresholds compare with the
 * stored risks directly. While the text is not a percentage from `min` to 100 the
 * field is marked invalid, says why, and the last valid value stays in force.
 */
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** Probability -> the percentage text shown (at most two decimals: 12.5, 0.25). */
export function percentText(p: number): string {
  return String(Math.round(p * 10000) / 100);
}

/** Percentage text -> probability, or null when it is not a number from min to 100. */
export function parsePercent(text: string, minPercent = 0): number | null {
  const s = text.trim().replace(/\s*%$/, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(s)) return null;
  const v = Number(s);
  return v >= minPercent && v <= 100 ? v / 100 : null;
}

export function PercentInput({
  value,
  onChange,
  label,
  minPercent = 0,
  disabled,
  className,
}: {
  /** Probability 0..1. */
  value: number;
  onChange: (p: number) => void;
  label: string;
  minPercent?: number;
  disabled?: boolean;
  className?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  // The text being typed; null shows the value itself.
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? percentText(value);
  const bad = text !== null && parsePercent(text, minPercent) === null;
  return (
    <span className={`percent-input${className ? ' ' + className : ''}`}>
      <input
        type="text"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={bad ? true : undefined}
        aria-describedby={bad ? `${id}-err` : undefined}
        disabled={disabled}
        value={shown}
        onChange={(e) => {
          setText(e.target.value);
          const p = parsePercent(e.target.value, minPercent);
          if (p !== null) onChange(p);
        }}
        onBlur={() => {
          if (!bad) setText(null);
        }}
      />
      <span className="unit" aria-hidden="true">
        %
      </span>
      {bad && (
        <span id={`${id}-err`} className="field-error small" role="alert">
          {t('percent.invalid', { min: minPercent })}
        </span>
      )}
    </span>
  );
}
