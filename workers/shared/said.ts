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
