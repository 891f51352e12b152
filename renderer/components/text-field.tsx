/**
 * A labelled one-line text field with a hint and a message underneath. `code` is for
 * patterns and names typed exactly (no spelling check, no autofill).
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
}: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  className?: string;
  code?: boolean;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy }) => (
        <input
          id={id}
          aria-describedby={describedBy}
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
