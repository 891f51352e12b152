/**
 * The browser build's banner for a tab that shows its plant read-only because another
 * tab holds it, with "Take over" (that tab then turns read-only and says so).
 */
import { useState } from 'react';
import { useApp } from '../app-state';
import { useI18n } from '../i18n/i18n';

export function PlantTabBanner() {
  const { t } = useI18n();
  const { plantAccess, takeOver, setError } = useApp();
  const [busy, setBusy] = useState(false);
  if (!plantAccess?.readOnly) return null;
  return (
    <div className="notice warn" role="status" data-testid="read-only-banner">
      <strong>{t('plants.readOnlyTitle')}</strong>{' '}
      {plantAccess.takenOver ? t('plants.takenOver') : t('plants.openElsewhere')}{' '}
      <button
        type="button"
        className="btn small"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          takeOver()
            .catch((e: Error) => setError(e.message))
            .finally(() => setBusy(false));
        }}
      >
        {t('plants.takeOver')}
      </button>
    </div>
  );
}
