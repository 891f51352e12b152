/** Test helpers for the ingest tests: in-memory sources cut into chunks, fixtures, counts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../../workers/store/store';
import { REPO_ROOT } from '../../helpers/shared';
import type { ImportSource } from '../../../workers/ingest/types';

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'ingest');

export function fixture(name: string): Uint8Array {
  return readFileSync(join(FIXTURES, name));
}

/** A re-readable source yielding `bytes` in chunks of `size` (small sizes split CRLF, quotes, UTF-8). */
export function memSource(name: string, data: Uint8Array | string, size = 1 << 20): ImportSource {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return {
    name,
    size: bytes.length,
    chunks: async function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
  };
}

/** The same but readable once (a plain async iterable). */
export function onceSource(name: string, data: Uint8Array | string, size = 1 << 20): ImportSource {
  const s = memSource(name, data, size);
  return { ...s, chunks: (s.chunks as () => AsyncIterable<Uint8Array>)() };
}

export function count(store: Store, table: string): number {
  return Number(store.scalar(`SELECT count(*) FROM ${table}`));
}

/** Everything that an import may change, for "nothing stored" checks. */
export function snapshot(store: Store): string {
  const tables = ['machines', 'sensors', 'telemetry', 'errors', 'maint', 'failures', 'import_log'];
  const cols = store.all<{ name: string }>('PRAGMA table_info(telemetry)').map((r) => r.name);
  return JSON.stringify([tables.map((t) => count(store, t)), cols]);
}
