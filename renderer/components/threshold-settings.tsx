/**
 * Edits the open plant's high/medium risk thresholds (kept in the plant file, so its
 * printed lists, `pdm print` and its schedules use the same). Low is below medium.
 */
import { useState } from 'react';
import { useApp } from '../app-state';
import { useI18n } from '../i18n/i18n';
import { PercentInput } from './percent-input';

export function ThresholdSettings() {
  const { t } = useI18n();
  const { thresholds, setThresholds } = useApp();
  const [open, setOpen] = useState(false);
  const [high, setHigh] = useState(thresholds.high);
  const [medium, setMedium] = useState(thresholds.medium);
  const [failed, setFailed] = useState<string | null>(null);
  const valid = high > medium && medium > 0 && high <= 1;
  return (
    <div className="thresholds">
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        onClick={() => {
          // Opened: the fields start from the plant's current thresholds.
          if (!open) {
            setHigh(thresholds.high);
            setMedium(thresholds.medium);
            setFailed(null);
          }
          setOpen(!open);
        }}
      >
        {t('risk.thresholds')}
      </button>
      {open && (
        <form
          className="popover"
          onSubmit={(e) => {
            e.preventDefault();
            if (!valid) return;
            setThresholds({ high, medium }).then(
              () => setOpen(false),
              (err: Error) => setFailed(err.message),
            );
          }}
        >
          <div className="field">
            <span className="label" aria-hidden="true">
              {t('risk.highFrom')}
            </span>
            <PercentInput
              label={t('risk.highFrom')}
              value={high}
              onChange={setHigh}
              minPercent={1}
            />
          </div>
          <div className="field">
            <span className="label" aria-hidden="true">
              {t('risk.mediumFrom')}
            </span>
            <PercentInput
              label={t('risk.mediumFrom')}
              value={medium}
              onChange={setMedium}
              minPercent={1}
            />
          </div>
          {!valid && <p className="notice error small">{t('risk.thresholdsInvalid')}</p>}
          {failed && (
            <p className="notice error small" role="alert">
              {failed}
            </p>
          )}
          <button type="submit" className="btn primary" disabled={!valid}>
            {t('common.apply')}
          </button>
        </form>
      )}
    </div>
  );
}
