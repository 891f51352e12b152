/**
 * Streamed CSV records: bytes in (any chunking), one callback per record out, with the
 * 1-based physical line where the record starts.
 *
 * Bytes: the first 4 KiB are looked at before anything is decoded: ZIP archives (.xlsx),
 * old Office files (.xls), other binary files and UTF-16 without a byte-order mark are
 * refused with an ImportError. The encoding is then the BOM's (UTF-8 or UTF-16, the BOM
 * dropped), or the one given, or (auto) UTF-8 that turns into Windows-1252 when the
 * first invalid UTF-8 comes after nothing but ASCII (ASCII reads the same in both).
 * Invalid bytes are never decoded into U+FFFD silently: an explicit UTF-8, a UTF-8 BOM
 * or earlier non-ASCII UTF-8 make them an ImportError naming the line.
 *
 * Text: CRLF and lone CR become LF before parsing; Excel's `sep=;` first line sets the
 * delimiter and is skipped (the header is then line 2); the delimiter 'space' splits at
 * runs of spaces and tabs, leading and trailing ones ignored; fields are split by papaparse's
 * Parser fed incrementally (its unquoted fast path splits whole chunks at once; quoted
 * fields may hold delimiters, quotes ("") and newlines, and may span chunks). Nothing
 * but the unfinished last record (and an unfinished UTF-8 character) is kept between
 * chunks.
 */
import Papa from 'papaparse';
import { detectDelimiter } from './header';
import type { FieldParams } from '../shared/field-error';
import { ImportError } from './types';

/** Record flag: the file ended without a newline after this record. */
export const REC_NO_NEWLINE = 1;
/** Record flag: the file ended inside a quoted field of this record. */
export const REC_OPEN_QUOTE = 2;

/** Called per record (blank lines are skipped but counted). `fields` may be reused. */
export type RecordFn = (fields: string[], line: number, flags: number) => void;

/**
 * Encodings a file may be read in ('latin1' is read as Windows-1252, as browsers do;
 * 'auto': see the file comment).
 */
export const CSV_ENCODINGS = [
  'auto',
  'utf-8',
  'windows-1252',
  'latin1',
  'utf-16le',
  'utf-16be',
] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export interface CsvReaderOptions {
  /**
   * The field delimiter; default: Excel's `sep=` line, else detected from the header.
   * 'space': runs of spaces and tabs are one delimiter, leading and trailing ones are
   * ignored (fixed-width and whitespace-separated data files).
   */
  delimiter?: string;
  /** One of CSV_ENCODINGS (any case); default 'auto'. */
  encoding?: string;
  /** The file name for ImportError messages; default 'input'. */
  file?: string;
}

/** Bytes looked at before decoding. */
const HEAD_BYTES = 4096;

/** Decoding stages. */
const HEAD = 0; // collecting the first bytes
const UTF8 = 1;
const SINGLE = 2; // Windows-1252
const UTF16 = 3;

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Windows-1252 for 0x80-0x9F (the rest is Latin-1), as the WHATWG Encoding Standard maps it. */
const CP1252_80 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Windows-1252 bytes to text by table. */
export function decodeWindows1252(b: Uint8Array): string {
  const CH = 8192;
  const buf = new Uint16Array(Math.min(CH, b.length));
  let out = '';
  for (let i = 0; i < b.length; i += CH) {
    const m = Math.min(CH, b.length - i);
    for (let j = 0; j < m; j++) {
      const c = b[i + j];
      buf[j] = c >= 0x80 && c < 0xa0 ? CP1252_80[c - 0x80] : c;
    }
    out += String.fromCharCode.apply(null, buf.subarray(0, m) as unknown as number[]);
  }
  return out;
}

const C1 = /[\x80-\x9f]/;
const C1_ALL = /[\x80-\x9f]/g;
const fixC1 = (c: string) => String.fromCharCode(CP1252_80[c.charCodeAt(0) - 0x80]);

/**
 * TextDecoder's Windows-1252 where it exists (fast), with 0x80-0x9F mapped again by the
 * table: some TextDecoders read this encoding as ISO-8859-1 (0x80 as U+0080, not the
 * euro sign). Else the table alone.
 */
function windows1252(): (b: Uint8Array) => string {
  let d: TextDecoder;
  try {
    d = new TextDecoder('windows-1252');
  } catch {
    return decodeWindows1252;
  }
  return (b) => {
    const t = d.decode(b);
    return C1.test(t) ? t.replace(C1_ALL, fixC1) : t;
  };
}

/**
 * Index of the first byte of the first invalid (or, at the end, unfinished) UTF-8
 * sequence in `b`, or -1 when all of it is valid UTF-8 (WHATWG rules: no overlongs,
 * no surrogates, nothing above U+10FFFF).
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const c1 = b[i + 1];
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const ck = b[i + k];
      if (ck < 0x80 || ck > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Bytes at the end of `b` that start a UTF-8 character not finished in `b` (0-3). */
function unfinishedUtf8(b: Uint8Array): number {
  const n = b.length;
  if (n === 0 || b[n - 1] < 0x80) return 0;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k];
    if (c >= 0xc0) {
      const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return len > k ? k : 0;
    }
    if (c < 0x80) return 0;
  }
  return 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function isAscii(b: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) if (b[i] >= 0x80) return false;
  return true;
}

const hex = (c: number) => '0x' + c.toString(16).toUpperCase().padStart(2, '0');

/** Newlines in `text` counted as the reader counts them (CRLF, CR, LF are one each). */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/** The delimiter named by Excel's `sep=` line (`sep=;`, `"sep=;"`, padded `sep=;;;`), or null. */
function sepLine(line: string): string | null {
  const m = /^("?)sep=(\\t|[,;\t|:])\1([^"]*)$/i.exec(line);
  if (!m) return null;
  const d = m[2] === '\\t' ? '\t' : m[2];
  for (const c of m[3]) if (c !== d && c !== ' ') return null;
  return d;
}

/** True when `text` (the start of a file) could still turn out to be a `sep=` line. */
function maybeSepLine(text: string): boolean {
  const t = text.slice(0, 5).toLowerCase();
  return 'sep='.startsWith(t.slice(0, 4)) || '"sep='.startsWith(t);
}

/** The delimiter name of whitespace-separated files. */
export const SPACE = 'space';

const TABS = /\t/g;

export class CsvRecordReader {
  private stage = HEAD;
  private headParts: Uint8Array[] = [];
  private headBytes = 0;
  /** Auto: invalid UTF-8 may still turn the file into Windows-1252. */
  private mayBe1252: boolean;
  /** Valid non-ASCII UTF-8 was seen (or the file has a UTF-8 BOM). */
  private sawUtf8 = false;
  /** The start of a UTF-8 character cut by the chunk's end. */
  private carry: Uint8Array | null = null;
  private utf16: TextDecoder | null = null;
  private single: ((b: Uint8Array) => string) | null = null;
  private rest = '';
  private pendingCR = false;
  private firstLineDone = false;
  private line = 1;
  private parser: Papa.Parser | null = null;
  private readonly encoding: CsvEncoding;
  private readonly file: string;
  private used: string;
  /** Set from the `sep=` line or the header unless given. */
  delimiter: string | null;
  /** Stop after the current chunk (the callback saw enough). */
  stopped = false;

  /**
   * `options`: a delimiter (the older positional form) or CsvReaderOptions.
   * Throws RangeError for an encoding not in CSV_ENCODINGS.
   */
  constructor(
    private readonly onRecord: RecordFn,
    options: string | CsvReaderOptions = {},
  ) {
    const o = typeof options === 'string' ? { delimiter: options } : options;
    this.delimiter = o.delimiter ?? null;
    this.file = o.file ?? 'input';
    const enc = (o.encoding ?? 'auto').toLowerCase() as CsvEncoding;
    if (!CSV_ENCODINGS.includes(enc)) {
      throw new RangeError(
        `encoding must be one of ${CSV_ENCODINGS.join(', ')}, got '${o.encoding}'`,
      );
    }
    this.encoding = enc === 'latin1' ? 'windows-1252' : enc;
    this.used = this.encoding === 'auto' ? 'utf-8' : this.encoding;
    this.mayBe1252 = this.encoding === 'auto';
  }

  /** The encoding the text is read in: utf-8, windows-1252, utf-16le or utf-16be. */
  get encodingUsed(): string {
    return this.used;
  }

  /** Feeds the next bytes of the file. */
  push(bytes: Uint8Array): void {
    if (this.stage !== HEAD) return this.decode(bytes, false);
    if (this.headBytes === 0 && bytes.length >= HEAD_BYTES) return this.start(bytes, false);
    this.headParts.push(bytes.slice());
    this.headBytes += bytes.length;
    if (this.headBytes >= HEAD_BYTES) this.start(this.takeHead(), false);
  }

  /** The file ended: flushes the decoder and the last record. */
  end(): void {
    if (this.stage === HEAD) this.start(this.takeHead(), true);
    else this.decode(new Uint8Array(0), true);
  }

  private takeHead(): Uint8Array {
    const parts = this.headParts;
    this.headParts = [];
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(this.headBytes);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  private fail(
    message: string,
    reason: 'source' | 'encoding',
    code: string,
    params: FieldParams = {},
  ): never {
    throw new ImportError(`${this.file}: ${message}`, this.file, reason).coded(code, params);
  }

  /** Looks at the first bytes, settles the encoding and decodes them. */
  private start(h: Uint8Array, last: boolean): void {
    if (h[0] === 0x50 && h[1] === 0x4b && (h[2] === 3 || h[2] === 5) && h[3] === h[2] + 1) {
      this.fail(
        'the file is a ZIP archive (an Excel .xlsx workbook is one): save the sheet as CSV',
        'source',
        'zip-file',
      );
    }
    if (h[0] === 0xd0 && h[1] === 0xcf && h[2] === 0x11 && h[3] === 0xe0) {
      this.fail(
        'the file is an Excel 97-2003 workbook (.xls) or another Office file, not a CSV ' +
          'text export: save the sheet as CSV',
        'source',
        'office-file',
      );
    }
    let bom: CsvEncoding | null = null;
    let skip = 0;
    if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) [bom, skip] = ['utf-8', 3];
    else if (h[0] === 0xff && h[1] === 0xfe) [bom, skip] = ['utf-16le', 2];
    else if (h[0] === 0xfe && h[1] === 0xff) [bom, skip] = ['utf-16be', 2];
    let enc = this.encoding;
    if (bom !== null) {
      if (enc !== 'auto' && enc !== bom) {
        this.fail(
          `the file starts with a ${bom.toUpperCase()} byte-order mark, but the encoding ` +
            `${enc} was given: leave the encoding out (or give ${bom})`,
          'encoding',
          'bom-mismatch',
          { bom: bom.toUpperCase(), given: enc },
        );
      }
      enc = bom;
      this.mayBe1252 = false;
      if (bom === 'utf-8') this.sawUtf8 = true;
    }
    if (enc !== 'utf-16le' && enc !== 'utf-16be') this.checkText(h.subarray(skip));
    if (enc === 'auto') enc = 'utf-8';
    this.used = enc;
    if (enc === 'utf-16le' || enc === 'utf-16be') {
      this.utf16 = new TextDecoder(enc, { ignoreBOM: true });
      this.stage = UTF16;
    } else if (enc === 'windows-1252') {
      this.single = windows1252();
      this.stage = SINGLE;
    } else this.stage = UTF8;
    this.decode(skip > 0 ? h.subarray(skip) : h, last);
  }

  /** Refuses UTF-16 without a BOM and binary files, from their first bytes. */
  private checkText(h: Uint8Array): void {
    const n = Math.min(h.length, HEAD_BYTES);
    const pairs = n >> 1;
    let zOdd = 0;
    let zEven = 0;
    for (let i = 0; i + 1 < n; i += 2) {
      if (h[i + 1] === 0 && h[i] !== 0) zOdd++;
      else if (h[i] === 0 && h[i + 1] !== 0) zEven++;
    }
    if (pairs >= 2 && Math.max(zOdd, zEven) * 10 >= pairs * 7) {
      const e = zOdd > zEven ? 'utf-16le' : 'utf-16be';
      this.fail(
        `the file is UTF-16 text without a byte-order mark: save it as UTF-8 CSV or give ` +
          `--encoding ${e}`,
        'encoding',
        'utf16-no-bom',
      );
    }
    let nul = 0;
    let control = 0;
    for (let i = 0; i < n; i++) {
      const c = h[i];
      if (c === 0) nul++;
      else if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13 && c !== 26) || c === 127) {
        control++;
      }
    }
    if (nul > 0 || control * 10 > n) {
      this.fail('the file is a binary file, not a CSV text export', 'source', 'binary-file');
    }
  }

  /** Decodes bytes in the settled encoding and parses the text. */
  private decode(bytes: Uint8Array, last: boolean): void {
    const stage = this.stage;
    if (stage === UTF8) {
      let b = bytes;
      if (this.carry !== null) {
        b = concat(this.carry, b);
        this.carry = null;
      }
      if (!last) {
        const k = unfinishedUtf8(b);
        if (k > 0) {
          this.carry = b.slice(b.length - k);
          b = b.subarray(0, b.length - k);
        }
      }
      let text = utf8Decoder.decode(b);
      // Same length and no U+FFFD: all ASCII (a V8 one-byte string: no search at all).
      if (text.length !== b.length || text.indexOf('\uFFFD') >= 0) text = this.checkUtf8(b, text);
      this.pushText(text, last);
    } else if (stage === SINGLE) {
      this.pushText(this.single!(bytes), last);
    } else {
      const text = this.utf16!.decode(bytes, { stream: !last });
      const bad = text.indexOf('\uFFFD');
      if (bad >= 0) {
        const why =
          last && bad === text.length - 1
            ? 'the file ends inside a character'
            : 'an unpaired surrogate or a replacement character';
        this.fail(
          `line ${this.lineAt(text.slice(0, bad))} is not valid ${this.used.toUpperCase()} ` +
            `(${why}): check the file's encoding`,
          'encoding',
          'bad-encoding-line',
          { line: this.lineAt(text.slice(0, bad)), encoding: this.used.toUpperCase() },
        );
      }
      this.pushText(text, last);
    }
  }

  /**
   * Text that is not all ASCII: valid UTF-8 is kept; invalid UTF-8 after nothing but
   * ASCII (auto) switches to Windows-1252 from this chunk on; otherwise an ImportError.
   */
  private checkUtf8(b: Uint8Array, text: string): string {
    const bad = text.indexOf('\uFFFD') >= 0 ? firstInvalidUtf8(b) : -1;
    if (bad < 0) {
      this.sawUtf8 = true;
      this.mayBe1252 = false;
      return text;
    }
    const ascii = !this.sawUtf8 && isAscii(b, bad);
    if (this.mayBe1252 && ascii) {
      this.stage = SINGLE;
      this.used = 'windows-1252';
      this.single = windows1252();
      if (this.carry !== null) {
        b = concat(b, this.carry);
        this.carry = null;
      }
      return this.single(b);
    }
    const lineNo = this.lineAt(utf8Decoder.decode(b.subarray(0, bad)));
    const where = `line ${lineNo}`;
    const byte = `(byte ${hex(b[bad])})`;
    if (this.encoding === 'utf-8' && ascii) {
      this.fail(
        `${where} is not valid UTF-8 ${byte}, but the encoding utf-8 was given: give the ` +
          `file's encoding (e.g. --encoding windows-1252)`,
        'encoding',
        'not-utf8',
        { line: lineNo },
      );
    }
    this.fail(
      `${where} is not valid UTF-8 ${byte}, but text before it is: the file mixes ` +
        `encodings. Save it in one encoding (UTF-8 CSV), or give the encoding with ` +
        `--encoding (e.g. windows-1252)`,
      'encoding',
      'mixed-encodings',
      { line: lineNo },
    );
  }

  /** The physical line at the end of `prefix`, text about to be pushed. */
  private lineAt(prefix: string): number {
    return this.line + lineBreaks(this.rest) + lineBreaks((this.pendingCR ? '\r' : '') + prefix);
  }

  private pushText(text: string, last: boolean): void {
    if (this.pendingCR) {
      text = '\r' + text;
      this.pendingCR = false;
    }
    if (text.indexOf('\r') >= 0) {
      if (!last && text.charCodeAt(text.length - 1) === 13) {
        this.pendingCR = true; // a CRLF may be split across chunks
        text = text.slice(0, -1);
      }
      text = text.replace(/\r\n?/g, '\n');
    }
    let input = this.rest.length > 0 ? this.rest + text : text;
    this.rest = '';
    if (!this.firstLineDone) {
      // The first line: Excel's `sep=` line, else the header (the delimiter's source).
      const nl = input.indexOf('\n');
      if (nl < 0 && !last && (this.delimiter === null || maybeSepLine(input))) {
        this.rest = input;
        return;
      }
      this.firstLineDone = true;
      const first = nl < 0 ? input : input.slice(0, nl);
      const sep = sepLine(first);
      if (sep !== null) {
        this.delimiter ??= sep;
        input = nl < 0 ? '' : input.slice(nl + 1);
        this.line++;
      } else this.delimiter ??= detectDelimiter(first);
    }
    // Whitespace-separated text is split at single spaces (tabs read as spaces) and the
    // empty fields that runs of spaces and the line's edges make are dropped per record:
    // cheaper than rewriting the text, and newlines stay as they are (exact line numbers).
    const space = this.delimiter === SPACE;
    if (space && input.indexOf('\t') >= 0) input = input.replace(TABS, ' ');
    if (input.length === 0) return;
    this.parser ??= new Papa.Parser({
      delimiter: space ? ' ' : (this.delimiter ?? ','),
      newline: '\n',
      quoteChar: '"',
    });
    const res = this.parser.parse(input, 0, !last) as {
      data: string[][];
      errors: { code: string }[];
      meta: { cursor: number };
    };
    const quoted = input.indexOf('"') >= 0;
    const rows = res.data;
    const n = rows.length;
    let flagsLast = 0;
    if (last) {
      if (input.charCodeAt(input.length - 1) !== 10) flagsLast |= REC_NO_NEWLINE;
      if (res.errors.some((e) => e.code === 'MissingQuotes')) flagsLast |= REC_OPEN_QUOTE;
    } else {
      this.rest = input.substring(res.meta.cursor);
    }
    const onRecord = this.onRecord;
    for (let r = 0; r < n; r++) {
      const fields = rows[r];
      const start = this.line;
      let span = 1;
      if (quoted) {
        for (let k = 0; k < fields.length; k++) {
          const f = fields[k];
          for (let p = f.indexOf('\n'); p >= 0; p = f.indexOf('\n', p + 1)) span++;
        }
      }
      this.line += span;
      if (space) {
        let w = 0;
        for (let k = 0; k < fields.length; k++) if (fields[k] !== '') fields[w++] = fields[k];
        fields.length = w;
        if (w === 0) continue; // blank line
      }
      if (fields.length === 1 && fields[0].trim() === '') continue; // blank line
      onRecord(fields, start, last && r === n - 1 ? flagsLast : 0);
      if (this.stopped) return;
    }
  }
}
