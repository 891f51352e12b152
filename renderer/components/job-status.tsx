/** Progress bar with a cancel button for a running job, and its error or cancel notice. */
import { useI18n } from '../i18n/i18n';
import type { Job } from './use-job';

export function JobStatus({ job, label }: { job: Job; label: string }) {
  const { t, tOr, pct } = useI18n();
  const p = job.progress;
  const frac = p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  if (job.running) {
    return (
      <div className="job" role="status" aria-live="polite">
        <div className="job-text">
          {label}
          {p ? ` · ${tOr(`phase.${p.phase}`, p.phase)}` : ''}
          {frac !== null ? ` · ${pct(frac)}` : ''}
        </div>
        <progress max={1} value={frac ?? undefined} aria-label={label} className="job-bar" />
        <button type="button" className="btn" onClick={job.cancel}>
          {t('common.cancel')}
        </button>
      </div>
    );
  }
  if (job.error) {
    return (
      <div className="notice error" role="alert">
        {job.error}
      </div>
    );
  }
  if (job.cancelled) {
    return (
      <div className="notice" role="status">
        {t('common.cancelled')}
      </div>
    );
  }
  return null;
}
