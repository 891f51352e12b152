/**
 * Streamed CSV records: bytes in (any chunking), one callback per record out, with the
 * 1-based physical line where the record starts. UTF-8 (or UTF-16 after a UTF-16 BOM)
 * is decoded by a streaming TextDecoder (a BOM is dropped); CRLF and lone CR become LF
 * before parsing; fields are split by papaparse's Parser fed incrementally (its unquoted
 * fast path splits whole chunks at once; quoted fields may hold delimiters, quotes ("")
 * and newlines, and may span chunks). Nothing but the unfinished last record is kept
 * between chunks.
 */
import Papa from 'papaparse';
import { detectDelimiter } from './header';

/** Record flag: the file ended without a newline after this record. */
export const REC_NO_NEWLINE = 1;
/** Record flag: the file ended inside a quoted field of this record. */
export const REC_OPEN_QUOTE = 2;

/** Called per record (blank lines are skipped but counted). `fields` may be reused. */
export type RecordFn = (fields: string[], line: number, flags: number) => void;

/** 'utf-16le' / 'utf-16be' when the bytes start with that BOM, else null. */
function utf16Bom(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export class CsvRecordReader {
  /** Chosen from the first bytes: UTF-16 when they are a UTF-16 BOM, else UTF-8. */
  private decoder: TextDecoder | null = null;
  private head: Uint8Array | null = null;
  private rest = '';
  private pendingCR = false;
  private line = 1;
  private parser: Papa.Parser | null = null;
  /** Set from the first line unless given. */
  delimiter: string | null;
  /** Stop after the current chunk (the callback saw enough). */
  stopped = false;

  constructor(
    private readonly onRecord: RecordFn,
    delimiter?: string,
  ) {
    this.delimiter = delimiter ?? null;
  }

  /** Feeds the next bytes of the file. */
  push(bytes: Uint8Array): void {
    if (this.decoder === null) {
      // Excel's "Unicode Text" export is UTF-16LE with a BOM: look at 2 bytes first.
      const h = this.head ? concat(this.head, bytes) : bytes;
      if (h.length < 2) {
        this.head = h;
        return;
      }
      this.head = null;
      this.decoder = new TextDecoder(utf16Bom(h) ?? 'utf-8');
      bytes = h;
    }
    this.pushText(this.decoder.decode(bytes, { stream: true }), false);
  }

  /** The file ended: flushes the decoder and the last record. */
  end(): void {
    if (this.decoder === null) {
      this.decoder = new TextDecoder('utf-8');
      if (this.head) this.pushText(this.decoder.decode(this.head, { stream: true }), false);
      this.head = null;
    }
    const tail = this.decoder.decode();
    this.pushText(tail, true);
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
    const input = this.rest.length > 0 ? this.rest + text : text;
    this.rest = '';
    if (this.delimiter === null) {
      const nl = input.indexOf('\n');
      if (nl < 0 && !last) {
        this.rest = input;
        return;
      }
      this.delimiter = detectDelimiter(nl < 0 ? input : input.slice(0, nl));
    }
    if (input.length === 0) return;
    this.parser ??= new Papa.Parser({ delimiter: this.delimiter, newline: '\n', quoteChar: '"' });
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
      if (fields.length === 1 && fields[0].trim() === '') continue; // blank line
      onRecord(fields, start, last && r === n - 1 ? flagsLast : 0);
      if (this.stopped) return;
    }
  }
}
