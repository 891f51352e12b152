/**
 * Plant settings: the plant's time zone (an IANA name). Minimal version kept in the
 * meta table so the export-shape tests can set it before an import.
 */
import type { Store } from './store';

const ZONE_KEY = 'time_zone';

/** Sets the plant's time zone (an IANA name such as `Europe/Berlin`). */
export function setPlantTimeZone(store: Store, zone: string): void {
  store.setMeta(ZONE_KEY, zone);
}

/** The plant's time zone; `UTC` until one is set. */
export function plantTimeZone(store: Store): string {
  return store.getMeta(ZONE_KEY) ?? 'UTC';
}
