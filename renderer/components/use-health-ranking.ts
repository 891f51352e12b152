/**
 * The open plant's health ranking ("unusual behaviour"), read again when the plant
 * changes. Only the answer asked for last may fill it, so a slow reply never swaps the
 * rows on screen or on a printed list. `failed`: the engine refused (the screen then
 * falls back to the failure-risk view).
 */
import { useEffect, useState } from 'react';
import type { HealthDefault, HealthRanking } from '../../workers/health/types';
import { useApp } from '../app-state';
import { call } from '../engine-client';

export interface HealthAnswer {
  ranking: HealthRanking | null;
  /** Machine integer keys by text id, for links to the machine detail. */
  keys: Record<string, number>;
  failed: boolean;
}

export function useHealthRanking(): HealthAnswer {
  const { summary, setError } = useApp();
  const [answer, setAnswer] = useState<HealthAnswer>({ ranking: null, keys: {}, failed: false });
  useEffect(() => {
    if (!summary) return;
    let current = true;
    call(async (e) => ({ ranking: await e.healthRanking(), keys: await e.machineKeys() }))
      .then(({ ranking, keys }) => {
        if (current) setAnswer({ ranking, keys, failed: false });
      })
      .catch((e: Error) => {
        if (!current) return;
        setAnswer((a) => ({ ...a, failed: true }));
        setError(e.message);
      });
    return () => {
      current = false;
    };
  }, [summary, setError]);
  return answer;
}

/**
 * Which view the ranking screen opens on (cheap: counts and the active model), read
 * again when the plant changes; null until known. On a refusal the screen falls back
 * to the failure-risk view (`failed`).
 */
export function useHealthDefault(): { view: HealthDefault | null; failed: boolean } {
  const { summary, setError } = useApp();
  const [answer, setAnswer] = useState<{ view: HealthDefault | null; failed: boolean }>({
    view: null,
    failed: false,
  });
  useEffect(() => {
    if (!summary) return;
    let current = true;
    call((e) => e.healthDefaultView())
      .then((view) => {
        if (current) setAnswer({ view, failed: false });
      })
      .catch((e: Error) => {
        if (!current) return;
        setAnswer((a) => ({ ...a, failed: true }));
        setError(e.message);
      });
    return () => {
      current = false;
    };
  }, [summary, setError]);
  return answer;
}
