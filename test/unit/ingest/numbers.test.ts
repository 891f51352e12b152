/**
 * Numbers as plant exports write them: missing tokens, the per-column decimal mark
 * (decided from evidence, assumed for ambiguous values, contradicted), thousands
 * groups, signs, exponents and spaces; and a fuzz against a regular-expression
 * reference for columns with a fixed mark.
 */
import { describe, expect, it } from 'vitest';
import { isMissingToken, NumberColumn, type DecimalMark } from '../../../workers/ingest/numbers';

/** Reads `values` in order with one column; returns the values and the column. */
function read(values: string[], assumed: DecimalMark = '.', fixed?: DecimalMark) {
  const col = new NumberColumn(assumed, fixed);
  return { out: values.map((v) => col.parse(v)), col };
}

describe('isMissingToken', () => {
  it('knows the placeholders, trimmed and in any case', () => {
    for (const s of ['', '  ', 'NULL', 'null', 'Null', 'NaN', 'nan', 'NA', 'na', 'N/A', 'n/a']) {
      expect(isMissingToken(s), s).toBe(true);
    }
    for (const s of ['#N/A', '#n/a', '-', '--', ' - ', '\tNULL ', ' -- ', '\u00a0N/A']) {
      expect(isMissingToken(s), s).toBe(true);
    }
  });

  it('is conservative: None, ?, spreadsheet errors, numbers and words are not missing', () => {
    for (const s of ['None', '?', '---', '#VALUE!', '#DIV/0!', '#REF!', 'n.a.', '0', '-1', 'nil']) {
      expect(isMissingToken(s), s).toBe(false);
    }
    expect(isMissingToken('NULL NULL')).toBe(false);
  });
});

describe('NumberColumn: plain values', () => {
  it("reads '.' decimals, signs, exponents and spaces", () => {
    const { out, col } = read(['170.5', '-3', '+4.25', ' 12 ', '1.5e-3', '2E5', '-.5', '5.', '0']);
    expect(out).toEqual([170.5, -3, 4.25, 12, 0.0015, 200000, -0.5, 5, 0]);
    expect(col.mark).toBe('.');
    expect(col.textSamples).toEqual([]);
  });

  it("reads ',' decimals", () => {
    const { out, col } = read(['170,5', '-3,5', '+0,25', ' 12,75 ', '1,5e-3', ',5', '7'], ',');
    expect(out).toEqual([170.5, -3.5, 0.25, 12.75, 0.0015, 0.5, 7]);
    expect(col.mark).toBe(',');
  });

  it('an integer column decides nothing', () => {
    const { out, col } = read(['418', '-2', '1e3', '007'], ',');
    expect(out).toEqual([418, -2, 1000, 7]);
    expect(col.mark).toBeNull();
    expect(col.contradicted).toBe(false);
    expect(col.assumedReads).toBe(0);
  });

  it('hex, binary, octal, Infinity and text are not numbers', () => {
    for (const v of ['0x10', '0X1f', '0b101', '0o17', 'Infinity', '-Infinity', 'NaN', 'abc']) {
      expect(read([v]).out[0], v).toBeNaN();
      expect(read(['1.5', v]).out[1], v).toBeNaN();
      expect(read(['1,5', v], ',').out[1], v).toBeNaN();
    }
    for (const v of ['12abc', '1-2', '- 5', '1..2', '1,,234', '.', ',', '+', 'e5', '1e', '1e+']) {
      expect(read([v]).out[0], v).toBeNaN();
    }
    expect(read(['1e400']).out[0]).toBeNaN();
  });

  it('missing tokens read as NaN and are not text samples', () => {
    const { out, col } = read(['', 'NULL', '-', '--', 'N/A', '  ']);
    expect(out.every((x) => Number.isNaN(x))).toBe(true);
    expect(col.textSamples).toEqual([]);
  });
});

describe('NumberColumn: deciding the decimal mark', () => {
  it('a value with both separators decides by the last one', () => {
    const a = read(['4,377.16', '1,234,567.5', '1,234']);
    expect(a.out).toEqual([4377.16, 1234567.5, 1234]);
    expect(a.col.mark).toBe('.');
    const b = read(['1.549,80', '1.234.567,5', '1.234'], '.');
    expect(b.out).toEqual([1549.8, 1234567.5, 1234]);
    expect(b.col.mark).toBe(',');
  });

  it('a separator not followed by exactly 3 digits is the decimal mark', () => {
    expect(read(['12.5'], ',').col.mark).toBe('.');
    expect(read(['1,5'], '.').col.mark).toBe(',');
    expect(read(['1,2345'], '.')).toMatchObject({ out: [1.2345], col: { mark: ',' } });
    expect(read(['3.14159'], ',')).toMatchObject({ out: [3.14159], col: { mark: '.' } });
  });

  it('a separator with no, more than 3, or 0-led digits before it is the decimal mark', () => {
    expect(read(['1234.567'], ',')).toMatchObject({ out: [1234.567], col: { mark: '.' } });
    expect(read(['0,125'], '.')).toMatchObject({ out: [0.125], col: { mark: ',' } });
    expect(read(['-0.125'], ',')).toMatchObject({ out: [-0.125], col: { mark: '.' } });
    expect(read([',125'], '.')).toMatchObject({ out: [0.125], col: { mark: ',' } });
  });

  it('the same separator repeated is the thousands separator', () => {
    expect(read(['1.234.567'], '.')).toMatchObject({ out: [1234567], col: { mark: ',' } });
    expect(read(['1,234,567'], ',')).toMatchObject({ out: [1234567], col: { mark: '.' } });
  });

  it("an exponent decides '.'", () => {
    expect(read(['1.5e-3'], ',')).toMatchObject({ out: [0.0015], col: { mark: '.' } });
    expect(read(['1.500E3'], ',')).toMatchObject({ out: [1500], col: { mark: '.' } });
    expect(read(['1,5E-03'], '.')).toMatchObject({ out: [0.0015], col: { mark: ',' } });
    // No thousands separators with an exponent.
    expect(read(['1,234.5e3']).out[0]).toBeNaN();
    expect(read(['1 234e3']).out[0]).toBeNaN();
  });

  it('space, no-break spaces and apostrophes group thousands and leave the mark to the rest', () => {
    const a = read(['1 234,5', '1\u202f234,5', '1\u00a0234,5', '12 345 678'], '.');
    expect(a.out).toEqual([1234.5, 1234.5, 1234.5, 12345678]);
    expect(a.col.mark).toBe(',');
    const b = read(["1'234.5", '1\u2019234.5', "1'234'567"], ',');
    expect(b.out).toEqual([1234.5, 1234.5, 1234567]);
    expect(b.col.mark).toBe('.');
    const c = read(['1 234', '-12 345'], ',');
    expect(c.out).toEqual([1234, -12345]);
    expect(c.col.mark).toBeNull();
    // One group separator kind per value, and none after the decimal mark.
    expect(read(["1 234'567"]).out[0]).toBeNaN();
    expect(read(['1.234 567']).out[0]).toBeNaN();
    expect(read(['1 234.567.8']).out[0]).toBeNaN();
  });
});

describe('NumberColumn: ambiguous values', () => {
  it('`1,234` and `1.418` alone are read with the assumed mark; the column stays undecided', () => {
    const a = read(['1,234', '1.418'], '.');
    expect(a.out).toEqual([1234, 1.418]);
    expect(a.col).toMatchObject({ mark: null, contradicted: false, assumedReads: 2 });
    const b = read(['1,234', '1.418'], ',');
    expect(b.out).toEqual([1.234, 1418]);
    expect(b.col).toMatchObject({ mark: null, contradicted: false, assumedReads: 2 });
  });

  it('leading zeros or other group sizes are not ambiguous', () => {
    expect(read(['0.418'], ',').col.assumedReads).toBe(0);
    expect(read(['1.41'], ',').col.assumedReads).toBe(0);
    expect(read(['1418.000'], ',').col.assumedReads).toBe(0);
  });

  it('later evidence for the assumed mark: not contradicted', () => {
    const { out, col } = read(['1.418', '12.5', '2.345'], '.');
    expect(out).toEqual([1.418, 12.5, 2.345]);
    expect(col).toMatchObject({ mark: '.', contradicted: false, assumedReads: 1 });
  });

  it('later evidence for the other mark: contradicted, and read right from then on', () => {
    const { out, col } = read(['1,234', '1,5', '1,234'], '.');
    expect(out).toEqual([1234, 1.5, 1.234]);
    expect(col).toMatchObject({ mark: ',', contradicted: true, assumedReads: 1 });
    const b = read(['1.418', '1.549,80'], '.');
    expect(b.out).toEqual([1.418, 1549.8]);
    expect(b.col).toMatchObject({ mark: ',', contradicted: true });
    const c = read(['1.418', '1.234.567'], '.');
    expect(c.col).toMatchObject({ mark: ',', contradicted: true });
    const d = read(['1.418', '0,5'], '.');
    expect(d.col).toMatchObject({ mark: ',', contradicted: true });
  });

  it('`1.418` in a column with `1.549,80` is 1418 (assumed or decided)', () => {
    expect(read(['1.549,80', '1.418'], '.').out).toEqual([1549.8, 1418]);
    const { out, col } = read(['1.418', '1.549,80'], ',');
    expect(out).toEqual([1418, 1549.8]);
    expect(col).toMatchObject({ mark: ',', contradicted: false });
  });

  it('a fixed mark reads ambiguous values by itself and never assumes', () => {
    const { out, col } = read(['1.418', '1,234', '1,5', '12.5'], '.', ',');
    expect(out.slice(0, 3)).toEqual([1418, 1.234, 1.5]);
    expect(out[3]).toBeNaN();
    expect(col).toMatchObject({ mark: ',', contradicted: false, assumedReads: 0 });
    expect(col.textSamples).toEqual(['12.5']);
    const b = read(['1,234', '1.5', '1,5', '1.234.567'], ',', '.');
    expect(b.out.slice(0, 2)).toEqual([1234, 1.5]);
    expect(b.out.slice(2).every((x) => Number.isNaN(x))).toBe(true);
  });
});

describe('NumberColumn: malformed groups and conflicts', () => {
  it("`1,23` is a decimal comma, but not a number in a '.' column", () => {
    expect(read(['1,23'])).toMatchObject({ out: [1.23], col: { mark: ',' } });
    expect(read(['1.5', '1,23']).out[1]).toBeNaN();
    expect(read(['1,23'], ',', '.').out[0]).toBeNaN();
  });

  it('groups must be 1-3 digits (not 0-led) then exactly 3: Indian lakh grouping is refused', () => {
    for (const v of ['12,34,567', '1,23,45,678', '12.34.567', '1,2345,678', '1234,567,890']) {
      expect(read([v]).out[0], v).toBeNaN();
      expect(read([v], ',').out[0], v).toBeNaN();
    }
    for (const v of ['1,234,56', '1,234,5678', '01,234,567', '1,234,', ',234,567', '1 23']) {
      expect(read([v]).out[0], v).toBeNaN();
    }
    expect(read(['1,234,56.7']).out[0]).toBeNaN();
    expect(read(['1.234,5.6']).out[0]).toBeNaN();
    // A malformed value decides nothing.
    expect(read(['12,34,567']).col.mark).toBeNull();
  });

  it('after the decision, values that say otherwise are not numbers and are sampled', () => {
    const { out, col } = read(['1,5', '4,377.16', '12.5', '2,5'], '.');
    expect(out[0]).toBe(1.5);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeNaN();
    expect(out[3]).toBe(2.5);
    expect(col.mark).toBe(',');
    expect(col.textSamples).toEqual(['4,377.16', '12.5']);
  });

  it('keeps the first 5 distinct text samples, cut to 40 characters', () => {
    const long = 'x'.repeat(50);
    const { col } = read(['a', 'b', 'a', 'NULL', long, 'c', 'd', 'e', 'f']);
    expect(col.textSamples).toEqual(['a', 'b', 'x'.repeat(40) + '...', 'c', 'd']);
  });
});

// A reference for a fixed mark, by regular expressions.
const GROUP = {
  '.': "[, \\u00a0\\u202f\\u2009'\\u2019]",
  ',': "[. \\u00a0\\u202f\\u2009'\\u2019]",
};
function reference(s: string, mark: DecimalMark): number {
  const x = referenceRaw(s, mark);
  return Number.isFinite(x) ? x : NaN;
}
function referenceRaw(s: string, mark: DecimalMark): number {
  const t = s.trim();
  const m = mark === '.' ? '\\.' : ',';
  const plain = new RegExp(`^[+-]?(\\d+(${m}\\d*)?|${m}\\d+)([eE][+-]?\\d+)?$`);
  if (plain.test(t)) return +t.replace(mark, '.');
  const g = GROUP[mark];
  const grouped = new RegExp(`^[+-]?[1-9]\\d{0,2}((${g})\\d{3})+(${m}\\d*)?$`);
  const mm = grouped.exec(t);
  if (!mm) return NaN;
  const sep = mm[2];
  if (t.split('').some((c) => new RegExp(g).test(c) && c !== sep)) return NaN;
  return +t.split(sep).join('').replace(mark, '.');
}

describe('NumberColumn: fuzz against a reference (fixed mark)', () => {
  it('agrees on 200 000 random short strings', () => {
    const alphabet = "0123456789012345678901234.,.,.,-+ e'\u00a0x";
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const dot = new NumberColumn('.', '.');
    const comma = new NumberColumn(',', ',');
    let numbers = 0;
    for (let k = 0; k < 200_000; k++) {
      let s = '';
      const len = 1 + rnd(10);
      for (let i = 0; i < len; i++) s += alphabet[rnd(alphabet.length)];
      for (const [col, mark] of [
        [dot, '.'],
        [comma, ','],
      ] as const) {
        const got = col.parse(s);
        const want = reference(s, mark);
        if (!(Object.is(got, want) || (got === want && got === 0))) {
          expect({ s, mark, got }).toEqual({ s, mark, got: want });
        }
        if (got === got) numbers++;
      }
    }
    expect(numbers).toBeGreaterThan(20_000);
  });
});

describe('NumberColumn: detection fuzz', () => {
  it('unless contradicted, every value reads as with the final mark fixed', () => {
    const pool = ['1,234', '1.418', '12.5', '1,5', '4,377.16', '1.549,80', '1.234.567', '7', '-3'];
    pool.push('1 234,5', "1'234.5", '0,5', '0.25', '1,23', '12,34,567', 'NULL', 'x', '1.5e-3');
    let seed = 99;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let contradicted = 0;
    for (let k = 0; k < 20_000; k++) {
      const values = Array.from({ length: 1 + rnd(6) }, () => pool[rnd(pool.length)]);
      const assumed: DecimalMark = rnd(2) ? '.' : ',';
      const { out, col } = read(values, assumed);
      const final = col.mark ?? assumed;
      const again = read(values, assumed, final).out;
      if (col.contradicted) {
        contradicted++;
        expect(col.mark).not.toBe(assumed);
        continue;
      }
      expect({ values, assumed, out }).toEqual({ values, assumed, out: again });
    }
    expect(contradicted).toBeGreaterThan(100);
  });
});
