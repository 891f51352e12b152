/**
 * A labelled one-line text field with a hint and a message underneath. `code` is for
 * patterns and names typed exactly (no spelling check, no autofill). `type` gives the
 * browser's number or time entry; the value stays the text typed, so the form checks
 * it and the engine's message for it shows here.
 */
import { Field } from '../screens/schedules/field';

export function TextField({
  label,
  hint,
  error,
  value,
  onChange,
  placeholder,
  className,
  code,
  type,
  min,
  max,
  maxLength,
  list,
  inline,
}: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  className?: string;
  code?: boolean;
  type?: 'text' | 'number' | 'time' | 'search';
  min?: number;
  max?: number;
  maxLength?: number;
  /** Id of a <datalist> of suggestions. */
  list?: string;
  /** Label and field on one line (a toolbar's filter). */
  inline?: boolean;
}) {
  return (
    <Field label={label} hint={hint} error={error} inline={inline}>
      {({ id, describedBy }) => (
        <input
          id={id}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          type={type}
          min={min}
          max={max}
          maxLength={maxLength}
          list={list}
          className={className}
          spellCheck={code ? false : undefined}
          autoComplete={code ? 'off' : undefined}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
