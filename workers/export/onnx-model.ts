/**
 * The forest as an open ONNX model, and ONNX tree ensembles trained elsewhere (e.g. a
 * Spark MLlib forest converted to ONNX) as models the product stores and scores.
 *
 * Export: one ai.onnx.ml TreeEnsembleClassifier (opset 3) reading a double tensor
 * [N, features]. Thresholds go in `nodes_values_as_tensor` as doubles (float
 * thresholds would move rows lying exactly at a split), every split is BRANCH_LEQ with
 * missing values (NaN) sent to the true branch, which is where our trees send them (the
 * left child), and every leaf carries all its class frequencies divided by the number
 * of trees, so the summed scores (post_transform NONE) are our averaged probabilities.
 * Read the `probabilities` output: ONNX Runtime's `label` output for two classes does
 * not follow the probabilities.
 *
 * Import: the graph must be that one operator on the raw feature tensor (ZipMap or
 * Identity after it are ignored); everything else is refused with the reason: other
 * post_transforms, base values, EQ/NEQ/MEMBER splits, dangling or shared nodes,
 * cycles, weights that are not leaf frequencies averaged over trees. LEQ, LT, GTE and
 * GT splits are rewritten exactly as `x <= t` (left) splits; a float input's
 * thresholds become the largest double that rounds to the float threshold, so rows
 * score as ONNX Runtime scores them; a NaN sent to the false branch is kept per node.
 */
import { calibrationProblem, type Calibration } from '../model/calibration';
import onnxProto from 'onnx-proto';
import { cadenceFromJson, type Cadence } from '../shared/cadence';
import { deserializeForest, serializeForest } from '../forest/serialize';
import { resolveForestParams } from '../forest/params';
import type { ForestModel } from '../forest/tree';
import { checkNames, MODEL_LIMITS, ModelFileError, validateForest } from '../forest/validate-model';
import { MAX_NOTE_LENGTH } from '../model/model-check';
import type { NewModel } from '../model/model-store';
import { PbWriter } from './protobuf-writer';

const { onnx } = onnxProto;

/** The operator set of ai.onnx.ml written (TreeEnsembleClassifier with tensor attributes). */
export const ONNX_ML_OPSET = 3;
/** Names of the graph's input and outputs. */
export const ONNX_INPUT = 'features';
export const ONNX_PROBABILITIES = 'probabilities';
const ONNX_LABEL = 'label';

const ATTR = onnx.AttributeProto.AttributeType;
const DT = onnx.TensorProto.DataType;

type Attr = InstanceType<typeof onnx.AttributeProto>;

// Field numbers of onnx.proto (the messages model.onnx writes).
const F = {
  model: { irVersion: 1, producerName: 2, docString: 6, graph: 7, opsetImport: 8, metadata: 14 },
  opset: { domain: 1, version: 2 },
  entry: { key: 1, value: 2 },
  graph: { node: 1, name: 2, input: 11, output: 12 },
  node: { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 },
  attr: { name: 1, s: 4, t: 5, ints: 8, strings: 9, type: 20 },
  tensor: { dims: 1, dataType: 2, doubleData: 10 },
  valueInfo: { name: 1, type: 2 },
  type: { tensorType: 1 },
  tensorType: { elemType: 1, shape: 2 },
  shape: { dim: 1 },
  dim: { value: 1, param: 2 },
} as const;

type Fill = (w: PbWriter) => void;
const ints =
  (name: string, v: ArrayLike<number>): Fill =>
  (w) =>
    w.string(F.attr.name, name).int(F.attr.type, ATTR.INTS).packedInts(F.attr.ints, v);
const strings =
  (name: string, v: string[]): Fill =>
  (w) => {
    w.string(F.attr.name, name).int(F.attr.type, ATTR.STRINGS);
    // the modes are two strings repeated per node: encode each once
    const seen = new Map<string, Uint8Array>();
    for (const x of v) {
      let b = seen.get(x);
      if (!b) seen.set(x, (b = new TextEncoder().encode(x)));
      w.bytes(F.attr.strings, b);
    }
  };
const doubles =
  (name: string, v: Float64Array): Fill =>
  (w) =>
    w
      .string(F.attr.name, name)
      .int(F.attr.type, ATTR.TENSOR)
      .message(F.attr.t, (t) =>
        t
          .packedInts(F.tensor.dims, [v.length])
          .int(F.tensor.dataType, DT.DOUBLE)
          .packedDoubles(F.tensor.doubleData, v),
      );
const string =
  (name: string, v: string): Fill =>
  (w) =>
    w.string(F.attr.name, name).int(F.attr.type, ATTR.STRING).string(F.attr.s, v);

/**
 * A forest model (learner 'forest') as ONNX bytes: see the file comment for the mapping.
 * ModelFileError for a damaged forest.
 */
export function forestToOnnx(model: ForestModel, docString = ''): Uint8Array {
  validateForest(model);
  const { treeOffsets, feature, threshold, left, value, nanRight } = model;
  const nC = model.classNames.length;
  const T = treeOffsets.length - 1;
  const nodes = feature.length;
  const treeIds = new Int32Array(nodes);
  const nodeIds = new Int32Array(nodes);
  const featureIds = new Int32Array(nodes);
  const modes: string[] = new Array(nodes);
  const values = new Float64Array(nodes);
  const trueIds = new Int32Array(nodes);
  const falseIds = new Int32Array(nodes);
  const missingTrue = new Int32Array(nodes);
  let leaves = 0;
  for (let n = 0; n < nodes; n++) if (feature[n] < 0) leaves++;
  const cTree = new Int32Array(leaves * nC);
  const cNode = new Int32Array(leaves * nC);
  const cClass = new Int32Array(leaves * nC);
  const cWeight = new Float64Array(leaves * nC);
  const inv = 1 / T;
  const hits = hitRates(model);
  let k = 0;
  for (let t = 0; t < T; t++) {
    const off = treeOffsets[t];
    for (let n = off; n < treeOffsets[t + 1]; n++) {
      treeIds[n] = t;
      nodeIds[n] = n - off;
      if (feature[n] >= 0) {
        featureIds[n] = feature[n];
        modes[n] = 'BRANCH_LEQ';
        values[n] = threshold[n];
        trueIds[n] = left[n] - off;
        falseIds[n] = left[n] + 1 - off;
        missingTrue[n] = nanRight?.[n] ? 0 : 1;
      } else {
        modes[n] = 'LEAF';
        // every class, zeros too: with two classes ONNX Runtime treats weights of a
        // single class as a binary score and derives the other class from it
        for (let c = 0; c < nC; c++) {
          cTree[k] = t;
          cNode[k] = n - off;
          cClass[k] = c;
          cWeight[k] = value[n * nC + c] * inv;
          k++;
        }
      }
    }
  }
  const attribute = [
    ints('nodes_treeids', treeIds),
    ints('nodes_nodeids', nodeIds),
    ints('nodes_featureids', featureIds),
    strings('nodes_modes', modes),
    doubles('nodes_values_as_tensor', values),
    ints('nodes_truenodeids', trueIds),
    ints('nodes_falsenodeids', falseIds),
    ints('nodes_missing_value_tracks_true', missingTrue),
    doubles('nodes_hitrates_as_tensor', hits),
    ints('class_treeids', cTree),
    ints('class_nodeids', cNode),
    ints('class_ids', cClass),
    doubles('class_weights_as_tensor', cWeight),
    strings('classlabels_strings', model.classNames),
    string('post_transform', 'NONE'),
  ];
  const nF = model.featureNames.length;
  const w = new PbWriter();
  w.int(F.model.irVersion, 8).string(F.model.producerName, 'pdm');
  if (docString) w.string(F.model.docString, docString);
  w.message(F.model.graph, (g) => {
    g.message(F.graph.node, (n) => {
      n.string(F.node.input, ONNX_INPUT)
        .string(F.node.output, ONNX_LABEL)
        .string(F.node.output, ONNX_PROBABILITIES)
        .string(F.node.name, 'forest')
        .string(F.node.opType, 'TreeEnsembleClassifier');
      for (const a of attribute) n.message(F.node.attribute, a);
      n.string(F.node.domain, 'ai.onnx.ml');
    });
    g.string(F.graph.name, 'forest');
    g.message(F.graph.input, tensorInfo(ONNX_INPUT, DT.DOUBLE, ['N', nF]));
    g.message(F.graph.output, tensorInfo(ONNX_LABEL, DT.STRING, ['N']));
    g.message(F.graph.output, tensorInfo(ONNX_PROBABILITIES, DT.FLOAT, ['N', nC]));
  });
  for (const [domain, version] of [
    ['', 17],
    ['ai.onnx.ml', ONNX_ML_OPSET],
  ] as const) {
    w.message(F.model.opsetImport, (o) => {
      if (domain) o.string(F.opset.domain, domain);
      o.int(F.opset.version, version);
    });
  }
  for (const [key, value] of [
    ['pdm.features', JSON.stringify(model.featureNames)],
    ['pdm.classes', JSON.stringify(model.classNames)],
  ]) {
    w.message(F.model.metadata, (m) => m.string(F.entry.key, key).string(F.entry.value, value));
  }
  return w.finish();
}

/**
 * Per node, the share of its tree's training weight that reached it (root 1). ONNX
 * Runtime ignores hit rates; our import uses them to rebuild the class frequencies of
 * split nodes (which explanations walk) from the leaves. The share going left is the
 * one that mixes the children's frequencies into the parent's.
 */
function hitRates(model: ForestModel): Float64Array {
  const { treeOffsets, feature, left, value } = model;
  const nC = model.classNames.length;
  const hit = new Float64Array(feature.length);
  for (let t = 0; t + 1 < treeOffsets.length; t++) {
    hit[treeOffsets[t]] = 1;
    for (let n = treeOffsets[t]; n < treeOffsets[t + 1]; n++) {
      if (feature[n] < 0) continue;
      const l = left[n];
      let share = 0.5;
      let spread = 0;
      for (let c = 0; c < nC; c++) {
        const d = value[l * nC + c] - value[(l + 1) * nC + c];
        if (Math.abs(d) > spread) {
          spread = Math.abs(d);
          share = (value[n * nC + c] - value[(l + 1) * nC + c]) / d;
        }
      }
      share = Math.min(1, Math.max(0, share));
      hit[l] = hit[n] * share;
      hit[l + 1] = hit[n] * (1 - share);
    }
  }
  return hit;
}

function tensorInfo(name: string, elemType: number, dims: Array<string | number>): Fill {
  return (w) =>
    w.string(F.valueInfo.name, name).message(F.valueInfo.type, (t) =>
      t.message(F.type.tensorType, (tt) =>
        tt.int(F.tensorType.elemType, elemType).message(F.tensorType.shape, (sh) => {
          for (const d of dims) {
            sh.message(F.shape.dim, (dim) =>
              typeof d === 'string' ? dim.string(F.dim.param, d) : dim.int(F.dim.value, d),
            );
          }
        }),
      ),
    );
}

/** The model part of manifest.json: what a reader needs to build the input and read the output. */
export interface OnnxManifestPart {
  file: string;
  operator: 'TreeEnsembleClassifier';
  opset: { 'ai.onnx.ml': number };
  input: { name: string; type: 'double'; shape: ['N', number] };
  output: { name: string; type: 'float'; shape: ['N', number] };
  /** Column order of the input tensor: the names of features.sql's columns. */
  features: string[];
  /** Column order of the probabilities; 'none' is no failure within the horizon. */
  classes: string[];
  missing: string;
  horizonSeconds: number;
  horizonDays: number;
  cadence: Cadence;
  timeZone: string;
  model: {
    id: number | null;
    learner: string;
    trees: number;
    trainFrom: string | null;
    trainTo: string | null;
  };
  /**
   * Per failure class, the calibration map of the model (piecewise linear, apply as
   * np.interp(p, x, y) to that class's probability); absent for models without one.
   * model.onnx itself gives the forest's uncalibrated probabilities.
   */
  calibration?: Record<string, { x: number[]; y: number[] }>;
}

/**
 * The manifest.json fields describing model.onnx: feature order, classes, horizon,
 * cadence (the model's, which scoring requires the plant to have) and the plant's time
 * zone. `pdm model import` reads them back (from `model` of a bundle's manifest.json or
 * of model.manifest.json).
 */
export function onnxManifest(
  model: ForestModel,
  record: {
    id?: number | null;
    learner: string;
    cadence: Cadence;
    trainFrom: number | null;
    trainTo: number | null;
    metrics?: { calibration?: Calibration } | null;
  },
  plant: { timeZone: string },
  file = 'model.onnx',
): OnnxManifestPart {
  const cal = record.metrics?.calibration?.classes;
  const iso = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString());
  return {
    file,
    operator: 'TreeEnsembleClassifier',
    opset: { 'ai.onnx.ml': ONNX_ML_OPSET },
    input: { name: ONNX_INPUT, type: 'double', shape: ['N', model.featureNames.length] },
    output: { name: ONNX_PROBABILITIES, type: 'float', shape: ['N', model.classNames.length] },
    features: [...model.featureNames],
    classes: [...model.classNames],
    missing: 'NaN (IEEE not-a-number); every split sends it to its true (x <= threshold) branch',
    horizonSeconds: record.cadence.horizonSeconds,
    horizonDays: record.cadence.horizonSeconds / 86400,
    cadence: { ...record.cadence, windowSeconds: [...record.cadence.windowSeconds] },
    timeZone: plant.timeZone,
    model: {
      id: record.id ?? null,
      learner: record.learner,
      trees: model.treeOffsets.length - 1,
      trainFrom: iso(record.trainFrom),
      trainTo: iso(record.trainTo),
    },
    ...(cal ? { calibration: calibrationOfFailures(cal, model.classNames) } : {}),
  };
}

/** The calibration maps of every class but `none` (the bundle's risks are components). */
function calibrationOfFailures(
  cal: Calibration['classes'],
  classNames: string[],
): Record<string, { x: number[]; y: number[] }> {
  const out: Record<string, { x: number[]; y: number[] }> = {};
  for (const c of classNames) if (c !== 'none' && Object.hasOwn(cal, c)) out[c] = cal[c];
  return out;
}

/**
 * model.onnx plus its manifest part for a stored model's bytes. Only our own forest
 * has trees ONNX can carry: an ml-random-forest model is refused with the way out.
 */
export function exportOnnx(
  record: {
    id?: number | null;
    learner: string;
    bytes: Uint8Array;
    cadence: Cadence;
    trainFrom: number | null;
    trainTo: number | null;
    metrics?: { calibration?: Calibration } | null;
  },
  plant: { timeZone: string },
  file = 'model.onnx',
): { onnx: Uint8Array; manifest: OnnxManifestPart } {
  if (record.learner !== 'forest') {
    throw new ModelFileError(
      `only forest models export to ONNX; this model was trained with ${record.learner}: ` +
        'train one with the forest learner (pdm train --learner forest) and export that',
    );
  }
  const model = deserializeForest(record.bytes);
  const what = record.id ? `pdm model #${record.id}` : 'pdm model';
  return {
    onnx: forestToOnnx(model, what),
    manifest: onnxManifest(model, record, plant, file),
  };
}

/** What an imported ONNX model's manifest must say. */
export interface OnnxImportManifest {
  features: string[];
  classes: string[];
  cadence: Cadence;
  timeZone: string | null;
  trainFrom: number | null;
  trainTo: number | null;
  /** The exporting model's calibration (our own exports), kept so risks score the same. */
  calibration?: Calibration;
}

/**
 * Reads the manifest fields an import needs: from `model` of a bundle's manifest.json
 * (or model.manifest.json), cadence and time zone there or at the top level. Throws
 * ModelFileError naming the missing or malformed field.
 */
export function readOnnxManifest(json: unknown): OnnxImportManifest {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(json)) throw new ModelFileError('the manifest is not a JSON object');
  const part = isObj(json.model) && 'features' in json.model ? json.model : json;
  const features = part.features;
  checkNames(features, 'manifest features', MODEL_LIMITS.maxFeatures);
  const classes = part.classes;
  checkNames(classes, 'manifest classes', MODEL_LIMITS.maxClasses);
  const rawCadence = part.cadence ?? json.cadence;
  if (rawCadence === undefined) throw new ModelFileError('the manifest has no cadence');
  let cadence: Cadence;
  try {
    cadence = cadenceFromJson(rawCadence, 'manifest');
  } catch (e) {
    throw new ModelFileError((e as Error).message);
  }
  const horizon = part.horizonSeconds;
  if (horizon !== undefined && horizon !== cadence.horizonSeconds) {
    throw new ModelFileError(
      `the manifest's horizonSeconds ${JSON.stringify(horizon)} differs from its cadence's horizon`,
    );
  }
  const zone = part.timeZone ?? json.timeZone ?? null;
  if (zone !== null && typeof zone !== 'string') {
    throw new ModelFileError('the manifest timeZone is not a zone name');
  }
  const sub = isObj(part.model) ? part.model : {};
  const time = (v: unknown, what: string): number | null => {
    if (v === undefined || v === null) return null;
    const ms = typeof v === 'string' ? Date.parse(v) : NaN;
    if (!Number.isFinite(ms)) throw new ModelFileError(`the manifest ${what} is not a time`);
    return Math.round(ms / 1000);
  };
  return {
    features,
    classes,
    cadence,
    timeZone: zone,
    trainFrom: time(sub.trainFrom, 'trainFrom'),
    trainTo: time(sub.trainTo, 'trainTo'),
    ...manifestCalibration(part.calibration),
  };
}

/** The manifest's calibration maps as a model's calibration; ModelFileError when damaged. */
function manifestCalibration(raw: unknown): { calibration?: Calibration } {
  if (raw === undefined || raw === null) return {};
  const calibration = { method: 'isotonic-oob', rows: 0, classes: raw } as Calibration;
  const bad = calibrationProblem(calibration);
  if (bad) throw new ModelFileError(`the manifest's ${bad}`);
  return { calibration };
}

const KNOWN_ATTRIBUTES = new Set([
  'nodes_treeids',
  'nodes_nodeids',
  'nodes_featureids',
  'nodes_modes',
  'nodes_values',
  'nodes_values_as_tensor',
  'nodes_truenodeids',
  'nodes_falsenodeids',
  'nodes_missing_value_tracks_true',
  'nodes_hitrates',
  'nodes_hitrates_as_tensor',
  'class_treeids',
  'class_nodeids',
  'class_ids',
  'class_weights',
  'class_weights_as_tensor',
  'classlabels_strings',
  'classlabels_int64s',
  'post_transform',
  'base_values',
  'base_values_as_tensor',
]);

const BRANCH_MODES = new Set(['BRANCH_LEQ', 'BRANCH_LT', 'BRANCH_GTE', 'BRANCH_GT']);

/** An int64 as protobufjs decodes it (a number, or a Long when the long package is there). */
const num = (v: unknown): number =>
  typeof v === 'number'
    ? v
    : v && typeof (v as { toNumber?: unknown }).toNumber === 'function'
      ? (v as { toNumber(): number }).toNumber()
      : NaN;

function tensorValues(t: InstanceType<typeof onnx.TensorProto>, what: string): number[] {
  if (t.dataType === DT.DOUBLE) {
    if (t.doubleData?.length) return t.doubleData.map(num);
    if (t.rawData?.length) {
      const raw = t.rawData;
      if (raw.length % 8) throw new ModelFileError(`${what}: raw data is not whole doubles`);
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      return Array.from({ length: raw.length / 8 }, (_, i) => dv.getFloat64(i * 8, true));
    }
    return [];
  }
  if (t.dataType === DT.FLOAT) {
    if (t.floatData?.length) return t.floatData.map(num);
    if (t.rawData?.length) {
      const raw = t.rawData;
      if (raw.length % 4) throw new ModelFileError(`${what}: raw data is not whole floats`);
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      return Array.from({ length: raw.length / 4 }, (_, i) => dv.getFloat32(i * 4, true));
    }
    return [];
  }
  throw new ModelFileError(`${what} is a tensor of type ${t.dataType}, not double or float`);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The next float32 below a finite float32 value. */
function prevFloat32(v: number): number {
  f32[0] = v;
  if (v === 0) return -1.401298464324817e-45;
  u32[0] = v > 0 ? u32[0] - 1 : u32[0] + 1;
  return f32[0];
}

/** The next double below a finite double. */
function prevDouble(v: number): number {
  if (v === 0) return -Number.MIN_VALUE;
  f64[0] = v;
  u64[0] = v > 0 ? u64[0] - 1n : u64[0] + 1n;
  return f64[0];
}

/** The next float32 above a finite float32 (2^128 above the largest). */
function nextFloat32(v: number): number {
  if (v === 3.4028234663852886e38) return 2 ** 128;
  f32[0] = v;
  if (v === 0) return 1.401298464324817e-45;
  u32[0] = v > 0 ? u32[0] + 1 : u32[0] - 1;
  return f32[0];
}

/**
 * For a float32 threshold t: the largest double d with fround(d) <= t, so the double
 * test `x <= d` decides as ONNX Runtime's float test `float(x) <= t` does.
 */
export function floatThresholdAsDouble(t: number): number {
  const up = nextFloat32(t);
  const mid = t + (up - t) / 2; // exact: both are floats, halfway is a double
  // round-half-to-even: the midpoint rounds down to t when t's last mantissa bit is 0
  f32[0] = t;
  const tEven = (u32[0] & 1) === 0;
  return tEven ? mid : prevDouble(mid);
}

interface RawEnsemble {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  cTree: number[];
  cNode: number[];
  cClass: number[];
  cWeight: number[];
  classLabels: string[] | number[];
  floatInput: boolean;
  inputWidth: number | null;
  hitRates: number[] | null;
  /** producer_name and producer_version of the file, for the model's note. */
  producer: string;
}

/** Finds the one TreeEnsembleClassifier and reads its attributes (refusing anything else). */
function readEnsemble(bytes: Uint8Array): RawEnsemble {
  let model: InstanceType<typeof onnx.ModelProto>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ModelFileError(`not an ONNX model (${(e as Error).message})`);
  }
  const graph = model.graph;
  if (!graph || !graph.node?.length) throw new ModelFileError('not an ONNX model (no graph)');
  const mlOpset = model.opsetImport?.find((o) => o.domain === 'ai.onnx.ml');
  const trees = graph.node.filter((n) => n.opType === 'TreeEnsembleClassifier');
  if (graph.node.some((n) => n.opType === 'TreeEnsemble' && n.domain === 'ai.onnx.ml')) {
    throw new ModelFileError(
      'the model uses TreeEnsemble (ai.onnx.ml opset 5), not read yet: convert it with TreeEnsembleClassifier (ai.onnx.ml opset 1 to 3)',
    );
  }
  if (trees.length !== 1) {
    throw new ModelFileError(
      `the graph has ${trees.length} TreeEnsembleClassifier operators (exactly 1 is read)`,
    );
  }
  const node = trees[0];
  if (node.domain !== 'ai.onnx.ml') {
    throw new ModelFileError(
      `TreeEnsembleClassifier is in domain '${node.domain}', not ai.onnx.ml`,
    );
  }
  if (mlOpset && num(mlOpset.version) > 4) {
    throw new ModelFileError(
      `the model imports ai.onnx.ml opset ${num(mlOpset.version)}; TreeEnsembleClassifier is read up to opset 3`,
    );
  }
  for (const other of graph.node) {
    if (other === node) continue;
    if (other.opType !== 'ZipMap' && other.opType !== 'Identity') {
      throw new ModelFileError(
        `the graph has a ${other.opType} operator: only a TreeEnsembleClassifier on the raw features (with ZipMap or Identity after it) is imported`,
      );
    }
  }
  const inputName = node.input?.[0];
  const input = graph.input?.find((i) => i.name === inputName);
  if (!input || graph.initializer?.some((t) => t.name === inputName)) {
    throw new ModelFileError(
      'the TreeEnsembleClassifier does not read a graph input directly: preprocessing inside the model is not supported',
    );
  }
  const tt = input.type?.tensorType;
  const elem = tt?.elemType;
  if (elem !== DT.DOUBLE && elem !== DT.FLOAT) {
    throw new ModelFileError(
      `the model's input ${inputName} is not a double or float tensor (type ${String(elem)})`,
    );
  }
  const dims = tt?.shape?.dim ?? [];
  // (an unset oneof member reads as 0: ask which one is set)
  const width =
    dims.length === 2 && (dims[1] as onnxProto.onnx.TensorShapeProto.Dimension).value === 'dimValue'
      ? num(dims[1].dimValue)
      : null;
  const attrs = new Map<string, Attr>();
  for (const a of node.attribute ?? []) {
    const name = a.name ?? '';
    if (!KNOWN_ATTRIBUTES.has(name)) {
      throw new ModelFileError(`TreeEnsembleClassifier has an unknown attribute ${name}`);
    }
    attrs.set(name, a as Attr);
  }
  const intList = (name: string, required = true): number[] => {
    const a = attrs.get(name);
    if (!a) {
      if (required) throw new ModelFileError(`TreeEnsembleClassifier lacks ${name}`);
      return [];
    }
    return (a.ints ?? []).map(num);
  };
  const realList = (name: string): number[] | null => {
    const tensor = attrs.get(`${name}_as_tensor`);
    const plain = attrs.get(name);
    if (tensor && plain)
      throw new ModelFileError(`TreeEnsembleClassifier has both ${name} and ${name}_as_tensor`);
    if (tensor) {
      if (!tensor.t) throw new ModelFileError(`${name}_as_tensor holds no tensor`);
      return tensorValues(tensor.t as InstanceType<typeof onnx.TensorProto>, `${name}_as_tensor`);
    }
    return plain ? (plain.floats ?? []).map(num) : null;
  };
  const post = attrs.get('post_transform');
  const postName = post?.s ? new TextDecoder().decode(post.s) : 'NONE';
  if (postName !== 'NONE') {
    throw new ModelFileError(
      `post_transform is ${postName}: only NONE is read (class scores must be the averaged leaf frequencies)`,
    );
  }
  const base = realList('base_values');
  if (base && base.some((v) => v !== 0)) {
    throw new ModelFileError('base_values are set: class scores must come from the trees alone');
  }
  const values = realList('nodes_values');
  if (!values) throw new ModelFileError('TreeEnsembleClassifier lacks nodes_values');
  const doubleThresholds = attrs.get('nodes_values_as_tensor')?.t?.dataType === DT.DOUBLE;
  if (elem === DT.FLOAT && doubleThresholds) {
    throw new ModelFileError(
      'the model reads floats but has double thresholds: make the input double',
    );
  }
  const weights = realList('class_weights');
  if (!weights) throw new ModelFileError('TreeEnsembleClassifier lacks class_weights');
  const modes = (attrs.get('nodes_modes')?.strings ?? []).map((s) => new TextDecoder().decode(s));
  const labelStrings = (attrs.get('classlabels_strings')?.strings ?? []).map((s) =>
    new TextDecoder().decode(s),
  );
  const labelInts = intList('classlabels_int64s', false);
  if (labelStrings.length && labelInts.length) {
    throw new ModelFileError('TreeEnsembleClassifier has both string and integer class labels');
  }
  return {
    treeIds: intList('nodes_treeids'),
    nodeIds: intList('nodes_nodeids'),
    featureIds: intList('nodes_featureids'),
    modes,
    values,
    trueIds: intList('nodes_truenodeids'),
    falseIds: intList('nodes_falsenodeids'),
    missingTrue: intList('nodes_missing_value_tracks_true', false),
    cTree: intList('class_treeids'),
    cNode: intList('class_nodeids'),
    cClass: intList('class_ids'),
    cWeight: weights,
    classLabels: labelStrings.length ? labelStrings : labelInts,
    floatInput: elem === DT.FLOAT,
    inputWidth: width,
    hitRates: realList('nodes_hitrates'),
    producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .trim()
      .slice(0, 100),
  };
}

/**
 * A TreeEnsembleClassifier trained elsewhere (or exported by forestToOnnx) as a forest
 * model the product stores and scores, validated as strictly as our own model files:
 * ModelFileError naming the first problem. Feature and class names come from the
 * manifest (ONNX knows only column numbers); string class labels must be the same.
 */
export function onnxToForest(bytes: Uint8Array, manifest: OnnxImportManifest): ForestModel {
  return importForest(bytes, manifest).model;
}

function importForest(
  bytes: Uint8Array,
  manifest: OnnxImportManifest,
): { model: ForestModel; producer: string } {
  const e = readEnsemble(bytes);
  const nF = manifest.features.length;
  const classNames = [...manifest.classes];
  const nC = classNames.length;
  if (!classNames.includes('none')) {
    throw new ModelFileError(
      "the manifest classes have no 'none' (no failure within the horizon): the product's labels are 'none' and component names",
    );
  }
  if (e.classLabels.length !== nC) {
    throw new ModelFileError(
      `the model has ${e.classLabels.length} classes, the manifest names ${nC}`,
    );
  }
  if (typeof e.classLabels[0] === 'string') {
    e.classLabels.forEach((l, i) => {
      if (l !== classNames[i]) {
        throw new ModelFileError(
          `class ${i} is ${JSON.stringify(l)} in the model, ${JSON.stringify(classNames[i])} in the manifest`,
        );
      }
    });
  }
  if (e.inputWidth !== null && e.inputWidth !== nF) {
    throw new ModelFileError(`the model reads ${e.inputWidth} features, the manifest lists ${nF}`);
  }
  const N = e.nodeIds.length;
  if (N === 0) throw new ModelFileError('the model has no nodes');
  const sameLength: Array<[string, number]> = [
    ['nodes_treeids', e.treeIds.length],
    ['nodes_featureids', e.featureIds.length],
    ['nodes_modes', e.modes.length],
    ['nodes_values', e.values.length],
    ['nodes_truenodeids', e.trueIds.length],
    ['nodes_falsenodeids', e.falseIds.length],
  ];
  if (e.hitRates) {
    if (e.hitRates.length !== N) {
      throw new ModelFileError(
        `nodes_hitrates has ${e.hitRates.length} entries, nodes_nodeids ${N}`,
      );
    }
    if (e.hitRates.some((h) => !(h >= 0 && h < Infinity))) {
      throw new ModelFileError('nodes_hitrates holds a value that is not a finite rate >= 0');
    }
  }
  if (e.missingTrue.length)
    sameLength.push(['nodes_missing_value_tracks_true', e.missingTrue.length]);
  for (const [name, len] of sameLength) {
    if (len !== N) throw new ModelFileError(`${name} has ${len} entries, nodes_nodeids ${N}`);
  }
  const W = e.cWeight.length;
  for (const [name, len] of [
    ['class_treeids', e.cTree.length],
    ['class_nodeids', e.cNode.length],
    ['class_ids', e.cClass.length],
  ] as const) {
    if (len !== W) throw new ModelFileError(`${name} has ${len} entries, class_weights ${W}`);
  }
  if (N > MODEL_LIMITS.maxNodes) {
    throw new ModelFileError(`the model has ${N} nodes (at most ${MODEL_LIMITS.maxNodes})`);
  }
  // trees and their nodes by id
  const treeIndex = new Map<number, number>();
  const byId: Array<Map<number, number>> = [];
  for (let i = 0; i < N; i++) {
    const tid = e.treeIds[i];
    const nid = e.nodeIds[i];
    if (!Number.isSafeInteger(tid) || tid < 0)
      throw new ModelFileError(`node ${i}: tree id ${tid} is not valid`);
    if (!Number.isSafeInteger(nid) || nid < 0)
      throw new ModelFileError(`node ${i}: node id ${nid} is not valid`);
    let t = treeIndex.get(tid);
    if (t === undefined) {
      t = byId.length;
      treeIndex.set(tid, t);
      byId.push(new Map());
    }
    if (byId[t].has(nid)) throw new ModelFileError(`tree ${tid} has node ${nid} twice`);
    byId[t].set(nid, i);
  }
  const T = byId.length;
  if (T > MODEL_LIMITS.maxTrees) {
    throw new ModelFileError(`the model has ${T} trees (at most ${MODEL_LIMITS.maxTrees})`);
  }
  // splits: modes, features, thresholds, children
  const isLeaf = new Uint8Array(N);
  const child = (t: number, tid: number, nid: number, id: number, which: string): number => {
    const c = byId[t].get(id);
    if (c === undefined) {
      throw new ModelFileError(`tree ${tid} node ${nid}: ${which} node ${id} is not in the tree`);
    }
    return c;
  };
  const trueAt = new Int32Array(N).fill(-1);
  const falseAt = new Int32Array(N).fill(-1);
  for (let i = 0; i < N; i++) {
    const t = treeIndex.get(e.treeIds[i])!;
    const at = `tree ${e.treeIds[i]} node ${e.nodeIds[i]}`;
    const mode = e.modes[i];
    if (mode === 'LEAF') {
      isLeaf[i] = 1;
      continue;
    }
    if (!BRANCH_MODES.has(mode)) {
      throw new ModelFileError(
        `${at}: mode ${mode} is not read (only BRANCH_LEQ, BRANCH_LT, BRANCH_GTE, BRANCH_GT and LEAF)`,
      );
    }
    const f = e.featureIds[i];
    if (!Number.isInteger(f) || f < 0 || f >= nF) {
      throw new ModelFileError(`${at}: split feature ${f} is not among the ${nF} features`);
    }
    if (!Number.isFinite(e.values[i])) {
      throw new ModelFileError(`${at}: threshold ${e.values[i]} is not a finite number`);
    }
    const m = e.missingTrue.length ? e.missingTrue[i] : 0;
    if (m !== 0 && m !== 1) throw new ModelFileError(`${at}: missing_value_tracks_true is ${m}`);
    trueAt[i] = child(t, e.treeIds[i], e.nodeIds[i], e.trueIds[i], 'true');
    falseAt[i] = child(t, e.treeIds[i], e.nodeIds[i], e.falseIds[i], 'false');
  }
  // leaf weights
  const weight = new Float64Array(N * nC);
  const seen = new Uint8Array(N * nC);
  for (let k = 0; k < W; k++) {
    const t = treeIndex.get(e.cTree[k]);
    const at = `class weight ${k} (tree ${e.cTree[k]} node ${e.cNode[k]})`;
    if (t === undefined) throw new ModelFileError(`${at}: there is no such tree`);
    const i = byId[t].get(e.cNode[k]);
    if (i === undefined) throw new ModelFileError(`${at}: there is no such node`);
    if (!isLeaf[i]) throw new ModelFileError(`${at}: the node is not a leaf`);
    const c = e.cClass[k];
    if (!Number.isInteger(c) || c < 0 || c >= nC) {
      throw new ModelFileError(`${at}: class ${c} is not among the ${nC} classes`);
    }
    if (seen[i * nC + c]) throw new ModelFileError(`${at}: class ${c} has two weights`);
    seen[i * nC + c] = 1;
    const w = e.cWeight[k];
    if (!Number.isFinite(w) || w < 0)
      throw new ModelFileError(`${at}: weight ${w} is not a frequency`);
    weight[i * nC + c] = w;
  }
  if (nC === 2 && new Set(e.cClass).size < 2) {
    throw new ModelFileError(
      'the leaves carry weights of one class only: ONNX Runtime then derives the other class; write a weight for both classes',
    );
  }
  // lay each tree out as ours: root first, the two children of a split side by side
  // after it (breadth first); every node reached once from the one root
  const feature = new Int32Array(N);
  const threshold = new Float64Array(N);
  const left = new Int32Array(N);
  const value = new Float32Array(N * nC);
  const nanRight = new Uint8Array(N);
  const treeOffsets = new Int32Array(T + 1);
  const isChild = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    if (isLeaf[i]) continue;
    for (const c of [trueAt[i], falseAt[i]]) {
      if (isChild[c]) {
        throw new ModelFileError(
          `tree ${e.treeIds[i]} node ${e.nodeIds[c]} has two parents (or a split points twice at it)`,
        );
      }
      isChild[c] = 1;
    }
  }
  const splitCount = new Float64Array(nF);
  let maxDepth = 1;
  let out = 0;
  const order = new Int32Array(N);
  const depth = new Int32Array(N);
  for (let t = 0; t < T; t++) {
    const members = [...byId[t].values()];
    const tid = e.treeIds[members[0]];
    const roots = members.filter((i) => !isChild[i]);
    if (roots.length !== 1) {
      throw new ModelFileError(
        roots.length === 0
          ? `tree ${tid} has no root (its nodes form a cycle)`
          : `tree ${tid} has ${roots.length} nodes no split leads to (one root expected)`,
      );
    }
    const start = out;
    treeOffsets[t] = start;
    order[out] = roots[0];
    depth[out] = 0;
    let end = out + 1;
    for (let q = start; q < end; q++) {
      const i = order[q];
      const at = `tree ${tid} node ${e.nodeIds[i]}`;
      if (isLeaf[i]) {
        feature[q] = -1;
        left[q] = -1;
        let sum = 0;
        for (let c = 0; c < nC; c++) {
          const v = Math.fround(weight[i * nC + c] * T);
          if (v > 1 + 1e-6) {
            throw new ModelFileError(
              `${at}: class ${c} weight ${weight[i * nC + c]} is more than 1/${T} (the weights must be leaf frequencies averaged over the ${T} trees)`,
            );
          }
          value[q * nC + c] = v;
          sum += v;
        }
        if (sum > 1 + 1e-3) {
          throw new ModelFileError(
            `${at}: class weights sum to ${sum / T}, more than 1/${T} (the weights must be leaf frequencies averaged over the ${T} trees)`,
          );
        }
        continue;
      }
      if (depth[q] + 1 > MODEL_LIMITS.maxDepth) {
        throw new ModelFileError(`${at}: the tree is deeper than ${MODEL_LIMITS.maxDepth} levels`);
      }
      maxDepth = Math.max(maxDepth, depth[q] + 1);
      const mode = e.modes[i];
      const raw = e.values[i];
      // as `x <= t` in the input's own precision: LT and GTE move to the next value down
      const strict = mode === 'BRANCH_LT' || mode === 'BRANCH_GTE';
      let t0 = raw;
      if (e.floatInput) {
        if (Math.fround(raw) !== raw)
          throw new ModelFileError(`${at}: threshold ${raw} is not a float`);
        if (strict) t0 = prevFloat32(raw);
        t0 = floatThresholdAsDouble(t0);
      } else if (strict) t0 = prevDouble(raw);
      if (!Number.isFinite(t0)) {
        throw new ModelFileError(`${at}: threshold ${raw} is out of range`);
      }
      // LEQ/LT: true = x <= t = our left; GTE/GT: true = x > t = our right
      const trueLeft = mode === 'BRANCH_LEQ' || mode === 'BRANCH_LT';
      const missingToTrue = e.missingTrue.length ? e.missingTrue[i] === 1 : false;
      feature[q] = e.featureIds[i];
      threshold[q] = t0;
      left[q] = end;
      order[end] = trueLeft ? trueAt[i] : falseAt[i];
      order[end + 1] = trueLeft ? falseAt[i] : trueAt[i];
      depth[end] = depth[end + 1] = depth[q] + 1;
      end += 2;
      nanRight[q] = missingToTrue === trueLeft ? 0 : 1;
      splitCount[e.featureIds[i]]++;
    }
    if (end - start !== members.length) {
      throw new ModelFileError(
        `tree ${tid}: ${members.length - (end - start)} nodes are not reached from its root`,
      );
    }
    // split nodes' class frequencies (explanations walk them): the children's, mixed
    // by hit rate (evenly without hit rates); children come after their parent
    for (let q = end - 1; q >= start; q--) {
      if (feature[q] < 0) continue;
      const l = left[q];
      let hl = 1;
      let hr = 1;
      if (e.hitRates) {
        hl = e.hitRates[order[l]];
        hr = e.hitRates[order[l + 1]];
        if (!(hl + hr > 0)) hl = hr = 1;
      }
      for (let c = 0; c < nC; c++) {
        value[q * nC + c] = (hl * value[l * nC + c] + hr * value[(l + 1) * nC + c]) / (hl + hr);
      }
    }
    out = end;
  }
  treeOffsets[T] = out;
  let splits = 0;
  for (let f = 0; f < nF; f++) splits += splitCount[f];
  if (splits > 0) for (let f = 0; f < nF; f++) splitCount[f] /= splits;
  const model: ForestModel = {
    learner: 'forest',
    featureNames: [...manifest.features],
    classNames,
    params: resolveForestParams({ nTrees: T, maxDepth: Math.min(maxDepth, 64) }),
    trainRows: 0,
    treeOffsets,
    feature,
    threshold,
    left,
    value,
    // ONNX keeps no impurity: the share of splits on each feature stands in
    featureImportances: splitCount,
    ...(nanRight.some((v) => v === 1) ? { nanRight } : {}),
  };
  validateForest(model);
  return { model, producer: e.producer };
}

/**
 * An ONNX model file and its manifest (parsed JSON) as a model to store: checked in
 * full first, so a refused file stores nothing. ModelFileError names the file and the
 * first problem.
 */
export function onnxModelRecord(
  bytes: Uint8Array,
  manifestJson: unknown,
  fileName = 'model.onnx',
): NewModel & { created: string } {
  let manifest: OnnxImportManifest;
  let model: ForestModel;
  let producer: string;
  try {
    manifest = readOnnxManifest(manifestJson);
    ({ model, producer } = importForest(bytes, manifest));
  } catch (e) {
    if (e instanceof RangeError) throw new ModelFileError(`${fileName}: ${e.message}`);
    throw e;
  }
  const T = model.treeOffsets.length - 1;
  return {
    created: new Date().toISOString(),
    learner: 'forest',
    hyperparameters: {
      nTrees: T,
      maxDepth: model.params.maxDepth,
      importedFrom: 'onnx',
      ...(producer ? { producer } : {}),
    },
    featureNames: model.featureNames,
    labelNames: model.classNames,
    trainFrom: manifest.trainFrom,
    trainTo: manifest.trainTo,
    cadence: manifest.cadence,
    // No evaluation comes with an ONNX file; the calibration of our own export does.
    metrics: manifest.calibration
      ? {
          test: null,
          testFrom: null,
          testTo: null,
          trainRows: 0,
          importances: [],
          trainSeconds: 0,
          calibration: manifest.calibration,
        }
      : null,
    note: `imported from ONNX (${producer ? producer + ', ' : ''}${T} trees)${
      manifest.timeZone ? `, made for time zone ${manifest.timeZone}` : ''
    }`.slice(0, MAX_NOTE_LENGTH),
    bytes: serializeForest(model),
  };
}
