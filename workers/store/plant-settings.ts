/**
 * Plant settings kept in the plant file (table meta): the plant's time zone. Timestamps
 * that carry an offset (or are epoch instants) are converted to this zone's wall-clock
 * time at import; times without an offset already are plant time (FEATURES.md).
 */
import { hostZone, type Store } from './store';

export interface PlantSettings {
  /** IANA time zone name, e.g. Europe/Berlin. */
  timeZone: string;
}

/** True for an IANA zone name this platform knows ('UTC' included). */
export function isKnownTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.trim() === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The plant's time zone (this computer's when the file never had one). */
export function plantTimeZone(store: Store): string {
  return store.getMeta('time_zone') ?? hostZone();
}

/**
 * Sets the plant's time zone. Throws RangeError for a name that is not an IANA zone.
 * Stored rows are not changed: the zone applies to later imports.
 */
export function setPlantTimeZone(store: Store, zone: string): void {
  const z = zone.trim();
  if (!isKnownTimeZone(z)) {
    throw new RangeError(
      `'${zone}' is not a time zone name; use an IANA name such as Europe/Berlin, ` +
        'America/Chicago, Asia/Seoul or UTC',
    );
  }
  store.setMeta('time_zone', canonicalZone(z));
}

/** The platform's spelling of a zone name (`europe/berlin` -> `Europe/Berlin`). */
function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

export function plantSettings(store: Store): PlantSettings {
  return { timeZone: plantTimeZone(store) };
}
