/**
 * Generates the app icons in resources/ (icon.svg, icon.png 512x512, icon.ico 256x256)
 * from one small geometry: a teal rounded square with a white pulse line and an amber
 * warning dot ("this machine is about to need attention"). Why a script: the icon is
 * reproducible and needs no image tools; PNG is written with node:zlib, the ICO embeds
 * a PNG (supported since Windows Vista). Run: node --import tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

type RGBA = [number, number, number, number];

/** Icon geometry in a 512-unit square. */
const BG: RGBA = [15, 92, 110, 255];
const FG: RGBA = [255, 255, 255, 255];
const DOT: RGBA = [245, 166, 35, 255];
const RADIUS = 96;
const PULSE: Array<[number, number]> = [
  [72, 300],
  [170, 300],
  [210, 200],
  [262, 380],
  [306, 250],
  [334, 300],
  [380, 300],
];
const STROKE = 34;
const DOT_C: [number, number, number] = [392, 150, 50];

function distToSegment(px: number, py: number, a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

function insideRoundedSquare(x: number, y: number): boolean {
  const cx = Math.min(Math.max(x, RADIUS), 512 - RADIUS);
  const cy = Math.min(Math.max(y, RADIUS), 512 - RADIUS);
  return Math.hypot(x - cx, y - cy) <= RADIUS && x >= 0 && y >= 0 && x <= 512 && y <= 512;
}

/** Colour at a point of the 512-unit square (transparent outside the rounded square). */
function colourAt(x: number, y: number): RGBA {
  if (!insideRoundedSquare(x, y)) return [0, 0, 0, 0];
  if (Math.hypot(x - DOT_C[0], y - DOT_C[1]) <= DOT_C[2]) return DOT;
  for (let i = 0; i + 1 < PULSE.length; i++) {
    if (distToSegment(x, y, PULSE[i], PULSE[i + 1]) <= STROKE / 2) return FG;
  }
  return BG;
}

/** RGBA pixels of the icon at `size` px, 4x4 supersampled. */
export function renderIcon(size: number): Uint8Array {
  if (!Number.isInteger(size) || size < 16 || size > 2048) {
    throw new RangeError(`size must be an integer in 16..2048, got ${size}`);
  }
  const px = new Uint8Array(size * size * 4);
  const s = 512 / size;
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = colourAt((x + (sx + 0.5) / n) * s, (y + (sy + 0.5) / n) * s);
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const o = (y * size + x) * 4;
      px[o] = a ? Math.round(r / a) : 0;
      px[o + 1] = a ? Math.round(g / a) : 0;
      px[o + 2] = a ? Math.round(b / a) : 0;
      px[o + 3] = Math.round(a / (n * n));
    }
  }
  return px;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes RGBA pixels as a PNG (8-bit RGBA, no filter). */
export function encodePng(rgba: Uint8Array, size: number): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(
      raw,
      y * (size * 4 + 1) + 1,
    );
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** An .ico holding one PNG image (256 is written as 0 in the directory entry). */
export function encodeIco(png: Buffer, size: number): Buffer {
  const head = Buffer.alloc(22);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(1, 4);
  head[6] = size >= 256 ? 0 : size;
  head[7] = size >= 256 ? 0 : size;
  head.writeUInt16LE(1, 10);
  head.writeUInt16LE(32, 12);
  head.writeUInt32LE(png.length, 14);
  head.writeUInt32LE(22, 18);
  return Buffer.concat([head, png]);
}

/** The same icon as SVG. */
export function iconSvg(): string {
  const hex = (c: RGBA) =>
    '#' +
    c
      .slice(0, 3)
      .map((v) => v.toString(16).padStart(2, '0'))
      .join('');
  const points = PULSE.map(([x, y]) => `${x},${y}`).join(' ');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">',
    '  <title>Plant PdM</title>',
    `  <rect width="512" height="512" rx="${RADIUS}" fill="${hex(BG)}"/>`,
    `  <polyline points="${points}" fill="none" stroke="${hex(FG)}" stroke-width="${STROKE}" stroke-linecap="round" stroke-linejoin="round"/>`,
    `  <circle cx="${DOT_C[0]}" cy="${DOT_C[1]}" r="${DOT_C[2]}" fill="${hex(DOT)}"/>`,
    '</svg>',
    '',
  ].join('\n');
}

export function main(outDir: string): void {
  writeFileSync(join(outDir, 'icon.svg'), iconSvg());
  writeFileSync(join(outDir, 'icon.png'), encodePng(renderIcon(512), 512));
  writeFileSync(join(outDir, 'icon.ico'), encodeIco(encodePng(renderIcon(256), 256), 256));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(join(dirname(fileURLToPath(import.meta.url)), '..', 'resources'));
}
