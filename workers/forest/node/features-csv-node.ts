/**
 * Reads/writes the analysis data set CSV of FEATURES.md (machineID, datetime,
 * numeric features..., label) for forest benchmarks and tests, without
 * depending on the features module. Class names: 'none' first, then the others sorted.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface FeaturesCsv {
  featureNames: string[];
  rows: number;
  machineId: Int32Array;
  /** Observation time as written (`YYYY-MM-DD HH:MM:SS`, sorts as time). */
  datetime: string[];
  /** rows x featureNames.length, row-major. */
  values: Float64Array;
  labelNames: string[];
  label: Int32Array;
  /** The header line, for writing subsets back out. */
  header: string;
  lines: string[];
}

/** Parses a features CSV; throws naming file, line and column for a non-numeric value. */
export function readFeaturesCsv(path: string): FeaturesCsv {
  const text = readFileSync(path, 'utf8');
  const all = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = all[0];
  const cols = header.split(',');
  const iM = cols.indexOf('machineID');
  const iT = cols.indexOf('datetime');
  const iL = cols.indexOf('label');
  if (iM < 0 || iT < 0) throw new Error(`${path}: line 1: expected machineID and datetime columns`);
  const featIdx = cols.map((_, i) => i).filter((i) => i !== iM && i !== iT && i !== iL);
  const lines = all.slice(1);
  const rows = lines.length;
  const nF = featIdx.length;
  const values = new Float64Array(rows * nF);
  const machineId = new Int32Array(rows);
  const datetime: string[] = new Array(rows);
  const rawLabels: string[] = new Array(rows);
  lines.forEach((line, r) => {
    const cells = line.split(',');
    machineId[r] = Number(cells[iM]);
    datetime[r] = cells[iT];
    rawLabels[r] = iL >= 0 ? cells[iL] : '';
    for (let j = 0; j < nF; j++) {
      const v = Number(cells[featIdx[j]]);
      if (cells[featIdx[j]] === '' || Number.isNaN(v)) {
        throw new Error(
          `${path}: line ${r + 2}, column ${cols[featIdx[j]]}: not a number: ${JSON.stringify(cells[featIdx[j]])}`,
        );
      }
      values[r * nF + j] = v;
    }
  });
  const others = [...new Set(rawLabels)].filter((l) => l !== 'none' && l !== '').sort();
  const labelNames = ['none', ...others];
  const label = Int32Array.from(rawLabels, (l) => (l === '' ? -1 : labelNames.indexOf(l)));
  return {
    featureNames: featIdx.map((i) => cols[i]),
    rows,
    machineId,
    datetime,
    values,
    labelNames,
    label,
    header,
    lines,
  };
}

/** Row indexes r with lo < datetime[r] <= hi (either bound may be omitted). */
export function rowsBetween(csv: FeaturesCsv, lo?: string, hi?: string): Int32Array {
  const out: number[] = [];
  for (let r = 0; r < csv.rows; r++) {
    const d = csv.datetime[r];
    if ((lo === undefined || d > lo) && (hi === undefined || d <= hi)) out.push(r);
  }
  return Int32Array.from(out);
}

/** Values, labels of the given rows. */
export function subsetRows(
  csv: FeaturesCsv,
  idx: Int32Array,
): { values: Float64Array; label: Int32Array; rows: number } {
  const nF = csv.featureNames.length;
  const values = new Float64Array(idx.length * nF);
  const label = new Int32Array(idx.length);
  idx.forEach((r, k) => {
    values.set(csv.values.subarray(r * nF, (r + 1) * nF), k * nF);
    label[k] = csv.label[r];
  });
  return { values, label, rows: idx.length };
}

/** Writes the given rows (original text) to a CSV with the original header. */
export function writeRowsCsv(csv: FeaturesCsv, idx: Int32Array, path: string): void {
  const body = Array.from(idx, (r) => csv.lines[r]).join('\n');
  writeFileSync(path, `${csv.header}\n${body}\n`);
}
