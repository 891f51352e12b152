/** A labelled form field with a hint and the engine's validation message underneath. */
import { useId, type ReactNode } from 'react';

/** A labelled field with the engine's message for it underneath. */
export function Field({
  label,
  error,
  hint,
  inline,
  children,
}: {
  label: string;
  error?: string;
  hint?: string;
  /** Label and control on one line (a toolbar's filter). */
  inline?: boolean;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errId : '', hint ? hintId : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${inline ? ' inline' : ''}${error ? ' invalid' : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children({ id, describedBy: describedBy || undefined })}
      {hint && (
        <span className="muted small" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={errId} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
