/**
 * Counters as time: a run-to-failure data set (engine cycles) or a sample-indexed
 * logger file counts cycles or samples where other exports write timestamps. With
 * ImportOptions.timeUnit the time column's number n is read as timeStart + n x unit,
 * in plant wall time, so the rest of pdm (windows, cadence, features) works unchanged.
 */
import { formatDuration, parseDuration } from '../shared/cadence';
import { scan } from './timestamp';
import type { TimestampForm } from './timestamp-column';
import { normName } from './header';
import type { ColumnRole } from './types';

/** Counter value 0 when no timeStart is given: 2000-01-01 00:00 plant wall time. */
export const DEFAULT_TIME_START = '2000-01-01';

/** The counter's origin and step, seconds (plant wall time read as UTC). */
export interface CounterTime {
  start: number;
  unit: number;
}

const START = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const COUNT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** 'YYYY-MM-DD[ HH:MM[:SS]]' as plant seconds; RangeError naming the option when not. */
export function parseTimeStart(text: string): number {
  const m = START.exec(text.trim());
  const [y, mo, d, h, mi, s] = (m ?? []).slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const t = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
  const back = new Date(t * 1000);
  if (
    !m ||
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    throw new RangeError(
      `timeStart: '${text}' is not a date and time; write YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]`,
    );
  }
  return t;
}

/** '1h' -> '1 h', '30s' -> '30 s' (the unit as a report says it). */
const unitText = (seconds: number) => formatDuration(seconds).replace(/^(\d+)/, '$1 ');

/**
 * The timestamp form of a counter column. Throws RangeError for a unit that is not a
 * length ('1h', '10s', '1d') or a start that is not a date.
 */
export function counterForm(timeUnit: string, timeStart?: string): TimestampForm {
  const unit = parseDuration(timeUnit, 'timeUnit');
  const startText = timeStart ?? DEFAULT_TIME_START;
  const start = parseTimeStart(startText);
  const shown = new Date(start * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return {
    id: 'counter',
    description:
      `cycle counter, ${unitText(unit)} per unit from ` +
      (shown.endsWith(':00') ? shown.slice(0, 16) : shown),
    dateOrder: null,
    converted: false,
    counter: { start, unit },
  };
}

/** Reads a counter value: start + n x unit (whole milliseconds), NaN when not a number. */
export function counterReader(c: CounterTime): (s: string) => number {
  return (s) => {
    scan.zoned = false;
    if (!COUNT.test(s)) return NaN;
    return Math.round((c.start + Number(s) * c.unit) * 1000) / 1000;
  };
}

/** Why a counter value was refused. */
export function explainCounter(v: string, form: TimestampForm): string {
  return `'${v}' is not a cycle or sample number (the time column counts units: ${form.description})`;
}

/** Header names of a counter column (after normName). */
const COUNTER_NAMES = new Set([
  'cycle',
  'cycles',
  'timecycles',
  'timeincycles',
  'cyclenumber',
  'sample',
  'samples',
  'sampleindex',
  'samplenumber',
]);

/**
 * With a time unit given, a column named like a counter (cycle, time_cycles, sample)
 * is the time column unless the map names one: the map with it added.
 */
export function withCounterColumn(
  norm: string[],
  header: string[],
  map: Record<string, ColumnRole> | undefined,
): Record<string, ColumnRole> | undefined {
  const roles = Object.values(map ?? {});
  if (roles.includes('timestamp') || roles.includes('date')) return map;
  const i = norm.findIndex((n) => COUNTER_NAMES.has(n));
  if (i < 0 || Object.keys(map ?? {}).some((k) => normName(k) === norm[i])) return map;
  return { ...map, [header[i]]: 'timestamp' };
}
