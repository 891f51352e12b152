/**
 * Opening, creating and saving plant files: shared by the Start screen and the
 * desktop app's File menu, so both do exactly the same. Nothing replaces a plant with
 * changes kept nowhere else (the desktop's demo plant before Save As) without asking;
 * in the browser build every plant opened or created is kept beside the others.
 */
import { useCallback } from 'react';
import { useApp } from './app-state';
import { call, transferBytes } from './engine-client';
import { useI18n } from './i18n/i18n';
import { platform } from './platform';
import type { OpenedFile } from './platform/platform';
import { askChoice } from './components/choice-dialog';
import { heldByOtherTab } from './plant-tabs';

export function usePlantActions() {
  const { t } = useI18n();
  const { summary, changed, navigate, setError, plantOpened } = useApp();

  const guard = useCallback(
    async (fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [setError],
  );

  /**
   * True when the open plant may be replaced: it has no unsaved changes, or the user
   * saved them (Save As) or chose to discard them.
   */
  const confirmReplace = useCallback(async () => {
    if (!platform.unsavedChanges()) return true;
    const choice = await askChoice({
      title: t('plants.unsavedTitle'),
      text: t('plants.unsavedText', { name: summary?.name ?? '' }),
      choices: [
        { value: 'save', label: t('plants.unsavedSave'), kind: 'primary' },
        { value: 'discard', label: t('plants.unsavedDiscard'), kind: 'danger' },
        { value: 'cancel', label: t('common.cancel') },
      ],
    });
    if (choice === 'discard') return true;
    if (choice !== 'save') return false;
    const bytes = await call((e) => e.exportBytes());
    await platform.saveAs(bytes, `${summary?.name ?? 'plant'}.pdm`);
    return !platform.unsavedChanges();
  }, [t, summary]);

  const openOpened = useCallback(
    async (f: OpenedFile | null) => {
      if (!f) return;
      await call((e) => e.openBytes(transferBytes(f.bytes), f.name));
      plantOpened();
      await changed();
      navigate('risks');
    },
    [changed, navigate, plantOpened],
  );

  const newPlant = useCallback(
    (name?: string) =>
      guard(async () => {
        let plantName = name?.trim() || t('start.defaultName');
        if (!(await confirmReplace())) return;
        if (platform.newPlant) {
          const ref = await platform.newPlant();
          if (!ref) return;
          plantName = ref.name;
        }
        await call((e) => e.newPlant(plantName));
        plantOpened();
        await changed();
        navigate('import');
      }),
    [guard, t, changed, navigate, plantOpened, confirmReplace],
  );

  const openBytes = useCallback(
    (bytes: Uint8Array, name: string) =>
      guard(async () => {
        if (await confirmReplace()) await openOpened({ bytes, name });
      }),
    [guard, openOpened, confirmReplace],
  );

  const openFile = useCallback(
    () =>
      guard(async () => {
        if (!platform.openPlant || !(await confirmReplace())) return;
        await openOpened(await platform.openPlant());
      }),
    [guard, openOpened, confirmReplace],
  );

  const openRecent = useCallback(
    (path: string) =>
      guard(async () => {
        if (!platform.openRecent || !(await confirmReplace())) return;
        await openOpened(await platform.openRecent(path));
      }),
    [guard, openOpened, confirmReplace],
  );

  /** Opens a plant kept in this browser; read-only when another tab holds it. */
  const openStored = useCallback(
    (id: string) =>
      guard(async () => {
        const readOnly = await heldByOtherTab(id);
        const s = await call((e) => e.openStoredPlant(id, readOnly));
        plantOpened();
        await changed();
        navigate(s.runs > 0 ? 'risks' : s.telemetryRows > 0 ? 'explore' : 'import');
      }),
    [guard, changed, navigate, plantOpened],
  );

  const saveAs = useCallback(
    () =>
      guard(async () => {
        const bytes = await call((e) => e.exportBytes());
        await platform.saveAs(bytes, `${summary?.name ?? 'plant'}.pdm`);
      }),
    [guard, summary],
  );

  const save = useCallback(
    () => guard(() => platform.afterChange(() => call((e) => e.exportBytes()))),
    [guard],
  );

  return { newPlant, openBytes, openFile, openRecent, openStored, confirmReplace, saveAs, save };
}
