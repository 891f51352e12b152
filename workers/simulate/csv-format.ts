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

/** Above this many readings per machine, stamps are formatted per row instead of kept. */
const KEPT_STAMPS = 1 << 18;

/**
 * The datetime of reading `r` (time `t0 + r * step`), for `count` readings. Up to
 * 262,144 stamps are made once and shared by every machine; beyond
 * that the time of day is cached (at most 86,400 strings) and the date per day, so
 * memory stays flat for long 1 Hz runs.
 */
export function readingStamps(t0: number, step: number, count: number): (r: number) => string {
  if (count <= KEPT_STAMPS) {
    const kept = new Array<string>(count);
    for (let r = 0; r < count; r++) kept[r] = formatEpoch(t0 + r * step);
    return (r) => kept[r];
  }
  const clock = new Array<string | undefined>(86400);
  let day = NaN;
  let date = '';
  return (r) => {
    const t = t0 + r * step;
    const d = Math.floor(t / 86400);
    const sec = t - d * 86400;
    if (d !== day) {
      day = d;
      date = formatEpoch(d * 86400).slice(0, 11);
    }
    return date + (clock[sec] ??= formatEpoch(sec).slice(11));
  };
}
