/**
 * After a large import in the browser build: a suggestion to download a copy of the
 * plant, since the browser's storage is the only place it is kept (and may be cleared
 * when the browser was not granted persistent storage).
 */
import { useEffect, useState } from 'react';
import { useApp } from '../app-state';
import { call } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import { platform } from '../platform';
import { storageState, type StorageState } from '../platform/storage-state';

/** Rows added in one import from which a copy is suggested (a week of a plant's telemetry). */
const BIG_IMPORT_ROWS = 100_000;

export function BackupHint({ rowsAdded }: { rowsAdded: number }) {
  const { t, num } = useI18n();
  const { summary, setError } = useApp();
  const [storage, setStorage] = useState<StorageState>('unknown');
  const show = platform.persistMode === 'opfs' && rowsAdded >= BIG_IMPORT_ROWS;
  useEffect(() => {
    if (show) void storageState().then(setStorage);
  }, [show]);
  if (!show) return null;
  const download = async () => {
    try {
      const bytes = await call((e) => e.exportBytes());
      await platform.saveAs(bytes, `${summary?.name ?? 'plant'}.pdm`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="notice warn" role="status" data-testid="backup-hint">
      {t(storage === 'kept' ? 'plants.bigImport' : 'plants.bigImportMayClear', {
        rows: num(rowsAdded),
      })}{' '}
      <button type="button" className="btn small" onClick={() => void download()}>
        {t('plants.download')}
      </button>
    </div>
  );
}
