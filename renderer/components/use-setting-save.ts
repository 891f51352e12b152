/**
 * Saving one plant setting through the engine: busy while it runs, the engine's message
 * when it refuses, the saved value (for the confirmation) when it took, and the app told
 * that the plant changed.
 */
import { useState, type FormEvent } from 'react';
import { useApp } from '../app-state';
import { fieldProblemOf, type FieldProblem } from '../../workers/shared/field-error';

export function useSettingSave<R, V>(save: () => Promise<R>, took: (r: R) => V) {
  const { changed } = useApp();
  const [error, setError] = useState<string | undefined>();
  // The field and code of a refusal (a FieldError from the engine or the form's parsing).
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [saved, setSaved] = useState<V | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev?: FormEvent) => {
    ev?.preventDefault();
    setBusy(true);
    setError(undefined);
    setProblem(null);
    setSaved(null);
    try {
      setSaved(took(await save()));
      await changed();
    } catch (e) {
      setError((e as Error).message);
      setProblem(fieldProblemOf(e));
    } finally {
      setBusy(false);
    }
  };
  /** The field was edited: the last message and confirmation no longer apply. */
  const reset = () => {
    setError(undefined);
    setProblem(null);
    setSaved(null);
  };
  return { busy, error, problem, saved, submit, reset };
}
