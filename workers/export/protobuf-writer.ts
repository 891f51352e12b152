/**
 * A minimal protobuf writer for model.onnx. protobufjs (onnx-proto) encodes every
 * int64 through a Long and every value through an object of its own, about a
 * microsecond each: a 200-tree forest has millions of node attributes and took
 * seconds. This writes varints and packed arrays straight into one growing buffer.
 * Only what model.onnx needs: varints for non-negative integers, length-delimited
 * bytes, strings, sub-messages and packed integer and double arrays.
 */
const UTF8 = new TextEncoder();

export class PbWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** A varint of a non-negative safe integer (int64 / int32 / enum alike). */
  private varint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`cannot write ${v} as a protobuf varint`);
    }
    this.grow(10);
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  private key(field: number, wire: 0 | 2): void {
    this.varint(field * 8 + wire);
  }

  int(field: number, v: number): this {
    this.key(field, 0);
    this.varint(v);
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2);
    this.varint(b.length);
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, UTF8.encode(s));
  }

  message(field: number, fill: (w: PbWriter) => void): this {
    const w = new PbWriter();
    fill(w);
    return this.bytes(field, w.finish());
  }

  packedInts(field: number, v: ArrayLike<number>): this {
    const w = new PbWriter();
    for (let i = 0; i < v.length; i++) w.varint(v[i]);
    return this.bytes(field, w.finish());
  }

  /** Packed little-endian doubles (as protobuf writes `repeated double`). */
  packedDoubles(field: number, v: Float64Array): this {
    const b = new Uint8Array(v.length * 8);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < v.length; i++) dv.setFloat64(i * 8, v[i], true);
    return this.bytes(field, b);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
