/**
 * Field parsers for the import hot path: machine ids and numbers (with decimal comma for
 * semicolon files). The timestamp column is in ./timestamp-column.
 */

/** A whole number 0..2^31-1 (spaces around allowed), or -1. */
export function parseMachineId(s: string): number {
  let i = 0;
  let n = s.length;
  while (i < n && s.charCodeAt(i) === 32) i++;
  while (n > i && s.charCodeAt(n - 1) === 32) n--;
  if (i === n || n - i > 10) return -1;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v <= 2147483647 ? v : -1;
}

/** A finite decimal number, or NaN (empty, text, Infinity). */
export function parseNumber(s: string, decimalComma: boolean): number {
  if (s.length === 0) return NaN;
  if (decimalComma && s.indexOf(',') >= 0) s = s.replace(',', '.');
  const x = +s;
  if (x === 0 && s.trim() === '') return NaN;
  if (x - x !== 0) return NaN; // NaN or +-Infinity
  const c = s.charCodeAt(s.length > 1 ? 1 : 0) | 32;
  if (c === 120 || c === 98 || c === 111) return NaN; // 0x.. 0b.. 0o..
  return x;
}

/** The timestamp column lives in ./timestamp-column; re-exported for older imports. */
export { TimestampColumn } from './timestamp-column';
