/**
 * Text formatting that reproduces the sample exports byte for byte in style:
 * `YYYY-MM-DD HH:MM:SS` times and numbers with 15 significant digits, trailing
 * zeros dropped (how the original R-generated files print doubles).
 */
import { formatEpoch } from '../shared/time';

/** A sensor value as the sample prints it, e.g. 176.217853015625. */
export function formatValue(x: number): string {
  const s = x.toPrecision(15);
  if (s.includes('e')) return String(x);
  if (!s.includes('.')) return s;
  let i = s.length;
  while (s.charCodeAt(i - 1) === 48) i--;
  if (s.charCodeAt(i - 1) === 46) i--;
  return i === s.length ? s : s.slice(0, i);
}

/**
 * Datetime strings for `count` consecutive hours from `t0` (epoch seconds), made once
 * and shared by every machine: formatting dates row by row would dominate the run time.
 */
export function hourlyStamps(t0: number, count: number): string[] {
  const out = new Array<string>(count);
  for (let h = 0; h < count; h++) out[h] = formatEpoch(t0 + h * 3600);
  return out;
}
