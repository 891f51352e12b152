/** A Store holding a small simulated plant, imported through the real importer. */
import { importCsv } from '../../workers/ingest';
import { simulatePlantInMemory, PLANT_FILE_KINDS, PLANT_FILE_NAMES } from '../../workers/simulate';
import { Store } from '../../workers/store/store';

export async function simulatedStore(opts: {
  machines: number;
  days: number;
  seed?: number;
  start?: string;
  healthy?: boolean;
}) {
  const files = await simulatePlantInMemory(opts);
  const store = await Store.open(null);
  const order = ['machines', ...PLANT_FILE_KINDS.filter((k) => k !== 'machines')] as const;
  for (const kind of order) {
    const bytes = new TextEncoder().encode(files[kind]);
    await importCsv(store, {
      name: PLANT_FILE_NAMES[kind],
      chunks: (async function* () {
        yield bytes;
      })(),
      size: bytes.length,
    });
  }
  return store;
}
