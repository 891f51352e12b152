/**
 * Model files in the app: export gives the portable file, import stores it (not active)
 * or refuses it with a code and parameters the screen words, storing nothing.
 */
import { describe, expect, it } from 'vitest';
import { BASE, storeWith } from '../features/fixtures';
import { DAY, HOUR } from '../../../workers/shared/time';
import { Store } from '../../../workers/store/store';
import { setPlantCadence } from '../../../workers/store/plant-settings';
import { trainModel } from '../../../workers/model/train-model';
import { activeModelId, listModels } from '../../../workers/model/model-store';
import { exportModelFile, importModelFile } from '../../../workers/app/model-files';
import { crc32Hex } from '../../../workers/model/model-check';
import { EngineApi } from '../../../workers/app/engine-api';
import type { Persister } from '../../../workers/app/opfs-persister';

function rows(sensors: string[]) {
  const telemetry: (number | null)[][] = [];
  const failures: [number, number, string][] = [];
  for (let m = 1; m <= 2; m++) {
    for (let d = 4 + m; d < 30; d += 9) failures.push([m, BASE + d * DAY + 5 * HOUR, 'comp1']);
    for (let h = 0; h < 30 * 24; h++) {
      telemetry.push([m, BASE + h * HOUR, ...sensors.map((_, i) => 170 + i + (h % 5))]);
    }
  }
  return {
    sensors,
    telemetry,
    errors: [] as [number, number, string][],
    maint: [] as [number, number, string][],
    failures,
    machines: [1, 2].map((m) => [m, 'model1', 5] as [number, string, number]),
  };
}

async function exported(sensors = ['volt']): Promise<string> {
  const store = await storeWith(rows(sensors));
  const { modelId } = await trainModel(store, {
    trainTo: BASE + 20 * DAY,
    params: { nTrees: 2, maxDepth: 3 },
  });
  const r = exportModelFile(store, modelId);
  if (!r.ok) throw new Error('export refused');
  expect(r.fileName).toBe(`plant-model-${modelId}-2015-01-21.json`);
  return r.text;
}

/** The file with one field changed and the checksum made right again. */
function edited(text: string, change: (o: Record<string, unknown>) => void): string {
  const { checksum, ...doc } = JSON.parse(text);
  void checksum;
  change(doc);
  return JSON.stringify({ ...doc, checksum: crc32Hex(JSON.stringify(doc)) });
}

describe('model files in the app', () => {
  it('imports an exported model into a plant with the same features, not active', async () => {
    const text = await exported();
    const other = await storeWith(rows(['volt']));
    const r = importModelFile(other, 'm.json', text);
    expect(r).toEqual({ ok: true, id: 1 });
    expect(listModels(other).map((m) => [m.id, m.learner, m.active])).toEqual([
      [1, 'forest', false],
    ]);
    expect(activeModelId(other)).toBe(null);
  });

  it('refuses each kind of bad file with its code, storing nothing', async () => {
    const text = await exported();
    const store = await storeWith(rows(['volt']));
    const cases: [string, string, Record<string, string>][] = [
      ['{nope', 'not-json', {}],
      ['{"format":"csv"}', 'not-model-file', {}],
      ['{"format":"pdm-model","version":9}', 'newer-version', { version: '9' }],
      ['{"format":"pdm-model","version":0.5}', 'bad-version', { version: '0.5' }],
      [edited(text, (o) => delete o.featureNames), 'missing-field', { field: 'featureNames' }],
      [text.replace(/"checksum":"[0-9a-f]{8}"/, '"checksum":"00000000"'), 'checksum', {}],
      [edited(text, (o) => (o.learner = 'xgboost')), 'damaged', {}],
    ];
    for (const [file, code, params] of cases) {
      const r = importModelFile(store, 'm.json', file);
      expect(r.ok, code).toBe(false);
      if (r.ok) continue;
      expect(r.refusal.code, file.slice(0, 40)).toBe(code);
      expect(r.refusal.params).toMatchObject(params);
      expect(r.refusal.params.detail).not.toMatch(/^m\.json/);
    }
    const damaged = importModelFile(store, 'm.json', cases[6][0]);
    expect(!damaged.ok && damaged.refusal.params.detail).toBe(
      'learner "xgboost" is not one of forest, ml-random-forest',
    );
    expect(listModels(store)).toEqual([]);
  });

  it('refuses a model whose features differ from the plant, naming them', async () => {
    const text = await exported(['volt', 'rotate']);
    const store = await storeWith(rows(['volt', 'pressure']));
    const r = importModelFile(store, 'm.json', text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.code).toBe('feature-mismatch');
    expect(r.refusal.params.missing).toContain('rotate_mean_12');
    expect(r.refusal.params.extra).toContain('pressure_mean_12');
    expect(r.refusal.params.missing).not.toContain('volt');
    expect(listModels(store)).toEqual([]);
  });

  it('refuses a model on another cadence, naming both', async () => {
    const text = await exported();
    const store = await storeWith(rows(['volt']));
    setPlantCadence(store, { stepSeconds: DAY, windowSeconds: [DAY, 3 * DAY] });
    const r = importModelFile(store, 'm.json', text);
    expect(r).toEqual({
      ok: false,
      refusal: {
        code: 'cadence-mismatch',
        params: {
          model: 'step 12h, windows 12h/24h/36h, event window 24h, horizon 7d',
          plant: 'step 24h, windows 24h/72h, event window 24h, horizon 7d',
        },
      },
    });
  });

  it('takes any model into a plant without data yet', async () => {
    const text = await exported(['volt', 'rotate']);
    const empty = await Store.open(null);
    expect(importModelFile(empty, 'm.json', text).ok).toBe(true);
  });
});

describe('the engine API', () => {
  it('trains under if-better, exports and imports, saving after each change', async () => {
    let saves = 0;
    const persister: Persister = {
      load: async () => null,
      save: async () => void saves++,
      clear: async () => undefined,
    };
    const api = new EngineApi();
    await api.initWith(persister);
    await api.openDemo({ machines: 6, days: 90, seed: 3 }, () => undefined);
    const [first] = api.models();
    expect(first.active).toBe(true);
    // One leaf per tree: never flags a failure, so it is worse and not activated.
    const worse = await api.train({ trees: 1, maxDepth: 1, seed: 1 }, () => undefined);
    expect(worse.activation.activated).toBe(false);
    expect(worse.activation.comparison.kind).toBe('compared');
    expect(worse.model.active).toBe(false);
    expect(api.models().find((m) => m.active)?.id).toBe(first.id);

    const exported = api.exportModel(first.id);
    if (!exported.ok) throw new Error('export refused');
    const before = saves;
    const imported = await api.importModel(exported.fileName, exported.text);
    expect(imported.ok && imported.model.active).toBe(false);
    expect(saves).toBe(before + 1);
    const refused = await api.importModel('x.json', 'nope');
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'not-json' } });
    expect(saves).toBe(before + 1);
  }, 60_000);
});
