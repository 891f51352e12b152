/**
 * Safe CSV output: the one function every CSV the product writes uses for its cells.
 *
 * Quoting follows RFC 4180 (a cell holding `"`, `,`, `;`, CR or LF is quoted; `;` too
 * because European Excel splits on it). Against CSV injection (OWASP): a text cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
 * formula by a spreadsheet, so it is written with a single quote in front and quoted:
 * `=HYPERLINK(...)` becomes `"'=HYPERLINK(...)"`. Numbers are written as numbers, and a
 * text cell that is a plain number (`-1`, `+2.5`, `-1e-3`) is left alone: a spreadsheet
 * reads it as that number, not as a formula.
 */

/** Characters a spreadsheet may take as the start of a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",;\r\n]/;

/**
 * One CSV cell. Numbers: shortest round-trip text, NaN and non-finite as empty;
 * null/undefined as empty; text quoted when needed and defused when it could be a formula.
 */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (FORMULA_START.test(v) && !PLAIN_NUMBER.test(v)) {
    return `"'${v.replace(/"/g, '""')}"`;
  }
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line of cells, joined by commas (no line end). */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}
