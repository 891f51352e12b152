/**
 * Files without a header line (engine run-to-failure sets, logger dumps): the columns
 * are named by ImportOptions.columns or col1..colN, and --map may name any column by
 * its 1-based number.
 */
import { normName } from './header';
import { ImportError, type ColumnRole } from './types';

/**
 * The header of a headerless file from its first record: the given names, else col1,
 * col2, ... An empty last field (a delimiter at the end of every line) is not a column.
 */
export function headerlessNames(file: string, first: string[], columns?: string[]): string[] {
  let n = first.length;
  if (n > 1 && first[n - 1].trim() === '') n--;
  if (!columns || columns.length === 0) return Array.from({ length: n }, (_, i) => `col${i + 1}`);
  const names = columns.map((c) => c.trim());
  if (names.length !== n) {
    throw new ImportError(
      `${file}: ${names.length} column names given (${names.slice(0, 6).join(', ')}` +
        `${names.length > 6 ? ', ...' : ''}) but the first line has ${n} fields; give one ` +
        'name per field',
      file,
      'header',
    ).coded('names-count', { names: names.length, fields: n });
  }
  return names;
}

/**
 * A map whose keys are column numbers (1-based) where the header has no column of
 * that name, rewritten to the names of those columns. A number past the last column
 * stays as it is (the header check then names it).
 */
export function mapByNumber(
  header: string[],
  map: Record<string, ColumnRole> | undefined,
): Record<string, ColumnRole> | undefined {
  if (!map) return map;
  const norm = new Set(header.map(normName));
  const out: Record<string, ColumnRole> = {};
  for (const [k, role] of Object.entries(map)) {
    const key = k.trim();
    const i = /^[0-9]+$/.test(key) && !norm.has(key) ? Number(key) - 1 : -1;
    out[i >= 0 && i < header.length ? header[i] : k] = role;
  }
  return out;
}
