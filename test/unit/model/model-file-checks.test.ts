/**
 * Model files are checked in full before anything is stored: a generated corpus of
 * damaged and hostile files (each refused with a ModelFileError naming the problem),
 * and seeded single-byte flips of an exported file (refused, or the same model) and of
 * the learner bytes inside it (refused, or a model whose predictions are finite
 * probabilities). Stored models that fail the checks list (marked) and are refused for
 * scoring; the others still work.
 */
import { describe, expect, it } from 'vitest';
import { trainForest } from '../../../workers/forest/train-forest';
import { serializeForest } from '../../../workers/forest/serialize';
import { encodeContainer } from '../../../workers/forest/container';
import { loadModel } from '../../../workers/forest';
import { ModelFileError, MODEL_LIMITS } from '../../../workers/forest/validate-model';
import { predictProba } from '../../../workers/forest/predict';
import type { ForestModel } from '../../../workers/forest/tree';
import {
  getModel,
  listModels,
  loadStoredModel,
  modelFromFile,
  modelProblem,
  modelToFile,
  saveModel,
  type NewModel,
} from '../../../workers/model/model-store';
import { crc32Hex } from '../../../workers/model/model-check';
import { Store } from '../../../workers/store/store';
import * as mq from '../../../workers/app/model-queries';
import { createRng } from '../../../workers/forest/rng';
import { separable } from '../forest/synthetic';
import { tinyForest } from '../../helpers/tiny-forest';

const clone = (m: ForestModel): ForestModel => ({
  ...m,
  featureNames: [...m.featureNames],
  classNames: [...m.classNames],
  params: { ...m.params },
  treeOffsets: m.treeOffsets.slice(),
  feature: m.feature.slice(),
  threshold: m.threshold.slice(),
  left: m.left.slice(),
  value: m.value.slice(),
  featureImportances: m.featureImportances.slice(),
});

const record = (m: ForestModel, over: Partial<NewModel> = {}): NewModel & { created: string } => ({
  created: '2026-01-02T03:04:05.000Z',
  learner: 'forest',
  hyperparameters: { ...m.params },
  featureNames: m.featureNames,
  labelNames: m.classNames,
  trainFrom: 0,
  trainTo: 86400,
  horizonDays: 7,
  metrics: null,
  note: 'test',
  bytes: serializeForest(m),
  ...over,
});

/** A file whose checksum is right: what someone writing a hostile file would make. */
const fileOf = (m: ForestModel, over: Partial<NewModel> = {}) => modelToFile(record(m, over));
/** An exported file with fields replaced, checksum recomputed. */
function edited(text: string, change: (o: Record<string, any>) => void): string {
  const o = JSON.parse(text);
  delete o.checksum;
  change(o);
  return JSON.stringify({ ...o, checksum: crc32Hex(JSON.stringify(o)) });
}

const base = tinyForest(['a', 'b'], ['none', 'comp1', 'comp2']);
const good = fileOf(base);

/** A forest of one chain tree `levels` deep. */
function chain(levels: number): ForestModel {
  const m = clone(base);
  const n = 2 * levels + 1;
  const feature = new Int32Array(n).fill(-1);
  const left = new Int32Array(n).fill(-1);
  for (let i = 0; i < levels; i++) {
    feature[2 * i] = 0;
    left[2 * i] = 2 * i + 1; // the left child is a leaf, the right one splits again
  }
  // node 2i+1 is a leaf; node 2i+2 the next split: renumber so the right child is 2i+2
  const value = new Float32Array(n * 3).fill(1 / 3);
  return {
    ...m,
    treeOffsets: Int32Array.from([0, n]),
    feature,
    threshold: new Float64Array(n),
    left,
    value,
  };
}

type Case = [name: string, text: () => string, message: RegExp];
const forestCase = (name: string, change: (m: ForestModel) => void, message: RegExp): Case => [
  name,
  () => {
    const m = clone(base);
    change(m);
    return fileOf(m);
  },
  message,
];
const fileCase = (
  name: string,
  change: (o: Record<string, any>) => void,
  message: RegExp,
): Case => [name, () => edited(good, change), message];
const bytesCase = (name: string, bytes: () => Uint8Array, message: RegExp): Case => [
  name,
  () => fileOf(base, { bytes: bytes() }),
  message,
];

const CORPUS: Case[] = [
  // trees
  forestCase(
    'a child pointing back to its parent',
    (m) => (m.left[2] = 2),
    /tree 0 node 2: left child 2 is not after its parent/,
  ),
  forestCase(
    'a child pointing back to the root',
    (m) => (m.left[7] = 5),
    /tree 1 node 2: left child 0 is not after its parent/,
  ),
  forestCase(
    'a child index past the tree',
    (m) => (m.left[0] = 4),
    /tree 0 node 0: right child 5 is outside the tree/,
  ),
  forestCase(
    'a child index past every array',
    (m) => (m.left[0] = 1e9),
    /right child .* is outside the tree/,
  ),
  forestCase(
    'a negative child index',
    (m) => (m.left[0] = -7),
    /left child -7 is not after its parent/,
  ),
  forestCase(
    'a child in the next tree',
    (m) => (m.left[2] = 5),
    /tree 0 node 2: right child 6 is outside the tree/,
  ),
  forestCase(
    'a split on a feature beyond the list',
    (m) => (m.feature[0] = 2),
    /tree 0 node 0: split feature 2 is not among the 2 features/,
  ),
  forestCase(
    'a negative split feature other than -1',
    (m) => (m.feature[0] = -3),
    /split feature -3/,
  ),
  forestCase(
    'a NaN threshold',
    (m) => (m.threshold[0] = NaN),
    /tree 0 node 0: threshold NaN is not a finite number/,
  ),
  forestCase('an infinite threshold', (m) => (m.threshold[2] = -Infinity), /threshold -Infinity/),
  forestCase(
    'a NaN leaf frequency',
    (m) => (m.value[3] = NaN),
    /tree 0 node 1: class 0 frequency is NaN/,
  ),
  forestCase('a negative leaf frequency', (m) => (m.value[4] = -0.5), /class 1 frequency is -0.5/),
  forestCase('a leaf frequency above 1', (m) => (m.value[3] = 7), /frequency is 7/),
  forestCase('leaf frequencies summing past 1', (m) => m.value.fill(0.6, 3, 6), /sum to 1.8/),
  forestCase('a leaf with a child', (m) => (m.left[1] = 3), /tree 0 node 1: a leaf with a child/),
  forestCase(
    'an orphan node',
    (m) => ((m.feature[2] = -1), (m.left[2] = -1)),
    /tree 0 node 3: no node leads to it/,
  ),
  forestCase(
    'tree offsets past the arrays',
    (m) => (m.treeOffsets[2] = 11),
    /the trees end at node 11, the arrays at 10/,
  ),
  forestCase('an empty tree', (m) => (m.treeOffsets[1] = 0), /tree 0 has no nodes/),
  forestCase('no trees', (m) => (m.treeOffsets = Int32Array.from([0])), /no trees/),
  forestCase(
    'a NaN feature importance',
    (m) => (m.featureImportances[0] = NaN),
    /feature importance 0 is NaN/,
  ),
  forestCase(
    'importances for other features',
    (m) => (m.featureImportances = new Float64Array(3)),
    /3 feature importances for 2 features/,
  ),
  forestCase(
    'a tree deeper than the limit',
    (m) => Object.assign(m, chainRightward(MODEL_LIMITS.maxDepth + 1)),
    /deeper than 64 levels/,
  ),
  forestCase(
    'more trees than the limit',
    (m) => Object.assign(m, manyLeaves(MODEL_LIMITS.maxTrees + 1)),
    /10001 trees \(at most 10000\)/,
  ),
  // learner bytes
  bytesCase(
    'no PDMF header',
    () => new TextEncoder().encode('{"hello":1}'),
    /not a model file \(missing PDMF header\)/,
  ),
  bytesCase(
    'an unknown container version',
    () => {
      const b = serializeForest(base);
      b[4] = 9;
      return b;
    },
    /unsupported model format version 9/,
  ),
  bytesCase('truncated learner bytes', () => serializeForest(base).slice(0, 200), /truncated/),
  bytesCase(
    'an array of the wrong type',
    () => {
      const m = clone(base);
      return encodeContainer(
        {
          learner: 'forest',
          featureNames: m.featureNames,
          classNames: m.classNames,
          params: m.params,
          trainRows: 3,
        },
        {
          treeOffsets: m.treeOffsets,
          feature: m.feature,
          threshold: new Float32Array(m.threshold),
          left: m.left,
          value: m.value,
          featureImportances: m.featureImportances,
        },
      );
    },
    /wrong type/,
  ),
  bytesCase(
    'forest parameters out of range',
    () => {
      const m = clone(base);
      return serializeForest({ ...m, params: { ...m.params, maxDepth: 1000 } });
    },
    /forest parameters: maxDepth must be an integer in 1..64/,
  ),
  bytesCase(
    'a learner named in the bytes only',
    () => {
      return encodeContainer({
        learner: 'xgboost',
        featureNames: ['a', 'b'],
        classNames: ['none', 'comp1', 'comp2'],
      });
    },
    /model learner "xgboost" is not supported/,
  ),
  // the record around the bytes
  fileCase(
    'an unknown learner',
    (o) => (o.learner = 'xgboost'),
    /learner "xgboost" is not one of forest, ml-random-forest/,
  ),
  fileCase('no feature names', (o) => (o.featureNames = []), /featureNames is empty/),
  fileCase(
    'a repeated feature name',
    (o) => (o.featureNames = ['a', 'a']),
    /featureNames lists "a" twice/,
  ),
  fileCase(
    'a feature name that is a number',
    (o) => (o.featureNames = ['a', 3]),
    /featureNames entry 1 is not a string/,
  ),
  fileCase(
    'a blank label name',
    (o) => (o.labelNames = ['none', ' ', 'comp2']),
    /labelNames entry 1 is empty/,
  ),
  fileCase(
    'a very long feature name',
    (o) => (o.featureNames = ['a', 'b'.repeat(5000)]),
    /5000 characters long/,
  ),
  fileCase(
    'feature names other than the bytes',
    (o) => (o.featureNames = ['b', 'a']),
    /featureNames differ/,
  ),
  fileCase(
    'label names other than the bytes',
    (o) => (o.labelNames = ['none', 'comp1']),
    /labelNames differ/,
  ),
  fileCase(
    'a negative horizon',
    (o) => ((o.horizonDays = -1), delete o.cadence),
    /horizonDays -1 is not a number of days/,
  ),
  fileCase('a horizon as text', (o) => (o.horizonDays = '7'), /horizonDays "7"/),
  fileCase(
    'a horizon other than the cadence',
    (o) => (o.horizonDays = 3),
    /differs from the cadence's horizon/,
  ),
  fileCase('a damaged cadence', (o) => (o.cadence = { stepSeconds: -5 }), /cadence: the step/),
  fileCase(
    'a creation time that is not one',
    (o) => (o.created = 'yesterday'),
    /created "yesterday" is not a time/,
  ),
  fileCase('a note that is an object', (o) => (o.note = { a: 1 }), /note is not text/),
  fileCase(
    'training range as text',
    (o) => (o.trainTo = 'soon'),
    /trainFrom\/trainTo are not times/,
  ),
  fileCase(
    'hyperparameters as a list',
    (o) => (o.hyperparameters = [1]),
    /hyperparameters are not an object/,
  ),
  fileCase(
    'learner bytes that are not base64',
    (o) => (o.model = '@@@@'),
    /'model' is not base64 text/,
  ),
  fileCase('a format version 0', (o) => (o.version = 0), /model format 0 is not a version/),
  [
    'a wrong checksum',
    () => good.replace(/"checksum":"[0-9a-f]{8}"/, '"checksum":"00000000"'),
    /checksum does not match/,
  ],
  ['not JSON', () => good.slice(0, 100), /not a model file \(not JSON\)/],
  ['JSON but not a model file', () => '[1,2,3]', /not a model file/],
];

/** A tree splitting rightward `levels` times: node 2i splits into 2i+1 (leaf) and 2i+2. */
function chainRightward(levels: number): Partial<ForestModel> {
  const c = chain(levels);
  return {
    treeOffsets: c.treeOffsets,
    feature: c.feature,
    threshold: c.threshold,
    left: c.left,
    value: c.value,
  };
}

/** `n` single-leaf trees. */
function manyLeaves(n: number): Partial<ForestModel> {
  return {
    treeOffsets: Int32Array.from({ length: n + 1 }, (_, i) => i),
    feature: new Int32Array(n).fill(-1),
    threshold: new Float64Array(n),
    left: new Int32Array(n).fill(-1),
    value: new Float32Array(n * 3).fill(1 / 3),
  };
}

describe('model files are checked before they are stored', () => {
  it('the good file and a chain at the depth limit pass', () => {
    expect(modelFromFile(good, 'model.json').featureNames).toEqual(['a', 'b']);
    const deep = clone(base);
    Object.assign(deep, chainRightward(MODEL_LIMITS.maxDepth));
    const m = modelFromFile(fileOf(deep), 'model.json');
    const p = loadModel(m.bytes).predictProba(new Float64Array([1, 1]), 1);
    expect(Array.from(p).reduce((a, b) => a + b)).toBeCloseTo(1, 6);
  });

  it.each(CORPUS)('refuses %s, naming the problem', (_name, text, message) => {
    let err: unknown = null;
    try {
      modelFromFile(text(), 'model.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelFileError);
    expect(err).toBeInstanceOf(RangeError); // the CLI's exit 1
    expect((err as Error).message).toMatch(/^model\.json: /);
    expect((err as Error).message).toMatch(message);
  });

  it('drops damaged metrics with a note instead of refusing the model', () => {
    const m = modelFromFile(
      edited(
        good,
        (o) => (o.metrics = { test: { macroF1: 'high' }, trainRows: 5, importances: [] }),
      ),
      'model.json',
    );
    expect(m.metrics).toBeNull();
    expect(m.note).toMatch(
      /test \(metrics dropped on import: metrics.test.macroF1 is not a number\)/,
    );
  });

  it('the JS walk stops at the depth limit even on arrays never validated', () => {
    const m = clone(base);
    m.left[2] = 1; // tree 0 node 2 -> node 1 or 2: node 2 is itself, a loop
    m.feature[1] = 0;
    m.left[1] = 1;
    expect(() => predictProba(m, new Float64Array([9, 9]), 1)).toThrow(/deeper than 64 levels/);
  });
});

describe('single byte flips', () => {
  const train = separable(300, 4, 3);
  const X = separable(40, 4, 4).X;
  const WASM_ROWS = 6000; // rows x trees >= 20,000: the WebAssembly path

  it('of an exported file: refused, or the same model (seeded, 300 flips)', async () => {
    const model = await trainForest(
      { values: train.X, rows: 300, featureNames: train.names, classNames: ['none', 'c1', 'c2'] },
      train.y,
      3,
      { nTrees: 4, maxDepth: 5, seed: 3 },
    );
    const text = fileOf(model);
    const bytes = new TextEncoder().encode(text);
    const want = Array.from(predictProba(model, X, 40));
    const rng = createRng(11);
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const b = bytes.slice();
      const at = Math.floor(rng() * b.length);
      b[at] ^= 1 + Math.floor(rng() * 255);
      let m: ReturnType<typeof modelFromFile>;
      try {
        m = modelFromFile(new TextDecoder().decode(b), 'model.json');
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError);
        refused++;
        continue;
      }
      const back = loadModel(m.bytes);
      expect(back.featureNames).toEqual(model.featureNames);
      expect(back.classNames).toEqual(model.classNames);
      expect(Array.from(back.predictProba(X, 40))).toEqual(want);
    }
    expect(refused).toBeGreaterThan(250);
  });

  it('of the learner bytes: refused, or predictions that are probabilities (seeded, 300 flips)', async () => {
    const model = await trainForest(
      { values: train.X, rows: 300, featureNames: train.names, classNames: ['none', 'c1', 'c2'] },
      train.y,
      3,
      { nTrees: 4, maxDepth: 5, seed: 3 },
    );
    const bytes = serializeForest(model);
    const big = separable(WASM_ROWS, 4, 5).X;
    const rng = createRng(12);
    for (let i = 0; i < 300; i++) {
      const b = bytes.slice();
      const at = Math.floor(rng() * b.length);
      b[at] ^= 1 + Math.floor(rng() * 255);
      let m: ReturnType<typeof loadModel>;
      try {
        m = loadModel(b);
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError);
        continue;
      }
      const rows = i % 10 === 0 ? WASM_ROWS : 40;
      const p = m.predictProba(rows === 40 ? X : big, rows);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < 3; c++) {
          const v = p[r * 3 + c];
          if (!(v >= 0 && v <= 1 + 1e-4))
            throw new Error(`flip ${i} at ${at}: row ${r} class ${c} is ${v}`);
          s += v;
        }
        expect(s).toBeLessThanOrEqual(1 + 1e-3);
      }
    }
  });
});

describe('stored models that fail the checks', () => {
  it('list (marked), and only they are refused', async () => {
    const s = await Store.open(null);
    const good1 = saveModel(s, record(base), true);
    const bad = saveModel(s, record(base), false);
    const cyc = clone(base);
    cyc.left[2] = 2;
    s.db.run('UPDATE models SET model=? WHERE id=?', [serializeForest(cyc), bad]);
    const badMetrics = saveModel(s, record(base), false);
    s.db.run(`UPDATE models SET metrics='{"test":{"macroF1":[1]}}' WHERE id=?`, [badMetrics]);
    const badNames = saveModel(s, record(base), false);
    s.db.run(`UPDATE models SET feature_names='not json' WHERE id=?`, [badNames]);

    const list = listModels(s);
    expect(list.map((m) => m.id)).toEqual([badNames, badMetrics, bad, good1]);
    expect(list.find((m) => m.id === badMetrics)?.metrics).toBeNull();
    expect(list.find((m) => m.id === badMetrics)?.warning).toMatch(/metrics ignored/);
    expect(list.find((m) => m.id === badNames)?.problem).toBe('featureNames is not JSON');
    expect(modelProblem(getModel(s, bad))).toMatch(/tree 0 node 2: left child 2 is not after/);
    expect(modelProblem(getModel(s, good1))).toBeNull();
    expect(modelProblem(getModel(s, badMetrics))).toBeNull();
    expect(() => loadStoredModel(getModel(s, bad))).toThrow(
      /model #2 cannot be used: tree 0 node 2: .*pdm model remove --db FILE --id 2/,
    );
    expect(() => loadStoredModel(getModel(s, badNames))).toThrow(ModelFileError);
    expect(loadStoredModel(getModel(s, good1)).featureNames).toEqual(['a', 'b']);

    // the app's Model screen list too, with metrics damaged in other ways
    s.db.run(`UPDATE models SET metrics='{"test":{"confusion":"x"},"importances":[]}' WHERE id=?`, [
      good1,
    ]);
    const app = mq.listModels(s);
    expect(app.map((m) => [m.id, m.problem ?? null])).toEqual([
      [badNames, 'featureNames is not JSON'],
      [badMetrics, null],
      [bad, expect.stringMatching(/tree 0 node 2/)],
      [good1, null],
    ]);
    expect(app.every((m) => m.metrics === null)).toBe(true);
  });
});
