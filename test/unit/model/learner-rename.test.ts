/**
 * "Learner" is the algorithm that grew a model ("engine" means only the app's worker).
 * Plant files, model bytes and model files written before the rename call it `engine`:
 * they open, load and import as before, and everything written now says `learner`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { tinyForest } from '../../helpers/tiny-forest';
import { Store } from '../../../workers/store/store';
import { decodeContainer, encodeContainer } from '../../../workers/forest/container';
import { loadModel } from '../../../workers/forest/learner';
import { serializeForest } from '../../../workers/forest/serialize';
import {
  getModel,
  listModels,
  loadStoredModel,
  modelFromFile,
  modelToFile,
  saveModel,
} from '../../../workers/model/model-store';
import { crc32Hex } from '../../../workers/model/model-check';

const OLD_PLANT = join(REPO_ROOT, 'test', 'fixtures', 'store', 'plant-schema3.sqlite');

/** The container as the release before the rename wrote it: `engine` in its metadata. */
function oldBytes(): Uint8Array {
  const { meta, arrays } = decodeContainer(serializeForest(tinyForest()));
  const { learner, ...rest } = meta;
  return encodeContainer({ engine: learner, ...rest }, arrays as never);
}

describe('the learner rename', () => {
  it('opens a plant file whose models table has the engine column', async () => {
    const store = await Store.open(new Uint8Array(readFileSync(OLD_PLANT)), 'old.sqlite');
    const cols = store.all<{ name: string }>('PRAGMA table_info(models)').map((c) => c.name);
    expect(cols).toContain('learner');
    expect(cols).not.toContain('engine');
    const [m] = listModels(store);
    expect(m.learner).toBe('forest');
    expect(m.problem).toBeUndefined();
    // Its bytes name the learner `engine`; they still load and score.
    const record = getModel(store, m.id);
    expect(decodeContainer(record.bytes).meta.engine).toBe('forest');
    expect(loadStoredModel(record).learner).toBe('forest');
    // Exported now, the file says learner (version 3) and imports again.
    const file = JSON.parse(modelToFile(record));
    expect(file.version).toBe(3);
    expect(file.learner).toBe('forest');
    expect(file.engine).toBeUndefined();
    expect(modelFromFile(JSON.stringify(file)).learner).toBe('forest');
  });

  it('writes learner into new model bytes and reads old bytes with engine', () => {
    expect(decodeContainer(serializeForest(tinyForest())).meta).toMatchObject({
      learner: 'forest',
    });
    expect(decodeContainer(serializeForest(tinyForest())).meta.engine).toBeUndefined();
    expect(loadModel(oldBytes()).learner).toBe('forest');
  });

  it('imports a version 2 model file that calls the learner engine', async () => {
    const store = await Store.open(null);
    const doc = {
      format: 'pdm-model',
      version: 2,
      created: '2025-06-01T00:00:00.000Z',
      engine: 'forest',
      hyperparameters: { nTrees: 2 },
      featureNames: ['a', 'b'],
      labelNames: ['none', 'comp1'],
      trainFrom: null,
      trainTo: 1000,
      horizonDays: 7,
      metrics: null,
      note: '',
      model: Buffer.from(oldBytes()).toString('base64'),
    };
    const text = JSON.stringify({ ...doc, checksum: crc32Hex(JSON.stringify(doc)) });
    const m = modelFromFile(text, 'old.json');
    expect(m.learner).toBe('forest');
    const id = saveModel(store, m, false);
    expect(getModel(store, id).learner).toBe('forest');
    // A version 3 file must say learner: `engine` there is not read.
    const { engine, ...v3 } = { ...doc, version: 3 };
    void engine;
    expect(() => modelFromFile(JSON.stringify(v3), 'new.json')).toThrow(
      "new.json: lacks 'learner'",
    );
  });
});
