/** ONNX Runtime and float helpers for the ONNX model tests. */
import * as ort from 'onnxruntime-node';

/** The next double above a finite v. */
export function nextUp(v: number): number {
  if (v === 0) return Number.MIN_VALUE;
  const f = new Float64Array([v]);
  const u = new BigInt64Array(f.buffer);
  u[0] += v > 0 ? 1n : -1n;
  return f[0];
}

/** The next double below a finite v. */
export function nextDown(v: number): number {
  return -nextUp(-v);
}

/** Probabilities (rows x classes, row-major) of an ONNX model in ONNX Runtime. */
export async function runOrt(
  bytes: Uint8Array,
  X: Float64Array,
  rows: number,
  nF: number,
  type: 'float64' | 'float32' = 'float64',
): Promise<Float64Array> {
  const s = await ort.InferenceSession.create(bytes);
  try {
    const data = type === 'float64' ? X : Float32Array.from(X);
    const out = await s.run({ [s.inputNames[0]]: new ort.Tensor(type, data, [rows, nF]) });
    const name = s.outputNames.find((n) => n.startsWith('prob'))!;
    return Float64Array.from(out[name].data as Float32Array);
  } finally {
    await s.release();
  }
}
