/**
 * The bundle as one .zip (for a browser download): files stored uncompressed (the
 * Parquet tables are already Snappy-compressed, and the rest is small), UTF-8 names,
 * ZIP64 not needed below 4 GB (larger bundles are refused with a message to use
 * `pdm export`, which writes a folder).
 */
import { checkBundlePath, type BundleFile, type BundleSink } from './bundle-sink';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(crc: number, bytes: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const LIMIT = 0xffffffff;

interface Entry {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

/** Collects the bundle's files into one ZIP archive; `bytes()` after commit. */
export class ZipSink implements BundleSink {
  private readonly parts: Uint8Array[] = [];
  private readonly entries: Entry[] = [];
  private offset = 0;
  private result: Uint8Array | null = null;

  /** Time stamp of every entry (DOS date and time, local wall time as given). */
  constructor(private readonly when = new Date()) {}

  open(path: string): BundleFile {
    const name = new TextEncoder().encode(checkBundlePath(path));
    const chunks: Uint8Array[] = [];
    let crc = 0;
    let size = 0;
    return {
      write: (chunk) => {
        const copy = chunk.slice();
        chunks.push(copy);
        crc = crc32(crc, copy);
        size += copy.length;
      },
      close: () => {
        if (size >= LIMIT || this.offset + size >= LIMIT) {
          throw new RangeError(
            'the bundle is larger than a .zip download can hold (4 GB); use pdm export, which writes a folder',
          );
        }
        const entry = { name, crc, size, offset: this.offset };
        this.push(this.header(entry, false));
        for (const c of chunks) this.push(c);
        this.entries.push(entry);
      },
    };
  }

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.offset += b.length;
  }

  private dos(): [number, number] {
    const d = this.when;
    const time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
    const date =
      ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
    return [time, date];
  }

  /** A local file header, or a central directory header. */
  private header(e: Entry, central: boolean): Uint8Array {
    const b = new Uint8Array((central ? 46 : 30) + e.name.length);
    const v = new DataView(b.buffer);
    const [time, date] = this.dos();
    let o = 0;
    const u16 = (x: number) => {
      v.setUint16(o, x, true);
      o += 2;
    };
    const u32 = (x: number) => {
      v.setUint32(o, x >>> 0, true);
      o += 4;
    };
    u32(central ? 0x02014b50 : 0x04034b50);
    if (central) u16(20); // made by
    u16(20); // version needed
    u16(0x0800); // UTF-8 names
    u16(0); // stored
    u16(time);
    u16(date);
    u32(e.crc);
    u32(e.size);
    u32(e.size);
    u16(e.name.length);
    u16(0); // extra
    if (central) {
      u16(0); // comment
      u16(0); // disk
      u16(0); // internal attributes
      u32(0); // external attributes
      u32(e.offset);
    }
    b.set(e.name, o);
    return b;
  }

  commit(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) this.push(this.header(e, true));
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, this.entries.length, true);
    v.setUint16(10, this.entries.length, true);
    v.setUint32(12, this.offset - start, true);
    v.setUint32(16, start, true);
    this.push(end);
    const all = new Uint8Array(this.offset);
    let o = 0;
    for (const p of this.parts) {
      all.set(p, o);
      o += p.length;
    }
    this.parts.length = 0;
    this.result = all;
    return Promise.resolve();
  }

  abort(): Promise<void> {
    this.parts.length = 0;
    this.entries.length = 0;
    return Promise.resolve();
  }

  /** The archive; throws before commit. */
  bytes(): Uint8Array {
    if (!this.result) throw new Error('the bundle archive is not finished');
    return this.result;
  }
}
