/** The open plant's settings as the screens read them (time zone, stale steps, cadence). */
import { useEffect, useState } from 'react';
import type { PlantSettings } from '../../workers/store/plant-settings';
import { useApp } from '../app-state';
import { call } from '../engine-client';

/** The open plant's settings, read again whenever the plant changes; null while unknown. */
export function usePlantSettings(): PlantSettings | null {
  const { summary } = useApp();
  const [read, setRead] = useState<PlantSettings | null>(null);
  useEffect(() => {
    if (!summary) return;
    let live = true;
    call((e) => e.settings())
      .then((s) => live && setRead(s))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [summary]);
  // Until the new plant's settings arrive, the last ones read stay shown (same plant file).
  return summary && read ? read : null;
}

/** The open plant's time zone; null while unknown. */
export function usePlantTimeZone(): string | null {
  return usePlantSettings()?.timeZone ?? null;
}
