/**
 * The current time (ms), read outside render and refreshed every `everyMs`: a component
 * that shows "in 5 min" or today's date stays pure (the same props and state give the
 * same output) and still moves on while it stays open.
 */
import { useEffect, useState } from 'react';

export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
