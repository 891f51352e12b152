/**
 * A bad value in one field of a form or command: which field, a stable code and its
 * parameters (for a message in the user's language), and the English message (for
 * the CLI and logs). The UI places it next to its field from `field`, never by
 * reading the English text. A RangeError, so callers that catch bad input keep working.
 */
export type FieldParams = Record<string, string | number>;

export interface FieldProblem<F extends string = string> {
  field: F;
  /** Stable code: 'range', 'required', 'duplicate', 'not-valid', ... */
  code: string;
  params: FieldParams;
  /** English, names the bad value and what is allowed. */
  message: string;
}

export class FieldError<F extends string = string> extends RangeError {
  constructor(
    readonly field: F,
    readonly code: string,
    message: string,
    readonly params: FieldParams = {},
  ) {
    super(message);
  }

  static of<F extends string>(p: FieldProblem<F>): FieldError<F> {
    return new FieldError(p.field, p.code, p.message, p.params);
  }
}

/** The field problem an error carries (a FieldError, or one that crossed a worker boundary). */
export function fieldProblemOf(e: unknown): FieldProblem | null {
  if (!e || typeof e !== 'object') return null;
  const x = e as Partial<FieldProblem> & { message?: unknown };
  if (typeof x.field !== 'string' || typeof x.code !== 'string') return null;
  return {
    field: x.field,
    code: x.code,
    params: x.params && typeof x.params === 'object' ? x.params : {},
    message: typeof x.message === 'string' ? x.message : '',
  };
}
