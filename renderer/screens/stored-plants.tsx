/**
 * The browser build's plants on the Start screen: every plant kept in this browser
 * (open, rename, download a copy, delete after a confirmation), and whether the browser
 * keeps them for good or may clear them when space runs low (persistent storage is
 * asked for once per page load).
 */
import { DataTable } from '../components/data-table';
import { useCallback, useEffect, useState } from 'react';
import type { StoredPlant } from '../../workers/app/plant-library';
import { useApp } from '../app-state';
import { call } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import { platform } from '../platform';
import { usePlantActions } from '../plant-actions';
import { heldByOtherTab } from '../plant-tabs';
import { askChoice } from '../components/choice-dialog';
import { storageState, type StorageState } from '../platform/storage-state';

/** "1.2 MB": plant files are kilobytes to hundreds of megabytes. */
function sizeText(bytes: number, num: (n: number, d?: number) => string): string {
  if (bytes < 1024 * 1024) return `${num(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${num(bytes / (1024 * 1024), 1)} MB`;
}

export function StoredPlants() {
  const { t, num, instant } = useI18n();
  const { summary, plantAccess, plantOpened, changed, navigate, setError } = useApp();
  const { openStored } = usePlantActions();
  const [plants, setPlants] = useState<StoredPlant[] | null>(null);
  const [storage, setStorage] = useState<StorageState>('unknown');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);

  const load = useCallback(async () => {
    setPlants(await call((e) => e.storedPlants()));
  }, []);

  useEffect(() => {
    // load() and storageState() set state only after their awaits.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    load().catch((e: Error) => setError(e.message));
    void storageState().then(setStorage);
  }, [load, summary, setError]);

  const openId = plantAccess?.id ?? null;

  const rename = async () => {
    if (!renaming) return;
    try {
      if (!renaming.name.trim()) {
        setError(t('plants.nameRequired'));
        return;
      }
      await call((e) => e.renameStoredPlant(renaming.id, renaming.name));
      setRenaming(null);
      if (renaming.id === openId) await changed();
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const download = async (p: StoredPlant) => {
    try {
      const bytes = await call((e) => e.storedPlantBytes(p.id));
      await platform.saveAs(bytes, `${p.name}.pdm`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const remove = async (p: StoredPlant) => {
    try {
      if (await heldByOtherTab(p.id)) {
        setError(t('plants.deleteElsewhere', { name: p.name }));
        return;
      }
      const choice = await askChoice({
        title: t('plants.deleteTitle', { name: p.name }),
        text: t('plants.deleteText', { name: p.name }),
        choices: [
          { value: 'delete', label: t('plants.delete'), kind: 'danger' },
          { value: 'cancel', label: t('common.cancel') },
        ],
      });
      if (choice !== 'delete') return;
      await call((e) => e.deleteStoredPlant(p.id));
      if (p.id === openId) {
        plantOpened();
        await changed();
        navigate('start');
      }
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="panel stored-plants">
      <h2 id="stored-title">{t('plants.title')}</h2>
      <p className="muted" data-testid="storage-state">
        {storage === 'kept'
          ? t('plants.storageKept')
          : storage === 'may-clear'
            ? t('plants.storageMayClear')
            : t('plants.storageUnknown')}
      </p>
      {plants && plants.length === 0 && <p className="muted">{t('plants.none')}</p>}
      {plants && plants.length > 0 && (
        <DataTable
          rows={plants}
          rowKey={(p) => p.id}
          label={t('plants.title')}
          rowCurrent={(p) => p.id === openId}
          scroll="none"
          columns={[
            {
              id: 'name',
              header: t('plants.name'),
              rowHeader: true,
              cell: (p) => (
                <>
                  {renaming?.id === p.id ? (
                    <form
                      className="inline-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void rename();
                      }}
                    >
                      <input
                        type="text"
                        value={renaming.name}
                        aria-label={t('plants.newName', { name: p.name })}
                        onChange={(e) => setRenaming({ id: p.id, name: e.target.value })}
                        autoFocus
                      />
                      <button type="submit" className="btn small primary">
                        {t('plants.saveName')}
                      </button>
                      <button type="button" className="btn small" onClick={() => setRenaming(null)}>
                        {t('common.cancel')}
                      </button>
                    </form>
                  ) : (
                    <>
                      {p.name}
                      {p.id === openId && <span className="muted"> · {t('plants.openHere')}</span>}
                    </>
                  )}
                </>
              ),
            },
            { id: 'size', header: t('plants.size'), num: true, cell: (p) => sizeText(p.size, num) },
            { id: 'created', header: t('plants.created'), cell: (p) => instant(p.created) },
            {
              id: 'lastOpened',
              header: t('plants.lastOpened'),
              cell: (p) => instant(p.lastOpened),
            },
            {
              id: 'actions',
              header: t('plants.actions'),
              headerHidden: true,
              cellClass: 'actions',
              cell: (p) => (
                <>
                  <button
                    type="button"
                    className="btn small"
                    disabled={p.id === openId}
                    aria-label={t('plants.openNamed', { name: p.name })}
                    onClick={() => void openStored(p.id)}
                  >
                    {t('plants.open')}
                  </button>
                  <button
                    type="button"
                    className="btn small"
                    aria-label={t('plants.renameNamed', { name: p.name })}
                    onClick={() => setRenaming({ id: p.id, name: p.name })}
                  >
                    {t('plants.rename')}
                  </button>
                  <button
                    type="button"
                    className="btn small"
                    aria-label={t('plants.downloadNamed', { name: p.name })}
                    onClick={() => void download(p)}
                  >
                    {t('plants.download')}
                  </button>
                  <button
                    type="button"
                    className="btn small danger"
                    aria-label={t('plants.deleteNamed', { name: p.name })}
                    onClick={() => void remove(p)}
                  >
                    {t('plants.delete')}
                  </button>
                </>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
