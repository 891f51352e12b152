/**
 * Whether the browser keeps this site's storage (the plants) for good. Persistent
 * storage is asked for once per page load; without it the browser may evict the plants
 * when space runs low, so the app says so and suggests downloading copies.
 */
export type StorageState = 'kept' | 'may-clear' | 'unknown';

let persistAsked: Promise<StorageState> | null = null;

/** Asks the browser to keep this site's storage (once per page) and says whether it will. */
export function storageState(): Promise<StorageState> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.persist || !storage.persisted) return Promise.resolve('unknown');
  persistAsked ??= (async () => {
    try {
      const kept = (await storage.persisted()) || (await storage.persist());
      return kept ? 'kept' : 'may-clear';
    } catch {
      return 'unknown';
    }
  })();
  return persistAsked;
}
