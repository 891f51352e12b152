/**
 * CsvRecordReader's bytes: encodings (BOMs, auto UTF-8 -> Windows-1252, explicit
 * choices, mixed files refused), files that are not CSV text (ZIP, .xls, binary,
 * UTF-16 without BOM), Excel's `sep=` line; every case also fed in 1-, 2- and 3-byte
 * chunks so characters, BOMs and the switch point are split across chunks.
 */
import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest/import-csv';
import {
  CSV_ENCODINGS,
  CsvRecordReader,
  decodeWindows1252,
  firstInvalidUtf8,
  type CsvReaderOptions,
} from '../../../workers/ingest/records';
import { ImportError } from '../../../workers/ingest/types';
import { memSource } from './helpers';

type Rec = [string[], number, number];

const SIZES = [1, 2, 3, 7, 1 << 20];

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Bytes of a string of chars below 256 (Latin-1 / Windows-1252 text as bytes). */
const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
function cat(...parts: (Uint8Array | string)[]): Uint8Array {
  const bs = parts.map((p) => (typeof p === 'string' ? utf8(p) : p));
  const out = new Uint8Array(bs.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of bs) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}
function utf16(s: string, be = false, bom = true): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const put = (i: number, c: number) => {
    out[2 * i + (be ? 1 : 0)] = c & 0xff;
    out[2 * i + (be ? 0 : 1)] = c >> 8;
  };
  if (bom) put(0, 0xfeff);
  for (let i = 0; i < s.length; i++) put(i + (bom ? 1 : 0), s.charCodeAt(i));
  return out;
}

/** All records of `data` fed in chunks of `size`. */
function read(data: Uint8Array, size: number, opts?: string | CsvReaderOptions) {
  const recs: Rec[] = [];
  const reader = new CsvRecordReader((f, line, flags) => recs.push([f.slice(), line, flags]), opts);
  for (let i = 0; i < data.length; i += size) reader.push(data.subarray(i, i + size));
  reader.end();
  return { recs, reader };
}

/** The ImportError reading `data` throws, and the records delivered before it. */
function refusal(data: Uint8Array, size: number, opts?: CsvReaderOptions) {
  const recs: Rec[] = [];
  try {
    const reader = new CsvRecordReader((f, line) => recs.push([f.slice(), line, 0]), opts);
    for (let i = 0; i < data.length; i += size) reader.push(data.subarray(i, i + size));
    reader.end();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    const err = e as ImportError;
    // Plain words only: no raw bytes, control or replacement characters.
    expect(err.message).toMatch(/^[\x20-\x7e]+$/);
    return { err, recs };
  }
  throw new Error('expected an ImportError');
}

const noFFFD = (recs: Rec[]) => recs.every(([f]) => f.every((x) => !x.includes('\uFFFD')));

/** `n` ASCII data lines, to push the interesting bytes past the first 4 KiB. */
const filler = (n: number) => 'x,1\n'.repeat(n);

describe('CsvRecordReader options', () => {
  it('takes a delimiter positionally or in options, and validates the encoding', () => {
    const data = utf8('a;b\n1;2\n');
    expect(read(data, 3, ',').recs[0][0]).toEqual(['a;b']);
    expect(read(data, 3, { delimiter: ',' }).recs[0][0]).toEqual(['a;b']);
    expect(read(data, 3).recs[1][0]).toEqual(['1', '2']);
    expect(CSV_ENCODINGS).toEqual([
      'auto',
      'utf-8',
      'windows-1252',
      'latin1',
      'utf-16le',
      'utf-16be',
    ]);
    expect(() => new CsvRecordReader(() => {}, { encoding: 'ebcdic' })).toThrow(RangeError);
    expect(new CsvRecordReader(() => {}, { encoding: 'UTF-8' }).encodingUsed).toBe('utf-8');
    expect(new CsvRecordReader(() => {}, { encoding: 'latin1' }).encodingUsed).toBe('windows-1252');
    expect(new CsvRecordReader(() => {}).encodingUsed).toBe('utf-8');
  });
});

describe.each(SIZES)('encodings (%i-byte chunks)', (size) => {
  it('UTF-8 with non-ASCII text, with and without BOM', () => {
    const text = 'Zeit,Maschine,Température,압력\n2015-01-01,1,é€😀,1\n';
    for (const data of [utf8(text), cat(bytes('\xef\xbb\xbf'), text)]) {
      const { recs, reader } = read(data, size);
      expect(recs.map((r) => r[0])).toEqual([
        ['Zeit', 'Maschine', 'Température', '압력'],
        ['2015-01-01', '1', 'é€😀', '1'],
      ]);
      expect(reader.encodingUsed).toBe('utf-8');
    }
  });

  it('a real U+FFFD in valid UTF-8 is kept', () => {
    const { recs } = read(utf8('a,b\n\uFFFD,1\n'), size);
    expect(recs[1][0]).toEqual(['\uFFFD', '1']);
  });

  it('UTF-16 LE and BE after a BOM; and without one when given', () => {
    const text = 'datetime,machineID,압력\n2015-01-01,1,é😀\n';
    for (const [data, enc, opts] of [
      [utf16(text), 'utf-16le', undefined],
      [utf16(text, true), 'utf-16be', undefined],
      [utf16(text, false, false), 'utf-16le', { encoding: 'utf-16le' }],
      [utf16(text, true, false), 'utf-16be', { encoding: 'utf-16be' }],
      [utf16(text), 'utf-16le', { encoding: 'utf-16le' }],
    ] as const) {
      const { recs, reader } = read(data, size, opts);
      expect(recs.map((r) => r[0])).toEqual([
        ['datetime', 'machineID', '압력'],
        ['2015-01-01', '1', 'é😀'],
      ]);
      expect(reader.encodingUsed).toBe(enc);
    }
  });

  it('auto: Windows-1252 in the first 4 KiB', () => {
    const data = bytes('Zeit;Temp\xe9rature;Stra\xdfe\n1;12,5 \x80;\xb0C\n');
    const { recs, reader } = read(data, size);
    expect(reader.encodingUsed).toBe('windows-1252');
    expect(recs.map((r) => r[0])).toEqual([
      ['Zeit', 'Température', 'Straße'],
      ['1', '12,5 €', '°C'],
    ]);
  });

  it('auto: Windows-1252 after many ASCII lines, at the line it starts', () => {
    const data = cat('a,b\n', filler(2000), bytes('St\xf6rung,2\n'), filler(3), bytes('\xc3,3\n'));
    const { recs, reader } = read(data, size);
    expect(reader.encodingUsed).toBe('windows-1252');
    expect(recs).toHaveLength(2006);
    expect(recs[2001]).toEqual([['Störung', '2'], 2002, 0]);
    expect(recs[2005]).toEqual([['Ã', '3'], 2006, 0]);
    expect(noFFFD(recs)).toBe(true);
  });

  it('auto: Windows-1252 bytes that start like UTF-8 characters, at chunk ends and file end', () => {
    // â€ (0xE2 0x80) looks like the start of a 3-byte UTF-8 character; 0xC3 at the end.
    const data = cat('a,b\n', filler(1500), bytes('\xe2\x80,1\nx,\xc3'));
    const { recs, reader } = read(data, size);
    expect(reader.encodingUsed).toBe('windows-1252');
    expect(recs[1501][0]).toEqual(['â€', '1']);
    expect(recs[1502]).toEqual([['x', 'Ã'], 1503, 1]);
  });

  it('explicit windows-1252 and latin1 read 0x80-0x9F as Windows-1252', () => {
    for (const encoding of ['windows-1252', 'latin1']) {
      const { recs, reader } = read(bytes('a,b\n\x80,\x9f\xe9\n'), size, { encoding });
      expect(recs[1][0]).toEqual(['€', 'Ÿé']);
      expect(reader.encodingUsed).toBe('windows-1252');
    }
  });

  it('all of 0x80-0xFF read as the table says, given or detected', () => {
    const high = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
    const data = cat('a\n', high, '\n');
    for (const opts of [{ encoding: 'windows-1252' }, {}]) {
      const { recs, reader } = read(data, size, opts);
      expect(recs[1][0]).toEqual([decodeWindows1252(high)]);
      expect(reader.encodingUsed).toBe('windows-1252');
    }
  });

  it('explicit utf-8 refuses invalid bytes, naming the line', () => {
    const data = cat('a,b\n1,2\n', bytes('St\xf6rung,3\n'));
    const { err, recs } = refusal(data, size, { encoding: 'utf-8', file: 'e.csv' });
    expect(err.reason).toBe('encoding');
    expect(err.file).toBe('e.csv');
    expect(err.message).toMatch(/^e\.csv: line 3 is not valid UTF-8 \(byte 0xF6\)/);
    expect(err.message).toMatch(/--encoding windows-1252/);
    expect(noFFFD(recs)).toBe(true);
  });

  it('auto: invalid UTF-8 after valid non-ASCII UTF-8 is refused as mixed', () => {
    const data = cat('a,b\n\u00e9,1\n', filler(1200), bytes('\xe9,2\n'));
    const { err, recs } = refusal(data, size, { file: 'mixed.csv' });
    expect(err).toMatchObject({ reason: 'encoding', file: 'mixed.csv' });
    expect(err.message).toMatch(/^mixed\.csv: line 1203 is not valid UTF-8 \(byte 0xE9\)/);
    expect(err.message).toMatch(/mixes encodings.*--encoding/);
    expect(noFFFD(recs)).toBe(true);
  });

  it('a UTF-8 BOM then invalid UTF-8 is refused too', () => {
    const data = cat(bytes('\xef\xbb\xbf'), 'a,b\r\n1,2\r\n', bytes('\xe9,2\r\n'));
    const { err } = refusal(data, size);
    expect(err.message).toMatch(/^input: line 3 is not valid UTF-8.*mixes encodings/);
  });

  it('a BOM that contradicts the given encoding is refused', () => {
    const { err } = refusal(cat(bytes('\xef\xbb\xbf'), 'a,b\n'), size, {
      encoding: 'windows-1252',
    });
    expect(err.reason).toBe('encoding');
    expect(err.message).toMatch(/UTF-8 byte-order mark, but the encoding windows-1252/);
    const le = refusal(utf16('a,b\n'), size, { encoding: 'utf-16be' });
    expect(le.err.message).toMatch(/UTF-16LE byte-order mark/);
  });

  it('UTF-16 that ends inside a character is refused', () => {
    const data = cat(utf16('a,b\n1,2\n'), bytes('3'));
    const { err } = refusal(data, size);
    expect(err.message).toMatch(/line 3 is not valid UTF-16LE \(the file ends inside/);
  });
});

describe.each([1, 3, 1 << 20])('files that are not CSV text (%i-byte chunks)', (size) => {
  const zip = cat(
    bytes('PK\x03\x04\x14\x00\x06\x00'),
    bytes('\xff\xfe\x00\x01[Content_Types].xml'),
  );

  it('a ZIP archive (.xlsx)', () => {
    const { err } = refusal(zip, size, { file: 'plant.xlsx' });
    expect(err).toMatchObject({ reason: 'source', file: 'plant.xlsx' });
    expect(err.message).toBe(
      'plant.xlsx: the file is a ZIP archive (an Excel .xlsx workbook is one): save the sheet as CSV',
    );
    // Whatever the encoding given.
    expect(refusal(zip, size, { encoding: 'windows-1252' }).err.message).toMatch(/ZIP archive/);
  });

  it('an old Excel workbook (.xls)', () => {
    const xls = cat(bytes('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'), new Uint8Array(600));
    const { err } = refusal(xls, size, { file: 'plant.xls' });
    expect(err.reason).toBe('source');
    expect(err.message).toMatch(/^plant\.xls: the file is an Excel 97-2003 workbook/);
  });

  it('a binary file: NUL bytes or many control characters', () => {
    const nul = cat('datetime,machineID\n', new Uint8Array([0, 1, 2, 0xff, 0]), '1,2\n');
    const a = refusal(nul, size, { file: 'x.bin' });
    expect(a.err).toMatchObject({ reason: 'source' });
    expect(a.err.message).toBe('x.bin: the file is a binary file, not a CSV text export');
    const ctl = Uint8Array.from({ length: 300 }, (_, i) => (i % 5 === 0 ? 1 + (i % 8) : 65));
    expect(refusal(ctl, size).err.message).toMatch(/binary file/);
    const latin = bytes('a;b\n\x01\x02\x03;\xe9\n');
    expect(refusal(latin, size, { encoding: 'windows-1252' }).err.message).toMatch(/binary/);
  });

  it('UTF-16 without a byte-order mark, LE and BE', () => {
    const text = 'datetime,machineID,volt\n2015-01-01 06:00:00,1,176.5\n';
    const le = refusal(utf16(text, false, false), size, { file: 'u.csv' });
    expect(le.err).toMatchObject({ reason: 'encoding', file: 'u.csv' });
    expect(le.err.message).toBe(
      'u.csv: the file is UTF-16 text without a byte-order mark: save it as UTF-8 CSV or ' +
        'give --encoding utf-16le',
    );
    const be = refusal(utf16(text, true, false), size);
    expect(be.err.message).toMatch(/give --encoding utf-16be$/);
  });

  it('text with tabs, form feeds and a DOS end-of-file mark is still text', () => {
    const { recs } = read(utf8('a\tb\n1\t2\f\n\x1a'), size);
    expect(recs[1][0]).toEqual(['1', '2\f']);
  });
});

describe.each(SIZES)("Excel's sep= line (%i-byte chunks)", (size) => {
  const cases: [string, string, string][] = [
    ['sep=;\n', ';', 'A;B\n1;2,5\n'],
    ['"sep=;"\n', ';', 'A;B\n1;2,5\n'],
    ['sep=,\r\n', ',', 'A,B\r\n1,"2;5"\r\n'],
    ['sep=\t\n', '\t', 'A\tB\n1\t2;5\n'],
    ['sep=\\t\n', '\t', 'A\tB\n1\t2;5\n'],
    ['SEP=|\n', '|', 'A|B\n1|2;5\n'],
    ['sep=;;;\n', ';', 'A;B\n1;2,5\n'],
    ['"sep=;";;\n', ';', 'A;B\n1;2,5\n'],
  ];

  it.each(cases)('%j sets %j and is skipped; the header is line 2', (sep, delim, rest) => {
    const { recs, reader } = read(utf8(sep + rest), size);
    expect(reader.delimiter).toBe(delim);
    expect(recs[0]).toEqual([['A', 'B'], 2, 0]);
    expect(recs[1][1]).toBe(3);
    expect(recs[1][0][0]).toBe('1');
  });

  it('after a BOM, and later line numbers (quoted newlines too) stay right', () => {
    const data = cat(bytes('\xef\xbb\xbf'), 'sep=;\nA;B\n"x\ny";1\n\n2;3\n');
    const { recs } = read(data, size);
    expect(recs.map((r) => [r[0], r[1]])).toEqual([
      [['A', 'B'], 2],
      [['x\ny', '1'], 3],
      [['2', '3'], 6],
    ]);
  });

  it('a given delimiter wins, the line is still skipped', () => {
    const { recs, reader } = read(utf8('sep=;\nA,B\n1,2\n'), size, { delimiter: ',' });
    expect(reader.delimiter).toBe(',');
    expect(recs[0]).toEqual([['A', 'B'], 2, 0]);
  });

  it('only a first line of exactly that form counts', () => {
    for (const head of ['sep=;x', 'separator;b', 'sep=;"', '"sep=;', ' sep=;', 'sep=a']) {
      const { recs } = read(utf8(`${head}\n1;2\n`), size);
      expect(recs[0][1], head).toBe(1);
    }
    const { recs } = read(utf8('sep=;\nA;B\nsep=,\n'), size);
    expect(recs[1]).toEqual([['sep=,'], 3, 0]);
  });

  it('a file with only the sep= line has no records', () => {
    expect(read(utf8('sep=;'), size).recs).toEqual([]);
    expect(read(utf8('sep=;\n'), size).recs).toEqual([]);
  });
});

describe('helpers', () => {
  it('decodeWindows1252 follows the WHATWG table (some TextDecoders read it as Latin-1)', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const high =
      '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
      '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
    const latin1 = (from: number, to: number) =>
      String.fromCharCode(...Array.from({ length: to - from }, (_, i) => from + i));
    expect(decodeWindows1252(all)).toBe(latin1(0, 0x80) + high + latin1(0xa0, 0x100));
    const big = Uint8Array.from({ length: 20000 }, (_, i) => (i * 7) & 0xff);
    const want = Array.from(big, (c) => decodeWindows1252(Uint8Array.of(c))).join('');
    expect(decodeWindows1252(big)).toBe(want);
  });

  it('firstInvalidUtf8 finds overlongs, surrogates, out-of-range and cut sequences', () => {
    const at = (...b: number[]) => firstInvalidUtf8(Uint8Array.from(b));
    expect(at(0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)).toBe(-1);
    expect(at(0x41, 0xc0, 0x80)).toBe(1);
    expect(at(0xc1, 0xbf)).toBe(0);
    expect(at(0x41, 0x42, 0xe0, 0x80, 0x80)).toBe(2);
    expect(at(0xed, 0xa0, 0x80)).toBe(0);
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0);
    expect(at(0xf0, 0x80, 0x80, 0x80)).toBe(0);
    expect(at(0xf5, 0x80, 0x80, 0x80)).toBe(0);
    expect(at(0x41, 0x80)).toBe(1);
    expect(at(0x41, 0xe2, 0x82)).toBe(1);
    expect(at(0xe2, 0x82, 0x41)).toBe(0);
  });
});

describe('importCsv reads a Windows-1252 export', () => {
  it('stores the text right and reports the encoding', async () => {
    const store = await Store.open(null);
    const data = bytes(
      'datetime;machineID;errorID\n2015-01-01 06:00:00;1;St\xf6rung\n' +
        '2015-01-01 07:00:00;2;\x80-Fehler\n',
    );
    const report = await importCsv(store, memSource('errors.csv', data, 5));
    expect(report).toMatchObject({ kind: 'errors', added: 2, encoding: 'windows-1252' });
    expect(store.all('SELECT error_id FROM errors ORDER BY t').map((r) => r.error_id)).toEqual([
      'Störung',
      '€-Fehler',
    ]);
  });
});
