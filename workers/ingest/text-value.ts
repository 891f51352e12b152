/**
 * Text values of an import (error codes, component names, failure names, machine
 * models): a sane length limit, so a broken or hostile export cannot fill the plant
 * file, the screens and the printed list with megabytes of one cell. A longer value
 * rejects its row, reported like every rejected row (file, line, column, reason).
 * Machine ids have their own, tighter limit (workers/shared/machine-id.ts).
 */

import { said, type Said } from '../shared/said';

/** Longest text value stored, in characters (UTF-16 code units), after trimming. */
export const MAX_TEXT_LENGTH = 200;

/** Why a trimmed text cell cannot be stored, or null when it can. */
export function textValueProblem(trimmed: string): string | null {
  return textValueCheck(trimmed)?.text ?? null;
}

/** Why a trimmed text cell is refused, in English and as a code (i18n `rejected.<code>`). */
export function textValueCheck(trimmed: string): { text: string; code: Said } | null {
  if (trimmed === '') return { text: 'empty value', code: said('empty-value') };
  if (trimmed.length > MAX_TEXT_LENGTH) {
    const value = trimmed.slice(0, 40);
    return {
      text:
        `value '${value}...' is ${trimmed.length} characters long, ` +
        `longer than the ${MAX_TEXT_LENGTH} allowed`,
      code: said('long-value', { value, length: trimmed.length, max: MAX_TEXT_LENGTH }),
    };
  }
  return null;
}
