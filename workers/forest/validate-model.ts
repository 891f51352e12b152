/**
 * Full checks of a model before it is stored or used: model files come from other
 * sites (or from anyone), and plant files may hold models stored by older builds.
 * A forest's node arrays go straight into the WebAssembly prediction kernel, which
 * trusts them (an index out of range reads outside its memory, a child that points
 * back to an ancestor walks forever), so every index, threshold and leaf is checked
 * here first. Errors are ModelFileErrors (RangeErrors: the CLI exits 1) naming the
 * first problem, e.g. `tree 3 node 17: right child 5 is not after its parent`.
 */
import type { ForestModel } from './tree';

/** Limits a model must stay within (far above anything `pdm train` makes). */
export const MODEL_LIMITS = {
  /** Trees per forest (the nTrees parameter's upper bound). */
  maxTrees: 10_000,
  /** Nodes of one tree. */
  maxNodesPerTree: 1 << 22,
  /** Nodes of all trees together (the kernel's memory stays below 2 GiB). */
  maxNodes: 1 << 25,
  /** Levels below the root (the maxDepth parameter's upper bound). */
  maxDepth: 64,
  /** Feature columns. */
  maxFeatures: 100_000,
  /** Labels ('none' and one per component). */
  maxClasses: 1_000,
  /** Characters of one feature or label name. */
  maxNameLength: 200,
} as const;

/**
 * Why a model file is refused, for the app to say in the user's language: not JSON, not
 * a model file, written by a newer version, a version that is none, a field missing
 * (`field`), a checksum that does not match, or damaged (anything else: the message
 * names the first problem).
 */
export type ModelFileCode =
  | 'not-json'
  | 'not-model-file'
  | 'newer-version'
  | 'bad-version'
  | 'missing-field'
  | 'checksum'
  | 'damaged';

/** A model file or stored model that is damaged or not what it claims to be. */
export class ModelFileError extends RangeError {
  constructor(
    message: string,
    readonly code: ModelFileCode = 'damaged',
    readonly params: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** Throws a ModelFileError unless `names` is a list of non-empty, unique, short strings. */
export function checkNames(names: unknown, what: string, max: number): asserts names is string[] {
  if (!Array.isArray(names)) throw new ModelFileError(`${what} is not a list`);
  if (names.length === 0) throw new ModelFileError(`${what} is empty`);
  if (names.length > max)
    throw new ModelFileError(`${what} has ${names.length} entries (at most ${max})`);
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (typeof n !== 'string') throw new ModelFileError(`${what} entry ${i} is not a string`);
    if (n.trim() === '') throw new ModelFileError(`${what} entry ${i} is empty`);
    if (n.length > MODEL_LIMITS.maxNameLength) {
      throw new ModelFileError(
        `${what} entry ${i} is ${n.length} characters long (at most ${MODEL_LIMITS.maxNameLength})`,
      );
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(n)) {
      throw new ModelFileError(`${what} entry ${i} holds control characters`);
    }
    if (seen.has(n)) throw new ModelFileError(`${what} lists ${JSON.stringify(n)} twice`);
    seen.add(n);
  });
}

/** A walk went deeper than any valid tree: the model's arrays are damaged. */
export function walkTooDeep(): ModelFileError {
  return new ModelFileError(
    `a tree walk went deeper than ${MODEL_LIMITS.maxDepth} levels: the model is damaged`,
  );
}

const validated = new WeakSet<ForestModel>();

/**
 * Checks a forest's arrays: sizes, every tree's node indices (children inside the
 * tree and after their parent, so walks end), depth, split features and thresholds,
 * and leaf class frequencies (finite, in 0..1, summing to at most 1). Remembers
 * models that passed, so calling it again is free.
 */
export function validateForest(model: ForestModel): void {
  if (validated.has(model)) return;
  checkNames(model.featureNames, 'feature names', MODEL_LIMITS.maxFeatures);
  checkNames(model.classNames, 'label names', MODEL_LIMITS.maxClasses);
  if (model.classNames.length < 2) throw new ModelFileError('a model needs at least two labels');
  const nF = model.featureNames.length;
  const nC = model.classNames.length;
  const { treeOffsets, feature, threshold, left, value, featureImportances } = model;
  if (!(treeOffsets instanceof Int32Array) || !(feature instanceof Int32Array)) {
    throw new ModelFileError('the tree arrays are missing or of the wrong type');
  }
  if (
    !(left instanceof Int32Array) ||
    !(threshold instanceof Float64Array) ||
    !(value instanceof Float32Array) ||
    !(featureImportances instanceof Float64Array)
  ) {
    throw new ModelFileError('the tree arrays are missing or of the wrong type');
  }
  const T = treeOffsets.length - 1;
  if (T < 1) throw new ModelFileError('the forest has no trees');
  if (T > MODEL_LIMITS.maxTrees) {
    throw new ModelFileError(`the forest has ${T} trees (at most ${MODEL_LIMITS.maxTrees})`);
  }
  const nodes = feature.length;
  if (nodes > MODEL_LIMITS.maxNodes) {
    throw new ModelFileError(`the forest has ${nodes} nodes (at most ${MODEL_LIMITS.maxNodes})`);
  }
  if (threshold.length !== nodes || left.length !== nodes || value.length !== nodes * nC) {
    throw new ModelFileError('the node arrays differ in size');
  }
  const { nanRight } = model;
  if (nanRight !== undefined) {
    if (!(nanRight instanceof Uint8Array) || nanRight.length !== nodes) {
      throw new ModelFileError('the missing-value routing array differs in size from the nodes');
    }
    for (let n = 0; n < nodes; n++) {
      if (nanRight[n] > 1 || (nanRight[n] === 1 && feature[n] < 0)) {
        throw new ModelFileError(`node ${n}: missing-value routing ${nanRight[n]} is not valid`);
      }
    }
  }
  if (featureImportances.length !== nF) {
    throw new ModelFileError(
      `there are ${featureImportances.length} feature importances for ${nF} features`,
    );
  }
  for (let f = 0; f < nF; f++) {
    const v = featureImportances[f];
    if (!Number.isFinite(v) || v < 0 || v > 1 + 1e-6) {
      throw new ModelFileError(`feature importance ${f} is ${v} (must be in 0..1)`);
    }
  }
  if (treeOffsets[0] !== 0) throw new ModelFileError('tree 0 does not start at node 0');
  if (treeOffsets[T] !== nodes) {
    throw new ModelFileError(`the trees end at node ${treeOffsets[T]}, the arrays at ${nodes}`);
  }
  const depth = new Int32Array(
    MODEL_LIMITS.maxNodesPerTree > nodes ? nodes : MODEL_LIMITS.maxNodesPerTree,
  );
  for (let t = 0; t < T; t++) {
    const start = treeOffsets[t];
    const end = treeOffsets[t + 1];
    if (!(end > start))
      throw new ModelFileError(`tree ${t} has no nodes (offsets ${start}, ${end})`);
    if (end - start > MODEL_LIMITS.maxNodesPerTree) {
      throw new ModelFileError(
        `tree ${t} has ${end - start} nodes (at most ${MODEL_LIMITS.maxNodesPerTree})`,
      );
    }
    depth.fill(-1, 0, end - start);
    depth[0] = 0;
    for (let n = start; n < end; n++) {
      const at = `tree ${t} node ${n - start}`;
      const d = depth[n - start];
      if (d < 0) throw new ModelFileError(`${at}: no node leads to it`);
      const f = feature[n];
      if (f === -1) {
        let sum = 0;
        for (let c = 0; c < nC; c++) {
          const v = value[n * nC + c];
          if (!Number.isFinite(v) || v < 0 || v > 1 + 1e-4) {
            throw new ModelFileError(`${at}: class ${c} frequency is ${v} (must be in 0..1)`);
          }
          sum += v;
        }
        if (sum > 1 + 1e-3) {
          throw new ModelFileError(`${at}: class frequencies sum to ${sum} (more than 1)`);
        }
        if (left[n] !== -1) throw new ModelFileError(`${at}: a leaf with a child (${left[n]})`);
        continue;
      }
      if (f < 0 || f >= nF) {
        throw new ModelFileError(`${at}: split feature ${f} is not among the ${nF} features`);
      }
      if (!Number.isFinite(threshold[n])) {
        throw new ModelFileError(`${at}: threshold ${threshold[n]} is not a finite number`);
      }
      for (let c = 0; c < nC; c++) {
        const v = value[n * nC + c];
        if (!Number.isFinite(v) || v < 0 || v > 1 + 1e-4) {
          throw new ModelFileError(`${at}: class ${c} frequency is ${v} (must be in 0..1)`);
        }
      }
      const l = left[n];
      const r = l + 1;
      if (l <= n) {
        throw new ModelFileError(`${at}: left child ${l - start} is not after its parent`);
      }
      if (r >= end) {
        throw new ModelFileError(
          `${at}: right child ${r - start} is outside the tree (${end - start} nodes)`,
        );
      }
      if (d + 1 > MODEL_LIMITS.maxDepth) {
        throw new ModelFileError(`${at}: the tree is deeper than ${MODEL_LIMITS.maxDepth} levels`);
      }
      for (const ch of [l, r]) {
        if (depth[ch - start] !== -1) {
          throw new ModelFileError(`${at}: child ${ch - start} has another parent too`);
        }
        depth[ch - start] = d + 1;
      }
    }
  }
  validated.add(model);
}
