/**
 * Opening, creating and saving plant files: shared by the Start screen and the
 * desktop app's File menu, so both do exactly the same.
 */
import { useCallback } from 'react';
import { useApp } from './app-state';
import { call, transferBytes } from './engine-client';
import { useI18n } from './i18n/i18n';
import { platform } from './platform';
import type { OpenedFile } from './platform/platform';

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
    [guard, t, changed, navigate, plantOpened],
  );

  const openBytes = useCallback(
    (bytes: Uint8Array, name: string) => guard(() => openOpened({ bytes, name })),
    [guard, openOpened],
  );

  const openFile = useCallback(
    () => guard(async () => openOpened(platform.openPlant ? await platform.openPlant() : null)),
    [guard, openOpened],
  );

  const openRecent = useCallback(
    (path: string) =>
      guard(async () => openOpened(platform.openRecent ? await platform.openRecent(path) : null)),
    [guard, openOpened],
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

  return { newPlant, openBytes, openFile, openRecent, saveAs, save };
}
