/**
 * Machine ids are text (an asset tag such as `P-101A`, a serial number, or a whole
 * number as in the public sample), compared exactly after trimming spaces. The store
 * keeps an integer key per id (table machine_names) so that telemetry, features and
 * results stay compact typed arrays; everything shown to people carries the text.
 */

import { said, type Said } from './said';

/** Longest machine id accepted (longer cells are almost always a wrong column). */
export const MAX_MACHINE_ID_LENGTH = 100;

const ALL_DIGITS = /^[0-9]+$/;

/** True for ids such as `42` or `007` that sort by value. */
export function isNumericMachineId(id: string): boolean {
  return ALL_DIGITS.test(id);
}

/** Digits without leading zeros, so that comparing length then text compares values. */
function digitsValue(id: string): string {
  let i = 0;
  while (i < id.length - 1 && id.charCodeAt(i) === 48) i++;
  return id.slice(i);
}

/**
 * The order of machines everywhere (feature rows, lists, menus): all-numeric ids by
 * value first, then the others by text (code point order, as the reference does);
 * `7` and `007` (same value) by text.
 */
export function compareMachineIds(a: string, b: string): number {
  const na = ALL_DIGITS.test(a);
  const nb = ALL_DIGITS.test(b);
  if (na !== nb) return na ? -1 : 1;
  if (na) {
    const va = digitsValue(a);
    const vb = digitsValue(b);
    if (va.length !== vb.length) return va.length - vb.length;
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Why a cell cannot be a machine id, or null when it can. The id itself is the cell
 * trimmed of spaces; control characters and very long cells are refused.
 */
export function machineIdProblem(trimmed: string): string | null {
  return machineIdCheck(trimmed)?.text ?? null;
}

/** Why a trimmed id is refused, in English and as a code (i18n `rejected.<code>`). */
export function machineIdCheck(trimmed: string): { text: string; code: Said } | null {
  if (trimmed === '') return { text: 'empty machine id', code: said('empty-machine-id') };
  if (trimmed.length > MAX_MACHINE_ID_LENGTH) {
    const value = trimmed.slice(0, 40);
    return {
      text: `machine id '${value}...' is longer than ${MAX_MACHINE_ID_LENGTH} characters`,
      code: said('long-machine-id', { value, max: MAX_MACHINE_ID_LENGTH }),
    };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    return { text: 'machine id holds control characters', code: said('control-machine-id') };
  }
  return null;
}

/** Trims spaces (and tabs) around a cell; fast when there are none. */
export function trimCell(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return a === 32 || a === 9 || b === 32 || b === 9 || a === 160 || b === 160 ? s.trim() : s;
}
