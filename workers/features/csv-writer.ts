/**
 * The golden file's CSV format: `machineID,datetime,<features>...,label`, datetime as
 * `YYYY-MM-DD HH:MM:SS`, numbers as JavaScript's shortest round-trip text (integers
 * without a decimal point: `0`, `18`, `-1`), missing values (NaN) and unknown labels
 * as empty fields. Written in chunks so a large set never becomes one string.
 */
import type { FeatureSet } from '../shared/types';
import { formatEpoch } from '../shared/time';
import { csvCell } from '../shared/csv-cell';

/**
 * A text field (names come from the data): quoted when CSV needs it, and defused when
 * a spreadsheet could run it as a formula (see csvCell).
 */
export function csvField(s: string): string {
  return csvCell(s);
}

export function formatNumber(v: number): string {
  return v === v ? String(v) : '';
}

export interface WriteCsvOptions {
  /** Rows per chunk passed to write. Default 2000. */
  chunkRows?: number;
}

/** Writes the header and all rows through write(chunk), in order. */
export function writeFeaturesCsv(
  fs: FeatureSet,
  write: (chunk: string) => void,
  opts: WriteCsvOptions = {},
): void {
  const chunkRows = opts.chunkRows ?? 2000;
  if (!(Number.isInteger(chunkRows) && chunkRows >= 1)) {
    throw new RangeError(`chunkRows must be a whole number >= 1, got ${chunkRows}`);
  }
  const F = fs.featureNames.length;
  write(['machineID', 'datetime', ...fs.featureNames, 'label'].map(csvField).join(',') + '\n');
  const labels = fs.labelNames.map(csvField);
  const times = new Map<number, string>();
  const ids = new Map<number, string>();
  for (const [k, name] of fs.machineNames) ids.set(k, csvField(name));
  const vals = fs.values;
  // Rows are appended to one string per chunk; small whole numbers (counts, flags,
  // ages, -1) come from a table. Same text as formatNumber, about twice as fast.
  let buf = '';
  let inBuf = 0;
  for (let r = 0; r < fs.rows; r++) {
    const t = fs.t[r];
    let dt = times.get(t);
    if (dt === undefined) {
      dt = formatEpoch(t);
      times.set(t, dt);
    }
    const m = fs.machineId[r];
    let line = (ids.get(m) ?? String(m)) + ',' + dt;
    const o = r * F;
    for (let f = 0; f < F; f++) {
      const v = vals[o + f];
      const iv = v | 0;
      line +=
        iv === v && iv >= SMALL_MIN && iv <= SMALL_MAX
          ? ',' + SMALL[iv - SMALL_MIN]
          : ',' + formatNumber(v);
    }
    const l = fs.label[r];
    buf += line + ',' + (l >= 0 ? labels[l] : '') + '\n';
    if (++inBuf === chunkRows) {
      write(buf);
      buf = '';
      inBuf = 0;
    }
  }
  if (buf) write(buf);
}

const SMALL_MIN = -1;
const SMALL_MAX = 4096;
const SMALL = Array.from({ length: SMALL_MAX - SMALL_MIN + 1 }, (_, i) => String(i + SMALL_MIN));
