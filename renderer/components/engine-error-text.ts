/**
 * An engine error in the UI language: errors that carry a code (workers/shared/said.ts
 * withSaid, or a known error class) are worded from `engineError.<code>`; an unexpected
 * error keeps its own message, the only words there are for it.
 */
import { saidOf, type Said } from '../../workers/shared/said';
import { interpolate, type I18n } from '../i18n/i18n';

/** The words for a coded engine error, or undefined when it has no code. */
export function engineErrorText(i: I18n, e: unknown): string | undefined {
  const s = saidOf(e);
  return s ? saidText(i, s, e instanceof Error ? e.message : String(e)) : undefined;
}

/** A code's words, or `fallback` when the code has none. */
export function saidText(i: I18n, s: Said, fallback: string): string {
  return interpolate(i.tOr(`engineError.${s.code}`, fallback), s.params);
}
