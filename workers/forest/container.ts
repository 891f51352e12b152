/**
 * Versioned binary container for models: a small header (magic, format
 * version), JSON metadata, then raw typed-array payloads (8-byte aligned,
 * little-endian as on every supported platform). Unknown versions are refused
 * rather than misread.
 */

import { ModelFileError } from './validate-model';

export const MODEL_MAGIC = 'PDMF';
/**
 * Version 2 is written only for models older builds would misread although they could
 * load them (an imported forest that sends missing values right): they refuse it.
 * Everything else stays version 1.
 */
export const MODEL_FORMAT_VERSION = 2;

type Typed = Int32Array | Float64Array | Float32Array | Uint8Array;
const CTORS = { Int32Array, Float64Array, Float32Array, Uint8Array } as const;
type TypedName = keyof typeof CTORS;

interface ArrayEntry {
  name: string;
  type: TypedName;
  length: number;
  offset: number;
}

const HEADER = 12;
const align8 = (n: number): number => (n + 7) & ~7;

/** Packs metadata and named typed arrays into one buffer. */
export function encodeContainer(
  meta: Record<string, unknown>,
  arrays: Record<string, Typed> = {},
  version = 1,
): Uint8Array {
  const entries: ArrayEntry[] = [];
  let off = 0;
  for (const [name, a] of Object.entries(arrays)) {
    entries.push({ name, type: a.constructor.name as TypedName, length: a.length, offset: off });
    off = align8(off + a.byteLength);
  }
  const json = new TextEncoder().encode(JSON.stringify({ ...meta, arrays: entries }));
  const payloadStart = align8(HEADER + json.length);
  const out = new Uint8Array(payloadStart + off);
  for (let i = 0; i < 4; i++) out[i] = MODEL_MAGIC.charCodeAt(i);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, version, true);
  dv.setUint32(8, json.length, true);
  out.set(json, HEADER);
  entries.forEach((e) => {
    const a = arrays[e.name];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), payloadStart + e.offset);
  });
  return out;
}

/** Reads a container; throws a ModelFileError on a foreign, damaged or unknown-version file. */
export function decodeContainer(bytes: Uint8Array): {
  meta: Record<string, unknown>;
  arrays: Record<string, Typed>;
} {
  if (bytes.length < HEADER || String.fromCharCode(...bytes.subarray(0, 4)) !== MODEL_MAGIC) {
    throw new ModelFileError('not a model file (missing PDMF header)');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (!(version >= 1 && version <= MODEL_FORMAT_VERSION)) {
    throw new ModelFileError(
      `unsupported model format version ${version} (this build reads versions 1 to ${MODEL_FORMAT_VERSION})`,
    );
  }
  const jsonLen = dv.getUint32(8, true);
  if (HEADER + jsonLen > bytes.length) throw new ModelFileError('model is truncated (metadata)');
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER, HEADER + jsonLen)),
    );
  } catch {
    throw new ModelFileError('model metadata is damaged (not JSON)');
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) {
    throw new ModelFileError('model metadata is not an object');
  }
  const payloadStart = align8(HEADER + jsonLen);
  const arrays: Record<string, Typed> = {};
  const entries = meta.arrays ?? [];
  if (!Array.isArray(entries)) throw new ModelFileError('model array table is not a list');
  let expectOffset = 0;
  for (const e of entries as ArrayEntry[]) {
    if (!e || typeof e !== 'object' || typeof e.name !== 'string') {
      throw new ModelFileError('model array table has an entry without a name');
    }
    const Ctor = Object.hasOwn(CTORS, e.type) ? CTORS[e.type] : undefined;
    if (!Ctor) throw new ModelFileError(`model has an unknown array type ${String(e.type)}`);
    if (Object.hasOwn(arrays, e.name)) throw new ModelFileError(`model has two arrays ${e.name}`);
    if (!Number.isSafeInteger(e.length) || e.length < 0 || e.offset !== expectOffset) {
      throw new ModelFileError(`model array ${e.name} has a damaged size or offset`);
    }
    const start = payloadStart + e.offset;
    const len = e.length * Ctor.BYTES_PER_ELEMENT;
    if (start + len > bytes.length)
      throw new ModelFileError(`model is truncated (array ${e.name})`);
    expectOffset = align8(e.offset + len);
    // copy into an aligned buffer of its own
    arrays[e.name] = new Ctor(bytes.slice(start, start + len).buffer);
  }
  if (payloadStart + expectOffset !== bytes.length && entries.length > 0) {
    throw new ModelFileError('model has bytes after its last array');
  }
  delete meta.arrays;
  return { meta, arrays };
}

/**
 * The learner a container's metadata names. Models serialised before the rename from
 * "engine" (which now means only the app's worker) carry it as `engine`; plant files
 * and model files keep such bytes, so both keys are read.
 */
export function containerLearner(meta: Record<string, unknown>): unknown {
  return meta.learner ?? meta.engine;
}
