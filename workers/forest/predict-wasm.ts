/**
 * predictProba's hot loop in WebAssembly (workers/forest/wasm/predict.wat): the same
 * tree walk and the same summation order as the JavaScript loop, so the probabilities
 * are identical, about twice as fast per thread. Rows go through in chunks so linear
 * memory stays small whatever the batch. Returns null where WebAssembly is missing,
 * and callers fall back to JavaScript.
 */
import type { ForestModel } from './tree';
import { validateForest } from './validate-model';
import { PREDICT_WASM_BASE64 } from './wasm/predict-wasm-bytes';

type Kernel = (
  nodes: number,
  value: number,
  offs: number,
  trees: number,
  x: number,
  rows: number,
  nF: number,
  nC: number,
  out: number,
) => void;

let compiled: WebAssembly.Module | null | undefined;

function module(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bin = atob(PREDICT_WASM_BASE64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null; // no WebAssembly here (or a policy forbids it)
    }
  }
  return compiled;
}

/** Rows per call into the kernel. */
const CHUNK_ROWS = 65_536;
const PAGE = 65_536;
const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** Sums of leaf class frequencies over trees (rows x nC); divide by the tree count. */
export function predictSumsWasm(
  model: ForestModel,
  X: Float64Array,
  rows: number,
): Float64Array | null {
  const mod = module();
  if (!mod) return null;
  // The kernel (wasm/predict.wat) trusts the node arrays: it does not bound its walks
  // nor check indices, so a child pointing back to an ancestor would spin forever and
  // an index out of range would trap. Validation is the guard: every model is checked
  // before its arrays are copied in (free for models loaded through deserializeForest,
  // which validated them already). See docs/decisions/wasm-prediction-kernel.md.
  validateForest(model);
  const nF = model.featureNames.length;
  const nC = model.classNames.length;
  const nodes = model.feature.length;
  const trees = model.treeOffsets.length - 1;
  const chunk = Math.min(rows, CHUNK_ROWS);
  const nodesAt = 0;
  const valueAt = nodesAt + nodes * 16;
  const offsAt = align(valueAt + nodes * nC * 4, 8);
  const xAt = align(offsAt + (trees + 1) * 4, 8);
  // four spare rows: the kernel's lanes past the last row read (never use) them
  const outAt = xAt + (chunk + 4) * nF * 8;
  const end = outAt + chunk * nC * 8;
  if (end > 2 ** 31) return null;
  const instance = new WebAssembly.Instance(mod, {});
  const memory = instance.exports.memory as WebAssembly.Memory;
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
  const buf = memory.buffer;
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  for (let n = 0; n < nodes; n++) {
    i32[(nodesAt >> 2) + n * 4] = model.feature[n];
    i32[(nodesAt >> 2) + n * 4 + 1] = model.left[n];
    f64[(nodesAt >> 3) + n * 2 + 1] = model.threshold[n];
  }
  new Float32Array(buf, valueAt, nodes * nC).set(model.value);
  new Int32Array(buf, offsAt, trees + 1).set(model.treeOffsets);
  const kernel = instance.exports.predict as Kernel;
  const out = new Float64Array(rows * nC);
  const xView = new Float64Array(buf, xAt, chunk * nF);
  const outView = new Float64Array(buf, outAt, chunk * nC);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const n = Math.min(chunk, rows - r0);
    xView.set(X.subarray(r0 * nF, (r0 + n) * nF));
    outView.fill(0);
    kernel(nodesAt, valueAt, offsAt, trees, xAt, n, nF, nC, outAt);
    out.set(outView.subarray(0, n * nC), r0 * nC);
  }
  return out;
}
