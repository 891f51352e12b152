/**
 * Runs one long engine task (import, demo, training, scoring) with a progress state and
 * a cancel action. The work itself happens in the worker; this only tracks it.
 */
import { useCallback, useRef, useState } from 'react';
import type { Progress } from '../../workers/app/api-types';
import { cancelJob } from '../engine-client';

export interface Job {
  running: boolean;
  progress: Progress | null;
  error: string | null;
  cancelled: boolean;
  run<T>(fn: (onProgress: (p: Progress) => void) => Promise<T>): Promise<T | undefined>;
  cancel(): void;
}

export function useJob(): Job {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const last = useRef(0);

  const run = useCallback(
    async <T>(fn: (onProgress: (p: Progress) => void) => Promise<T>): Promise<T | undefined> => {
      setRunning(true);
      setError(null);
      setCancelled(false);
      setProgress(null);
      try {
        return await fn((p) => {
          // At most ~20 renders a second, however often the engine reports.
          const now = performance.now();
          if (now - last.current > 50 || p.done >= p.total) {
            last.current = now;
            setProgress(p);
          }
        });
      } catch (e) {
        const err = e as Error;
        if (err.name === 'CancelledError' || /cancel/i.test(err.message)) setCancelled(true);
        else setError(err.message);
        return undefined;
      } finally {
        setRunning(false);
      }
    },
    [],
  );
  const cancel = useCallback(() => {
    setCancelled(true);
    void cancelJob();
  }, []);
  return { running, progress, error, cancelled, run, cancel };
}
