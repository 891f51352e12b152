import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { tinyForestBytes } from '../../helpers/tiny-forest';
import {
  activateModel,
  activeModelId,
  base64ToBytes,
  bytesToBase64,
  getModel,
  listModels,
  modelFromFile,
  modelToFile,
  saveModel,
  type NewModel,
} from '../../../workers/model/model-store';

const BYTES = tinyForestBytes(['a', 'b'], ['none', 'comp1']);

const model = (note: string): NewModel => ({
  learner: 'forest',
  hyperparameters: { nTrees: 3 },
  featureNames: ['a', 'b'],
  labelNames: ['none', 'comp1'],
  trainFrom: null,
  trainTo: 1000,
  horizonDays: 7,
  metrics: null,
  note,
  bytes: BYTES,
});

describe('model store', () => {
  it('keeps every model and exactly one active', async () => {
    const s = await Store.open(null);
    const a = saveModel(s, model('first'));
    const b = saveModel(s, model('second'));
    expect(activeModelId(s)).toBe(b);
    activateModel(s, a);
    expect(activeModelId(s)).toBe(a);
    expect(listModels(s).map((m) => [m.id, m.active])).toEqual([
      [b, false],
      [a, true],
    ]);
    expect(() => activateModel(s, 99)).toThrow(/no model #99/);
    expect(activeModelId(s)).toBe(a);
    expect(Array.from(getModel(s, b).bytes)).toEqual(Array.from(BYTES));
  });

  it('round-trips a model through the portable file', async () => {
    const s = await Store.open(null);
    const id = saveModel(s, model('x'));
    const back = modelFromFile(modelToFile(getModel(s, id)));
    expect(back.featureNames).toEqual(['a', 'b']);
    expect(Array.from(back.bytes)).toEqual(Array.from(BYTES));
    expect(() => modelFromFile('{"format":"other"}', 'm.json')).toThrow('m.json: not a model file');
    expect(() => modelFromFile('nope', 'm.json')).toThrow(/not JSON/);
    expect(() => modelFromFile('{"format":"pdm-model","version":99}', 'm.json')).toThrow(
      /newer version/,
    );
  });

  it('base64 round-trips every length', () => {
    for (let n = 0; n < 20; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      const s = bytesToBase64(b);
      expect(s).toBe(Buffer.from(b).toString('base64'));
      expect(Array.from(base64ToBytes(s))).toEqual(Array.from(b));
    }
  });
});
