/**
 * Text pieces of the export fixtures, written here independently of the importer's
 * parsers: time formats (wall time and instants with the plant zone's offset), CSV
 * text with the quirks of real exports, Windows-1252 and UTF-16 bytes, and a small
 * ZIP writer.
 */
import { deflateRawSync } from 'node:zlib';
import { epoch, iso, p2, parts } from '../robustness/shapes';

// ---------- time ----------
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Seconds since 1970 of a `YYYY-MM-DD HH:MM:SS` text read as UTC. */
export const epochOf = epoch;

/** `YYYY-MM-DD HH:MM:SS` (the canonical form). */
export { iso };
export const isoDate = (t: number) => iso(t).slice(0, 10);
export const isoClock = (t: number) => iso(t).slice(11);

/** `2016-03-03T19:00:00+01:00`: the instant `u` written as local time with its offset. */
export function isoOffset(u: number, offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  return `${iso(u + offset).replace(' ', 'T')}${sign}${p2(Math.floor(a / 3600))}:${p2((a % 3600) / 60)}`;
}

/** Excel serial days (1900 system) of a wall time, as Excel writes a General cell (15 digits). */
export function excelSerial(t: number): string {
  return String(Number((t / 86400 + 25569).toPrecision(15)));
}

/** `01-Jan-2015 06:00:00` (Oracle / SAP style). */
export function ddMonYyyy(t: number): string {
  const x = parts(t);
  return `${p2(x.d)}-${MONTHS[x.mo - 1]}-${x.y} ${p2(x.h)}:${p2(x.mi)}:${p2(x.s)}`;
}

/** `Jan 1, 2015 6:00 AM` (US reporting tools; whole minutes only). */
export function monDYyyyAmPm(t: number): string {
  const x = parts(t);
  if (x.s !== 0) throw new Error(`monDYyyyAmPm drops the seconds of ${iso(t)}`);
  const h12 = x.h % 12 === 0 ? 12 : x.h % 12;
  return `${MONTHS[x.mo - 1]} ${x.d}, ${x.y} ${h12}:${p2(x.mi)} ${x.h < 12 ? 'AM' : 'PM'}`;
}

/** `02.03.2015 06:00:00` (German Excel). */
export function dotDmy(t: number): string {
  const x = parts(t);
  return `${p2(x.d)}.${p2(x.mo)}.${x.y} ${p2(x.h)}:${p2(x.mi)}:${p2(x.s)}`;
}

/** `03/01/15 06:00` (D/M/YY HH:mm, two-digit years; whole minutes only). */
export function dmyy(t: number): string {
  const x = parts(t);
  if (x.s !== 0) throw new Error(`dmyy drops the seconds of ${iso(t)}`);
  return `${p2(x.d)}/${p2(x.mo)}/${p2(x.y % 100)} ${p2(x.h)}:${p2(x.mi)}`;
}

// ---------- plant time zones (rules written out; checked against Intl in the script) ----------
/** 01:00 UTC on the last Sunday of a month (the EU daylight-saving switch). */
function lastSundayAt0100(y: number, month: number): number {
  const last = Date.UTC(y, month, 0) / 1000; // 00:00 on the month's last day
  const dow = new Date(last * 1000).getUTCDay();
  return last - dow * 86400 + 3600;
}

/** Offset from UTC in seconds of Europe/Berlin at instant `u`. */
export function berlinOffset(u: number): number {
  const y = new Date(u * 1000).getUTCFullYear();
  return u >= lastSundayAt0100(y, 3) && u < lastSundayAt0100(y, 10) ? 7200 : 3600;
}

/** Offset from UTC in seconds of a plant zone at instant `u` (the zones the fixtures use). */
export function zoneOffset(zone: string, u: number): number {
  if (zone === 'Europe/Berlin') return berlinOffset(u);
  if (zone === 'Asia/Seoul') return 9 * 3600;
  if (zone === 'UTC') return 0;
  throw new Error(`no offset rule for ${zone}`);
}

/** The same offset computed by Intl, to check the rules above. */
export function intlOffset(zone: string, u: number): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const v = Object.fromEntries(f.formatToParts(new Date(u * 1000)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+v.year, +v.month - 1, +v.day, +v.hour, +v.minute, +v.second) / 1000;
  return wall - u;
}

// ---------- numbers ----------
/** Shortest text of x rounded to `dec` decimals (`12.5`, `1418`). */
export const num = (x: number, dec: number) => String(Number(x.toFixed(dec)));

/** `4,377.16`: comma thousands, decimal point, the value's own decimals. */
export function thousandsPoint(s: string): string {
  const [i, f] = s.split('.');
  const neg = i.startsWith('-');
  const g = (neg ? i.slice(1) : i).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + g + (f === undefined ? '' : '.' + f);
}

/** `1.549,8` / `1.418`: point thousands, decimal comma. */
export function thousandsComma(s: string): string {
  return thousandsPoint(s).replace(/[.,]/g, (c) => (c === ',' ? '.' : ','));
}

/** `12,5`: decimal comma, no grouping. */
export const decimalComma = (s: string) => s.replace('.', ',');

// ---------- CSV ----------
export interface CsvOpts {
  delim?: string;
  eol?: string;
  /** Quote every field (header included). */
  quoteAll?: boolean;
  /** Excel's `sep=;` first line. */
  sepLine?: boolean;
  /** A UTF-8 BOM (only for text written as UTF-8). */
  bom?: boolean;
}

/** CSV text; fields with the delimiter, quotes or line breaks are quoted (RFC 4180). */
export function csv(header: string[], rows: string[][], o: CsvOpts = {}): string {
  const delim = o.delim ?? ',';
  const eol = o.eol ?? '\n';
  const q = (s: string) =>
    o.quoteAll || s.includes(delim) || s.includes('"') || /[\r\n]/.test(s)
      ? '"' + s.replace(/"/g, '""') + '"'
      : s;
  const lines = [header, ...rows].map((r) => r.map(q).join(delim));
  if (o.sepLine) lines.unshift(`sep=${delim}`);
  return (o.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
}

// ---------- bytes ----------
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/** Text as Windows-1252 bytes; throws on a character the code page lacks. */
export function windows1252(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) out[n++] = c;
    else if (ch in CP1252_HIGH) out[n++] = CP1252_HIGH[ch];
    else throw new Error(`'${ch}' is not in Windows-1252`);
  }
  return out.subarray(0, n);
}

/** Text as UTF-16LE bytes without a byte order mark. */
export const utf16leNoBom = (text: string) => Buffer.from(text, 'utf16le');

// ---------- ZIP ----------
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A ZIP archive (deflated entries, fixed DOS time so the bytes repeat) as written by
 * `zip` or Windows' "Send to > Compressed folder".
 */
export function zipArchive(entries: { name: string; data: Buffer }[], when: Date): Buffer {
  const dosTime =
    (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const dosDate =
    ((when.getUTCFullYear() - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data, { level: 9 });
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
