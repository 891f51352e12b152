/**
 * A message from an engine as a stable code with its parameters, so the UI can word it
 * in the user's language (i18n key `<area>.<code>`), never by reading English text.
 * The English wording stays beside it for the CLI and logs.
 */
import type { FieldParams } from './field-error';

export interface Said {
  code: string;
  params: FieldParams;
}

export const said = (code: string, params: FieldParams = {}): Said => ({ code, params });

/** Codes kept in a text column as JSON; null for rows written before codes were kept. */
export function parseSaid(json: string | null): Said[] | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as Said[]) : null;
  } catch {
    return null;
  }
}

/**
 * Gives an engine error a code the UI words (i18n `engineError.<code>`) instead of
 * showing its English message; the message stays for the CLI and logs. The code
 * crosses the worker boundary with the error (workers/app/thrown-errors.ts).
 */
export function withSaid<E extends Error>(e: E, code: string, params: FieldParams = {}): E {
  return Object.assign(e, { said: said(code, params) });
}

/** Engine errors known by their class name, which crosses the worker boundary as it is. */
const NAMED_ERRORS: Record<string, string> = {
  CancelledError: 'cancelled',
  ReadOnlyPlantError: 'read-only',
  PlantGoneError: 'plant-gone',
  FeatureMismatchError: 'feature-mismatch',
  CadenceMismatchError: 'cadence-mismatch',
};

/** The code of an engine error (given with withSaid, or by its class), if it has one. */
export function saidOf(e: unknown): Said | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const s = (e as { said?: unknown }).said;
  if (s && typeof s === 'object' && typeof (s as Said).code === 'string') return s as Said;
  const name = (e as { name?: unknown }).name;
  return typeof name === 'string' && name in NAMED_ERRORS ? said(NAMED_ERRORS[name]) : undefined;
}
