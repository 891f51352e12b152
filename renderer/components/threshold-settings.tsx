/** Edits the high/medium risk thresholds (kept across sessions). Low is below medium. */
import { useState } from 'react';
import { useApp } from '../app-state';
import { useI18n } from '../i18n/i18n';

export function ThresholdSettings() {
  const { t } = useI18n();
  const { thresholds, setThresholds } = useApp();
  const [open, setOpen] = useState(false);
  const [high, setHigh] = useState(thresholds.high);
  const [medium, setMedium] = useState(thresholds.medium);
  const valid = high > medium && medium > 0 && high <= 1;
  return (
    <div className="thresholds">
      <button type="button" className="btn" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('risk.thresholds')}
      </button>
      {open && (
        <form
          className="popover"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) {
              setThresholds({ high, medium });
              setOpen(false);
            }
          }}
        >
          <label className="field">
            <span className="label">{t('risk.highFrom')}</span>
            <input
              type="number"
              min={0.01}
              max={1}
              step={0.01}
              value={high}
              onChange={(e) => setHigh(Number(e.target.value))}
            />
          </label>
          <label className="field">
            <span className="label">{t('risk.mediumFrom')}</span>
            <input
              type="number"
              min={0.01}
              max={1}
              step={0.01}
              value={medium}
              onChange={(e) => setMedium(Number(e.target.value))}
            />
          </label>
          {!valid && <p className="notice error small">{t('risk.thresholdsInvalid')}</p>}
          <button type="submit" className="btn primary" disabled={!valid}>
            {t('common.apply')}
          </button>
        </form>
      )}
    </div>
  );
}
