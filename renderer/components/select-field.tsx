/**
 * A labelled choice from a fixed list of values (typed: the value handed back is one
 * of `options`), each shown in words by `text`, with a hint and a message underneath.
 */
import { Field } from '../screens/schedules/field';

export function SelectField<T extends string>({
  label,
  hint,
  error,
  value,
  options,
  text,
  onChange,
  inline,
  ariaLabel,
}: {
  label: string;
  hint?: string;
  error?: string;
  value: T;
  options: readonly T[];
  text: (v: T) => string;
  onChange: (v: T) => void;
  /** Label and choice on one line (a toolbar's filter). */
  inline?: boolean;
  /** A fuller name for screen readers than the visible label (which file's kind). */
  ariaLabel?: string;
}) {
  return (
    <Field label={label} hint={hint} error={error} inline={inline}>
      {({ id, describedBy }) => (
        <select
          id={id}
          aria-describedby={describedBy}
          aria-label={ariaLabel}
          aria-invalid={error ? true : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value as T)}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {text(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
