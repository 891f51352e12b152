/**
 * Model files in the app: export a stored model as the portable file `pdm model export`
 * writes, and import one, refusing it with a code the screen words in the user's
 * language. Import checks the whole file (workers/model/model-store.ts modelFromFile)
 * and, when the plant has data, that the model fits it: the same cadence and the same
 * feature columns. A model that could not score this plant is not stored, and the
 * refusal names what differs.
 */
import type { Store } from '../store/store';
import { featureSchema } from '../features/schema';
import { plantCadence } from '../store/plant-settings';
import { telemetrySpan } from '../store/telemetry-store';
import { describeCadence, sameCadence } from '../shared/cadence';
import { ModelFileError } from '../forest/validate-model';
import { sensorColumns } from '../model/training-data';
import {
  getModel,
  modelFromFile,
  modelProblem,
  modelToFile,
  saveModel,
} from '../model/model-store';
import type { ModelFileRefusal } from './api-types';

/** Largest model file the app reads (the CLI has no such limit; 256 MiB of JSON). */
export const MAX_MODEL_FILE_BYTES = 256 * 1024 * 1024;

/** The file name a model is offered under: plant-model-<id>-<trained to>.json. */
function fileNameOf(id: number, trainTo: number | null): string {
  const day = trainTo === null ? '' : `-${new Date(trainTo * 1000).toISOString().slice(0, 10)}`;
  return `plant-model-${id}${day}.json`;
}

/** A stored model as its portable file, or why it cannot be exported (damaged, removed). */
export function exportModelFile(
  store: Store,
  id: number,
): { ok: true; fileName: string; text: string } | { ok: false; refusal: ModelFileRefusal } {
  const record = getModel(store, id);
  const problem = modelProblem(record);
  if (problem) return { ok: false, refusal: { code: 'damaged', params: { detail: problem } } };
  return { ok: true, fileName: fileNameOf(id, record.trainTo), text: modelToFile(record) };
}

/**
 * Reads a model file and stores it (not active), or refuses it: a damaged or foreign
 * file, or a model that does not fit this plant's cadence or features. Nothing is
 * stored when it is refused.
 */
export function importModelFile(
  store: Store,
  name: string,
  text: string,
): { ok: true; id: number } | { ok: false; refusal: ModelFileRefusal } {
  let m;
  try {
    m = modelFromFile(text, name);
  } catch (e) {
    if (!(e instanceof ModelFileError)) throw e;
    // The message starts with the file name; the detail is what follows it.
    const detail = e.message.startsWith(`${name}: `) ? e.message.slice(name.length + 2) : e.message;
    return { ok: false, refusal: { code: e.code, params: { ...e.params, detail } } };
  }
  const hasData = telemetrySpan(store) !== null;
  if (hasData) {
    const plant = plantCadence(store);
    const cadence = m.cadence!;
    if (!sameCadence(cadence, plant)) {
      return {
        ok: false,
        refusal: {
          code: 'cadence-mismatch',
          params: { model: describeCadence(cadence), plant: describeCadence(plant) },
        },
      };
    }
    const mine = featureSchema(store, plant).featureNames;
    // Columns of sensors the model left out (no values when it was trained) may be extra.
    const ignored = new Set(
      (m.metrics?.leftOutSensors ?? []).flatMap((s) => sensorColumns(s, cadence)),
    );
    const want = new Set(m.featureNames);
    const have = new Set(mine);
    const missing = m.featureNames.filter((f) => !have.has(f));
    const extra = mine.filter((f) => !want.has(f) && !ignored.has(f));
    if (missing.length || extra.length) {
      return {
        ok: false,
        refusal: {
          code: 'feature-mismatch',
          params: { missing: missing.join(', '), extra: extra.join(', ') },
        },
      };
    }
  }
  return { ok: true, id: saveModel(store, m, false) };
}
