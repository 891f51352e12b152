/**
 * Numbers as plant exports write them: `170.5`, `4,377.16`, `1.549,80`, `1 234,5`,
 * `1'234.5`, `-3`, `1.5e-3`, and placeholders for "no value" (`NULL`, `-`, `#N/A`).
 * The decimal mark is decided per column from its values (see NumberColumn).
 */

/**
 * Placeholder tokens meaning "no value", compared trimmed and case-insensitively:
 * '', NULL, NaN, NA, N/A, #N/A, -, --. Deliberately not: 'None', '?', '---', 'n.a.',
 * spreadsheet errors such as '#VALUE!' or '#DIV/0!' (a broken formula is an error to
 * show, not a missing reading), and anything else: such values stay text, so the row
 * is reported with the value instead of being stored silently as missing.
 */
const MISSING = new Set(['', 'null', 'nan', 'na', 'n/a', '#n/a', '-', '--']);

/** True when `s` is a placeholder for "no value" (see MISSING above). */
export function isMissingToken(s: string): boolean {
  if (s.length === 0) return true;
  let t = s;
  if (t.length > 4 || isSpace(t.charCodeAt(0)) || isSpace(t.charCodeAt(t.length - 1))) {
    t = t.trim();
    if (t.length > 4) return false;
  }
  return MISSING.has(t.toLowerCase());
}

export type DecimalMark = '.' | ',';

/** White space around a value: what String.prototype.trim (and so `+s`) removes. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const DOT = 46;
const COMMA = 44;
/** Thousands separators other than '.' and ',': space, no-break spaces, thin space, apostrophes. */
function isGroupChar(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 39 || c === 0x2019;
}

/** Column states (fast dispatch in parse). */
const UNDECIDED = 0;
const MARK_DOT = 1;
const MARK_COMMA = 2;

/** What one value says about the column's decimal mark. */
const EV_NONE = 0; // no '.' or ',' (an integer, maybe grouped by spaces)
const EV_DOT = 1; // '.' is the decimal mark
const EV_COMMA = 2; // ',' is the decimal mark
const EV_AMBIGUOUS = 3; // `1,234` / `1.418`: one separator, 1-3 digits before, 3 after

/** At most this many separators in one value (a longer number is not a reading). */
const MAX_SEPS = 16;
/** Text samples kept, and their length in messages. */
const MAX_SAMPLES = 5;
const SAMPLE_CHARS = 40;

/**
 * One numeric column's reading. The decimal mark is decided per column from its values:
 *  - a value with both separators decides by the last one (`4,377.16` -> '.',
 *    `1.549,80` -> ',');
 *  - a single separator followed by other than exactly 3 digits, or preceded by no
 *    digits, more than 3 digits or a leading 0, is the decimal mark (`12.5` -> '.',
 *    `1,5` -> ',', `1234.567` -> '.', `0,125` -> ','); the same separator repeated
 *    (`1.234.567`) is the thousands separator, so the other one is the decimal mark;
 *  - a separator next to an exponent is the decimal mark (`1.5e-3` -> '.');
 *  - a single '.' or ',' with 1-3 digits (not starting with 0) before and exactly 3
 *    after (`1,234`, `1.418`) is ambiguous: it is read with the assumed mark (the
 *    constructor's default, typically ',' for semicolon files and '.' otherwise) and
 *    counted in `assumedReads` while the column is undecided.
 * Once decided, values that say otherwise (`12.5` in a ',' column) are not numbers.
 * Thousands groups must be well formed: 1-3 digits (not starting with 0) then groups
 * of exactly 3, all with the same separator. Indian lakh grouping (`12,34,567`) is
 * therefore not a number: it is refused rather than guessed. Accepted too: a leading
 * sign, spaces around the value, a space / no-break space / narrow no-break space /
 * apostrophe as thousands separator (`1 234,5`, `1'234.5`), `.5` and `5.`, an exponent
 * (`1.5e-3`, `2E5`; not with thousands separators). Not numbers: hex, binary and octal
 * literals, Infinity, NaN and other text, values too large for a double.
 */
export class NumberColumn {
  private state: number;
  private decided: DecimalMark | null = null;
  private contra = false;
  private ambiguousReads = 0;
  private readonly samples: string[] = [];
  /** Separator positions of the value being read (slow path). */
  private readonly pos = new Int32Array(MAX_SEPS);

  /**
   * `assumedMark`: the reading of ambiguous values until the column decides.
   * `fixedMark`: chosen by the user: no detection, no assumption; values that only
   * read with the other mark are not numbers.
   */
  constructor(
    private readonly assumedMark: DecimalMark,
    private readonly fixedMark?: DecimalMark,
  ) {
    this.state = fixedMark === undefined ? UNDECIDED : fixedMark === '.' ? MARK_DOT : MARK_COMMA;
  }

  /** The mark decided from evidence so far (or the fixed one), else null. */
  get mark(): DecimalMark | null {
    return this.fixedMark ?? this.decided;
  }

  /**
   * True when ambiguous values were read under the assumed mark and later evidence
   * decided the other one: the importer must read the file again with `mark` fixed.
   */
  get contradicted(): boolean {
    return this.contra;
  }

  /** Ambiguous values read under the assumed mark while the column was undecided. */
  get assumedReads(): number {
    return this.ambiguousReads;
  }

  /** The first 5 distinct values that were not numbers (missing tokens excluded), cut to 40 chars. */
  get textSamples(): string[] {
    return this.samples;
  }

  /**
   * The value, or NaN when `s` is not a number (missing tokens are NaN too: check
   * isMissingToken to tell them apart). Hot path: a plain `170.5` costs one `+s`.
   */
  parse(s: string): number {
    const st = this.state;
    if (st === MARK_DOT) {
      const x = +s;
      if (x - x === 0 && plainStart(s)) return x;
    } else if (st === MARK_COMMA) {
      // One ',' and no '.': `+t` is finite only when t has one '.' (the comma) and no ','.
      const p = s.indexOf(',');
      const t = p >= 0 ? s.replace(',', '.') : s.indexOf('.') < 0 ? s : '';
      const x = +t;
      if (x - x === 0 && plainStart(t)) return x;
    } else {
      // Undecided: integers (no '.'; a ',' makes +s NaN) need no decision.
      const x = +s;
      if (x - x === 0 && plainStart(s) && s.indexOf('.') < 0) return x;
    }
    return this.slow(s);
  }

  /** Everything but the plain cases: one scan, the evidence, then the value. */
  private slow(s: string): number {
    let i = 0;
    let n = s.length;
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    while (n > i && isSpace(s.charCodeAt(n - 1))) n--;
    if (i === n) return NaN;
    const from = i; // sign included
    let c = s.charCodeAt(i);
    if (c === 45 || c === 43) i++;
    const start = i;
    const pos = this.pos;
    let ns = 0;
    let digits = 0;
    let end = n; // end of the mantissa
    let dots = 0;
    let commas = 0;
    let group = 0; // the space/apostrophe separator char, if any
    for (; i < n; i++) {
      c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        digits++;
        continue;
      }
      if (c === 101 || c === 69) {
        end = i;
        break;
      }
      if (c === DOT || c === COMMA || isGroupChar(c)) {
        if (ns === MAX_SEPS || (ns > 0 && pos[ns - 1] === i - 1)) return this.text(s);
        if (c === DOT) dots++;
        else if (c === COMMA) commas++;
        else if (group === 0) group = c;
        else if (group !== c) return this.text(s);
        pos[ns++] = i;
        continue;
      }
      return this.text(s);
    }
    if (digits === 0) return this.text(s);

    let ev = EV_NONE;
    let dec = -1; // index in pos of the decimal separator, or -1
    let thousands = 0; // the thousands separator char, or 0
    if (end < n) {
      // Exponent: [+-]?digits to the end; at most one separator, the decimal mark.
      let j = end + 1;
      c = s.charCodeAt(j);
      if (c === 45 || c === 43) j++;
      if (j === n) return this.text(s);
      for (; j < n; j++) {
        c = s.charCodeAt(j);
        if (c < 48 || c > 57) return this.text(s);
      }
      if (ns > 1 || group !== 0) return this.text(s);
      if (ns === 1) {
        dec = 0;
        ev = dots > 0 ? EV_DOT : EV_COMMA;
      }
    } else if (ns > 0) {
      const lastC = s.charCodeAt(pos[ns - 1]);
      if (dots > 0 && commas > 0) {
        // Both: the last one (which must occur once) is the decimal mark.
        if (group !== 0 || (lastC === DOT ? dots : commas) !== 1) return this.text(s);
        dec = ns - 1;
        thousands = lastC === DOT ? COMMA : DOT;
        ev = lastC === DOT ? EV_DOT : EV_COMMA;
      } else if (group !== 0) {
        // Spaces or apostrophes group; a single '.' or ',' after them is the decimal mark.
        const k = dots + commas;
        thousands = group;
        if (k === 1) {
          if (lastC !== DOT && lastC !== COMMA) return this.text(s);
          dec = ns - 1;
          ev = lastC === DOT ? EV_DOT : EV_COMMA;
        } else if (k > 1) return this.text(s);
      } else if (ns > 1) {
        // The same separator repeated: thousands.
        thousands = lastC;
        ev = lastC === DOT ? EV_COMMA : EV_DOT;
      } else {
        const lead = pos[0] - start;
        const trail = end - pos[0] - 1;
        if (trail !== 3 || lead === 0 || lead > 3 || s.charCodeAt(start) === 48) {
          dec = 0;
          ev = lastC === DOT ? EV_DOT : EV_COMMA;
        } else ev = EV_AMBIGUOUS;
      }
    }
    if (thousands !== 0) {
      // Well-formed groups before the decimal separator (or all, without one).
      const last = dec < 0 ? ns : dec; // thousands separators are pos[0..last)
      if (last === 0) return this.text(s);
      const g0 = pos[0] - start;
      if (g0 < 1 || g0 > 3 || s.charCodeAt(start) === 48) return this.text(s);
      for (let k = 1; k < last; k++) if (pos[k] - pos[k - 1] !== 4) return this.text(s);
      const stop = dec < 0 ? end : pos[dec];
      if (stop - pos[last - 1] !== 4) return this.text(s);
    }

    // The evidence against the column's mark.
    const known = this.fixedMark ?? this.decided;
    if (ev === EV_DOT || ev === EV_COMMA) {
      if (known !== null && known !== (ev === EV_DOT ? '.' : ',')) return this.text(s);
    } else if (ev === EV_AMBIGUOUS) {
      const m = known ?? this.assumedMark;
      if ((s.charCodeAt(pos[0]) === DOT) === (m === '.')) dec = 0;
    }

    // The value: separators dropped, the decimal one as '.'.
    let t = '';
    let prev = from;
    for (let k = 0; k < ns; k++) {
      t += s.slice(prev, pos[k]);
      if (k === dec) t += '.';
      prev = pos[k] + 1;
    }
    t += s.slice(prev, n);
    const x = +t;
    if (x - x !== 0) return this.text(s); // too large
    if (known === null) {
      if (ev === EV_AMBIGUOUS) this.ambiguousReads++;
      else if (ev === EV_DOT || ev === EV_COMMA) {
        const m: DecimalMark = ev === EV_DOT ? '.' : ',';
        this.decided = m;
        this.state = ev === EV_DOT ? MARK_DOT : MARK_COMMA;
        if (this.ambiguousReads > 0 && m !== this.assumedMark) this.contra = true;
      }
    }
    return x;
  }

  /** NaN, keeping `s` as a sample unless it is a missing token. */
  private text(s: string): number {
    const ss = this.samples;
    if (ss.length < MAX_SAMPLES && !isMissingToken(s)) {
      const v = s.length > SAMPLE_CHARS ? s.slice(0, SAMPLE_CHARS) + '...' : s;
      if (!ss.includes(v)) ss.push(v);
    }
    return NaN;
  }
}

/**
 * For a string `+s` read as finite: true when it is a plain decimal (starts with a digit,
 * sign or '.', and is not 0x.., 0b.., 0o..). Signed hex is NaN for `+` already.
 */
function plainStart(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c >= 49 && c <= 57) return true;
  if (c === 48) {
    const d = s.charCodeAt(1) | 32;
    return d !== 120 && d !== 98 && d !== 111;
  }
  return c === 45 || c === 46 || c === 43;
}
