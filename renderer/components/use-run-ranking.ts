/**
 * The ranking of one scoring run (undefined: the latest), read again when the plant
 * changes. Only the answer for the run asked last may fill it: a late answer for the
 * run shown before is dropped, so a slow reply never swaps the rows on screen or on a
 * printed list. `skip` leaves it empty (no run to show yet).
 */
import { useEffect, useState } from 'react';
import type { RiskRanking } from '../../workers/app/api-types';
import { useApp } from '../app-state';
import { call } from '../engine-client';

export function useRunRanking(runId: number | undefined, skip = false): RiskRanking | null {
  const { summary, setError } = useApp();
  const [ranking, setRanking] = useState<RiskRanking | null>(null);
  useEffect(() => {
    if (skip) return;
    let current = true;
    call((e) => e.risks(runId))
      .then((r) => current && setRanking(r))
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [summary, runId, skip, setError]);
  return ranking;
}
