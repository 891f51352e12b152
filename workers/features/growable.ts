/**
 * Append-only typed-array buffers: reading a machine's telemetry pushes numbers into
 * these instead of building one object per reading, so memory is a few bytes per value.
 */

/** A Float64Array that doubles its capacity as values are pushed. */
export class GrowableFloat64 {
  private buf: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buf = new Float64Array(Math.max(16, initialCapacity));
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.grow(this.length + 1);
    this.buf[this.length++] = v;
  }

  /** Makes room for at least `extra` more values (call before a burst of pushUnchecked). */
  reserve(extra: number): void {
    if (this.length + extra > this.buf.length) this.grow(this.length + extra);
  }

  private grow(min: number): void {
    let cap = this.buf.length * 2;
    while (cap < min) cap *= 2;
    const next = new Float64Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** A right-sized copy of the values pushed so far. */
  toArray(): Float64Array {
    return this.buf.slice(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}

/** An Int32Array that doubles its capacity as values are pushed. */
export class GrowableInt32 {
  private buf: Int32Array;
  length = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Int32Array(Math.max(16, initialCapacity));
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  toArray(): Int32Array {
    return this.buf.slice(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}
