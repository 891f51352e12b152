/**
 * Versioned binary container for models: a small header (magic, format
 * version), JSON metadata, then raw typed-array payloads (8-byte aligned,
 * little-endian as on every supported platform). Unknown versions are refused
 * rather than misread.
 */

export const MODEL_MAGIC = 'PDMF';
export const MODEL_FORMAT_VERSION = 1;

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
  dv.setUint32(4, MODEL_FORMAT_VERSION, true);
  dv.setUint32(8, json.length, true);
  out.set(json, HEADER);
  entries.forEach((e) => {
    const a = arrays[e.name];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), payloadStart + e.offset);
  });
  return out;
}

/** Reads a container; throws on a foreign file or an unknown format version. */
export function decodeContainer(bytes: Uint8Array): {
  meta: Record<string, unknown>;
  arrays: Record<string, Typed>;
} {
  if (bytes.length < HEADER || String.fromCharCode(...bytes.subarray(0, 4)) !== MODEL_MAGIC) {
    throw new Error('not a model file (missing PDMF header)');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== MODEL_FORMAT_VERSION) {
    throw new Error(
      `unsupported model format version ${version} (this build reads version ${MODEL_FORMAT_VERSION})`,
    );
  }
  const jsonLen = dv.getUint32(8, true);
  if (HEADER + jsonLen > bytes.length) throw new Error('model file is truncated (metadata)');
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + jsonLen)));
  const payloadStart = align8(HEADER + jsonLen);
  const arrays: Record<string, Typed> = {};
  for (const e of (meta.arrays ?? []) as ArrayEntry[]) {
    const Ctor = CTORS[e.type];
    if (!Ctor) throw new Error(`model file has an unknown array type ${e.type}`);
    const start = payloadStart + e.offset;
    const len = e.length * Ctor.BYTES_PER_ELEMENT;
    if (start + len > bytes.length) throw new Error(`model file is truncated (array ${e.name})`);
    // copy into an aligned buffer of its own
    arrays[e.name] = new Ctor(bytes.slice(start, start + len).buffer);
  }
  delete meta.arrays;
  return { meta, arrays };
}
