/**
 * A modal question with a few answers (delete a plant? replace a plant with unsaved
 * changes?), asked from anywhere as a promise: `askChoice(...)` resolves with the
 * chosen answer, or null when dismissed (Escape). The app shell mounts one host.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface Choice<V extends string> {
  value: V;
  label: string;
  kind?: 'primary' | 'danger';
}

interface Question<V extends string> {
  title: string;
  text: ReactNode;
  choices: Choice<V>[];
}

type Pending = Question<string> & { done: (v: string | null) => void };
let show: ((q: Pending) => void) | null = null;

/** Asks the question in the app's dialog; resolves null when no host is mounted. */
export function askChoice<V extends string>(q: Question<V>): Promise<V | null> {
  return new Promise((resolve) => {
    if (!show) return resolve(null);
    show({ ...q, done: (v) => resolve(v as V | null) });
  });
}

/** The one dialog of the app (mounted by the shell). */
export function ChoiceDialogHost() {
  const [q, setQ] = useState<Pending | null>(null);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    show = (next) => setQ(next);
    return () => {
      show = null;
    };
  }, []);

  useEffect(() => {
    const d = ref.current;
    if (q && d && !d.open) d.showModal();
  }, [q]);

  if (!q) return null;
  const answer = (v: string | null) => {
    ref.current?.close();
    setQ(null);
    q.done(v);
  };
  return (
    <dialog
      ref={ref}
      className="choice-dialog"
      aria-labelledby="choice-title"
      onCancel={(e) => {
        e.preventDefault();
        answer(null);
      }}
    >
      <h2 id="choice-title">{q.title}</h2>
      <div className="choice-text">{q.text}</div>
      <div className="actions">
        {q.choices.map((c) => (
          <button
            key={c.value}
            type="button"
            className={`btn${c.kind ? ` ${c.kind}` : ''}`}
            onClick={() => answer(c.value)}
          >
            {c.label}
          </button>
        ))}
      </div>
    </dialog>
  );
}
