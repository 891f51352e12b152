/**
 * TreeEnsembleClassifiers made elsewhere: every split mode we read, missing values to
 * either side and float inputs score as ONNX Runtime scores them; everything else is
 * refused with its reason.
 */
import { describe, expect, it } from 'vitest';
import onnxProto from 'onnx-proto';
import { createRng } from '../../../workers/forest/rng';
import { predictProba } from '../../../workers/forest/predict';
import { contributions } from '../../../workers/forest/explain';
import { deserializeForest } from '../../../workers/forest/serialize';
import {
  floatThresholdAsDouble,
  onnxModelRecord,
  onnxToForest,
  readOnnxManifest,
  type OnnxImportManifest,
} from '../../../workers/export/onnx-model';
import { nextDown, nextUp, runOrt } from './onnx-helpers';

const { onnx } = onnxProto;
const A = onnx.AttributeProto.AttributeType;

const CADENCE = {
  stepSeconds: 43200,
  windowSeconds: [43200, 86400, 129600],
  eventWindowSeconds: 86400,
  horizonSeconds: 604800,
};
const MANIFEST: OnnxImportManifest = {
  features: ['temp_mean_12h', 'vib_max_24h', 'errors_24h'],
  classes: ['none', 'pump', 'valve'],
  cadence: CADENCE,
  timeZone: 'UTC',
  trainFrom: null,
  trainTo: null,
};

interface Spec {
  modes?: string[];
  values?: number[];
  missingTrue?: number[];
  featureIds?: number[];
  trueIds?: number[];
  falseIds?: number[];
  nodeIds?: number[];
  treeIds?: number[];
  weights?: Array<[tree: number, node: number, cls: number, w: number]>;
  labels?: string[];
  post?: string;
  float?: boolean;
  /** Float thresholds (nodes_values) on a double input. */
  floatThresholds?: boolean;
  intLabels?: boolean;
  /** The input's second dimension named, not numbered. */
  symbolicWidth?: boolean;
  extra?: Array<Record<string, unknown>>;
  extraNodes?: Array<Record<string, unknown>>;
}

/**
 * Two trees of three splits each (as Spark or skl2onnx write them):
 * tree 0: node 0 on feature 0 -> 1 / 2; node 1 on feature 1 -> 3 / 4; node 2 on 2 -> 5 / 6.
 * tree 1: node 0 on feature 1 -> 1 / 2 (leaves).
 */
function foreign(s: Spec = {}): Uint8Array {
  const modes = s.modes ?? [
    'BRANCH_LT',
    'BRANCH_GTE',
    'BRANCH_GT',
    'LEAF',
    'LEAF',
    'LEAF',
    'LEAF',
    'BRANCH_LEQ',
    'LEAF',
    'LEAF',
  ];
  const values = s.values ?? [0.1, 2.5, 7, 0, 0, 0, 0, 1 / 3, 0, 0];
  const w =
    s.weights ??
    ([
      [0, 3, 0, 0.4],
      [0, 3, 1, 0.1],
      [0, 4, 1, 0.25],
      [0, 4, 2, 0.25],
      [0, 5, 0, 0.5],
      [0, 6, 2, 0.3],
      [0, 6, 0, 0.2],
      [1, 1, 0, 0.5],
      [1, 2, 1, 0.2],
      [1, 2, 2, 0.3],
    ] as Array<[number, number, number, number]>);
  const attrs: Array<Record<string, unknown>> = [
    { name: 'nodes_treeids', type: A.INTS, ints: s.treeIds ?? [0, 0, 0, 0, 0, 0, 0, 1, 1, 1] },
    { name: 'nodes_nodeids', type: A.INTS, ints: s.nodeIds ?? [0, 1, 2, 3, 4, 5, 6, 0, 1, 2] },
    {
      name: 'nodes_featureids',
      type: A.INTS,
      ints: s.featureIds ?? [0, 1, 2, 0, 0, 0, 0, 1, 0, 0],
    },
    {
      name: 'nodes_modes',
      type: A.STRINGS,
      strings: modes.map((m) => new TextEncoder().encode(m)),
    },
    s.float || s.floatThresholds
      ? { name: 'nodes_values', type: A.FLOATS, floats: values.map(Math.fround) }
      : {
          name: 'nodes_values_as_tensor',
          type: A.TENSOR,
          t: { dataType: 11, dims: [values.length], doubleData: values },
        },
    { name: 'nodes_truenodeids', type: A.INTS, ints: s.trueIds ?? [1, 3, 5, 0, 0, 0, 0, 1, 0, 0] },
    {
      name: 'nodes_falsenodeids',
      type: A.INTS,
      ints: s.falseIds ?? [2, 4, 6, 0, 0, 0, 0, 2, 0, 0],
    },
    {
      name: 'nodes_missing_value_tracks_true',
      type: A.INTS,
      ints: s.missingTrue ?? [0, 1, 0, 0, 0, 0, 0, 1, 0, 0],
    },
    { name: 'class_treeids', type: A.INTS, ints: w.map((x) => x[0]) },
    { name: 'class_nodeids', type: A.INTS, ints: w.map((x) => x[1]) },
    { name: 'class_ids', type: A.INTS, ints: w.map((x) => x[2]) },
    { name: 'class_weights', type: A.FLOATS, floats: w.map((x) => x[3]) },
    s.intLabels
      ? { name: 'classlabels_int64s', type: A.INTS, ints: [0, 1, 2] }
      : {
          name: 'classlabels_strings',
          type: A.STRINGS,
          strings: (s.labels ?? MANIFEST.classes).map((m) => new TextEncoder().encode(m)),
        },
    { name: 'post_transform', type: A.STRING, s: new TextEncoder().encode(s.post ?? 'NONE') },
    ...(s.extra ?? []),
  ];
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'elsewhere',
    opsetImport: [
      { domain: '', version: 13 },
      { domain: 'ai.onnx.ml', version: s.float ? 1 : 3 },
    ],
    graph: {
      name: 'g',
      node: [
        {
          opType: 'TreeEnsembleClassifier',
          domain: 'ai.onnx.ml',
          input: ['X'],
          output: ['label', 'probabilities'],
          attribute: attrs,
        },
        ...(s.extraNodes ?? []),
      ],
      input: [
        {
          name: 'X',
          type: {
            tensorType: {
              elemType: s.float ? 1 : 11,
              shape: {
                dim: [{ dimParam: 'N' }, s.symbolicWidth ? { dimParam: 'F' } : { dimValue: 3 }],
              },
            },
          },
        },
      ],
      output: [
        {
          name: 'label',
          type: {
            tensorType: { elemType: s.intLabels ? 7 : 8, shape: { dim: [{ dimParam: 'N' }] } },
          },
        },
        {
          name: 'probabilities',
          type: {
            tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }] } },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Rows at, just above and just below every threshold (as doubles and as floats), and NaN. */
function probe(values: number[], rows: number): Float64Array {
  const rng = createRng(4);
  const near: number[] = [];
  for (const v of values) {
    const f = Math.fround(v);
    near.push(v, nextUp(v), nextDown(v), f, nextUp(f), nextDown(f));
    near.push(floatThresholdAsDouble(f), nextUp(floatThresholdAsDouble(f)));
  }
  const X = new Float64Array(rows * 3);
  for (let i = 0; i < X.length; i++) {
    const u = rng();
    X[i] = u < 0.15 ? NaN : u < 0.7 ? near[Math.floor(rng() * near.length)] : rng() * 10 - 1;
  }
  return X;
}

describe('importing a TreeEnsembleClassifier made elsewhere', () => {
  it('scores double inputs as ONNX Runtime: LT, GTE, GT, LEQ splits, NaN either way', async () => {
    const bytes = foreign();
    const model = onnxToForest(bytes, MANIFEST);
    expect(model.nanRight).toBeDefined();
    const rows = 20_000;
    const X = probe([0.1, 2.5, 7, 1 / 3], rows);
    const ours = predictProba(model, X, rows);
    const theirs = await runOrt(bytes, X, rows, 3);
    let maxDiff = 0;
    for (let i = 0; i < ours.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('explains along the same paths: reasons add up to the probability, NaN either way', () => {
    const model = onnxToForest(foreign(), MANIFEST);
    const X = probe([0.1, 2.5, 7, 1 / 3], 500);
    const p = predictProba(model, X, 500);
    for (let r = 0; r < 500; r++) {
      for (let c = 0; c < 3; c++) {
        const { bias, contribution } = contributions(model, X.subarray(r * 3, r * 3 + 3), c);
        const sum = contribution.reduce((a, b) => a + b, bias);
        expect(Math.abs(sum - p[r * 3 + c])).toBeLessThan(1e-6);
      }
    }
  });

  it('scores float inputs as ONNX Runtime scores the rows rounded to float', async () => {
    const values = [0.1, 2.5, 7.3, 1 / 3, 0, 0, 0, 0, 0, 0];
    const modes = [
      'BRANCH_LT',
      'BRANCH_GTE',
      'BRANCH_GT',
      'LEAF',
      'LEAF',
      'LEAF',
      'LEAF',
      'BRANCH_LEQ',
      'LEAF',
      'LEAF',
    ];
    // thresholds in the tree order of foreign(): tree 1's split is node 7 here
    const bytes = foreign({ float: true, values, modes });
    const model = onnxToForest(bytes, MANIFEST);
    const rows = 20_000;
    const X = probe([0.1, 2.5, 7.3, 1 / 3], rows);
    const ours = predictProba(model, X, rows);
    const theirs = await runOrt(bytes, X, rows, 3, 'float32');
    let maxDiff = 0;
    for (let i = 0; i < ours.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('scores double inputs with float thresholds and integer labels as ONNX Runtime', async () => {
    const bytes = foreign({ floatThresholds: true, intLabels: true, symbolicWidth: true });
    const model = onnxToForest(bytes, MANIFEST);
    expect(model.classNames).toEqual(MANIFEST.classes);
    const rows = 20_000;
    const X = probe([0.1, 2.5, 7, 1 / 3], rows);
    const ours = predictProba(model, X, rows);
    const theirs = await runOrt(bytes, X, rows, 3);
    let maxDiff = 0;
    for (let i = 0; i < ours.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('reads a model with a ZipMap after the trees (as skl2onnx writes them)', () => {
    const zip = {
      opType: 'ZipMap',
      domain: 'ai.onnx.ml',
      input: ['probabilities'],
      output: ['output_probability'],
      attribute: [
        {
          name: 'classlabels_strings',
          type: A.STRINGS,
          strings: MANIFEST.classes.map((c) => new TextEncoder().encode(c)),
        },
      ],
    };
    expect(onnxToForest(foreign({ extraNodes: [zip] }), MANIFEST).classNames).toEqual(
      MANIFEST.classes,
    );
  });

  it('finds the double that decides as a float threshold does', () => {
    for (const t of [0.1, 1 / 3, 2.5, -7.3, 1e-30, 3e38].map(Math.fround)) {
      const d = floatThresholdAsDouble(t);
      expect(Math.fround(d)).toBeLessThanOrEqual(t);
      expect(Math.fround(nextUp(d))).toBeGreaterThan(t);
    }
  });

  it('stores the model with the manifest names and cadence', () => {
    const r = onnxModelRecord(
      foreign(),
      { model: { ...MANIFEST, timeZone: 'Asia/Seoul' } },
      'm.onnx',
    );
    expect(r.learner).toBe('forest');
    expect(r.featureNames).toEqual(MANIFEST.features);
    expect(r.labelNames).toEqual(MANIFEST.classes);
    expect(r.cadence).toEqual(CADENCE);
    expect(r.note).toBe('imported from ONNX (elsewhere, 2 trees), made for time zone Asia/Seoul');
    expect(r.hyperparameters).toEqual({
      nTrees: 2,
      maxDepth: 2,
      importedFrom: 'onnx',
      producer: 'elsewhere',
    });
    expect(deserializeForest(r.bytes).treeOffsets.length).toBe(3);
  });

  const refused: Array<[string, () => Uint8Array, RegExp, OnnxImportManifest?]> = [
    ['not ONNX', () => new TextEncoder().encode('{"format":"pdm-model"}'), /not an ONNX model/],
    [
      'a probit transform',
      () => foreign({ post: 'PROBIT' }),
      /post_transform is PROBIT: only NONE/,
    ],
    [
      'an EQ split',
      () =>
        foreign({
          modes: [
            'BRANCH_EQ',
            'BRANCH_GTE',
            'BRANCH_GT',
            'LEAF',
            'LEAF',
            'LEAF',
            'LEAF',
            'BRANCH_LEQ',
            'LEAF',
            'LEAF',
          ],
        }),
      /tree 0 node 0: mode BRANCH_EQ is not read/,
    ],
    [
      'a feature out of range',
      () => foreign({ featureIds: [0, 3, 2, 0, 0, 0, 0, 1, 0, 0] }),
      /tree 0 node 1: split feature 3 is not among the 3 features/,
    ],
    [
      'a child outside the tree',
      () => foreign({ trueIds: [1, 3, 9, 0, 0, 0, 0, 1, 0, 0] }),
      /tree 0 node 2: true node 9 is not in the tree/,
    ],
    [
      'a cycle',
      () =>
        foreign({
          trueIds: [1, 0, 5, 0, 0, 0, 0, 1, 0, 0],
          falseIds: [2, 4, 6, 0, 0, 0, 0, 2, 0, 0],
        }),
      /tree 0(: \d+ nodes are not reached from its root| has no root)/,
    ],
    [
      'a node reached twice',
      () => foreign({ trueIds: [1, 3, 3, 0, 0, 0, 0, 1, 0, 0] }),
      /tree 0 node 3 has two parents/,
    ],
    [
      'a node id twice',
      () => foreign({ nodeIds: [0, 1, 2, 3, 4, 5, 5, 0, 1, 2] }),
      /tree 0 has node 5 twice/,
    ],
    [
      'a weight on a split',
      () => foreign({ weights: [[0, 1, 0, 0.1]] }),
      /class weight 0 \(tree 0 node 1\): the node is not a leaf/,
    ],
    [
      'a class out of range',
      () => foreign({ weights: [[0, 3, 5, 0.1]] }),
      /class 5 is not among the 3 classes/,
    ],
    [
      'a negative weight',
      () => foreign({ weights: [[0, 3, 0, -0.1]] }),
      /weight -0.1\d* is not a frequency/,
    ],
    [
      'weights not averaged over trees',
      () =>
        foreign({
          weights: [
            [0, 3, 0, 0.9],
            [1, 1, 0, 1],
          ],
        }),
      /more than 1\/2 \(the weights must be leaf frequencies averaged over the 2 trees\)/,
    ],
    [
      'other labels',
      () => foreign({ labels: ['none', 'pump', 'fan'] }),
      /class 2 is "fan" in the model, "valve" in the manifest/,
    ],
    [
      'preprocessing',
      () =>
        foreign({
          extraNodes: [{ opType: 'Scaler', domain: 'ai.onnx.ml', input: ['X'], output: ['Y'] }],
        }),
      /the graph has a Scaler operator/,
    ],
    [
      'base values',
      () => foreign({ extra: [{ name: 'base_values', type: A.FLOATS, floats: [0.1, 0, 0] }] }),
      /base_values are set/,
    ],
    [
      'an unknown attribute',
      () => foreign({ extra: [{ name: 'nodes_colour', type: A.INTS, ints: [1] }] }),
      /unknown attribute nodes_colour/,
    ],
    [
      'a width other than the manifest',
      () => foreign(),
      /the model reads 3 features, the manifest lists 2/,
      {
        ...MANIFEST,
        features: ['a', 'b'],
      },
    ],
    [
      'classes without none',
      () => foreign({ labels: ['ok', 'pump', 'valve'] }),
      /no 'none'/,
      {
        ...MANIFEST,
        classes: ['ok', 'pump', 'valve'],
      },
    ],
  ];
  it.each(refused)('refuses %s with the reason', (_, make, why, manifest) => {
    expect(() => onnxToForest(make(), manifest ?? MANIFEST)).toThrow(why);
  });

  it('refuses a manifest without what scoring needs', () => {
    expect(() => readOnnxManifest([])).toThrow(/not a JSON object/);
    expect(() => readOnnxManifest({ features: ['a'], classes: ['none', 'x'] })).toThrow(
      /no cadence/,
    );
    expect(() =>
      readOnnxManifest({ features: ['a', 'a'], classes: ['none', 'x'], cadence: CADENCE }),
    ).toThrow(/manifest features lists "a" twice/);
    expect(() =>
      readOnnxManifest({
        model: { features: ['a'], classes: ['none', 'x'], horizonSeconds: 3600 },
        cadence: CADENCE,
      }),
    ).toThrow(/horizonSeconds 3600 differs/);
    expect(() =>
      onnxModelRecord(foreign(), { features: ['a'], classes: ['none'] }, 'x.onnx'),
    ).toThrow(/^x.onnx: /);
  });
});
