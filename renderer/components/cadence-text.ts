/**
 * Cadence lengths for the screens. The step, windows and error window are written as
 * their feature columns are named: whole hours (`12 h`, `72 h`), else minutes, else
 * seconds; the horizon in days from two whole days on (`7 days`). Also a measured
 * interval rounded (`about 24 h`), a whole cadence on one line, and the text a length
 * field shows (`72h`, `14d`: what parseDuration in workers/shared/cadence.ts reads).
 */
import type { Cadence } from '../../workers/shared/cadence';
import type { Said } from '../../workers/shared/said';
import { interpolate, type I18n } from '../i18n/i18n';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

/** 'window': step, windows, error window, steps of data (hours); 'horizon': days from 2 days. */
export type LengthKind = 'window' | 'horizon';

function unit(i: I18n, n: number, u: 's' | 'min' | 'h' | 'days', digits = 0): string {
  return i.t(`unit.${u}`, { n: i.num(n, digits) });
}

function wholeUnit(seconds: number, kind: LengthKind): ['days' | 'h' | 'min' | 's', number] {
  const s = Math.round(seconds);
  if (kind === 'horizon' && s >= 2 * DAY && s % DAY === 0) return ['days', s / DAY];
  if (s > 0 && s % HOUR === 0) return ['h', s / HOUR];
  if (s > 0 && s % MINUTE === 0) return ['min', s / MINUTE];
  return ['s', s];
}

/** An exact length in words: `12 h`, `72 h`, `5 min`, `30 s`; a horizon `7 days`. */
export function lengthText(i: I18n, seconds: number, kind: LengthKind = 'window'): string {
  const [u, n] = wholeUnit(seconds, kind);
  return unit(i, n, u);
}

/** A length as typed in a field: `12h`, `72h`, `5m`, `30s`; a horizon `14d`. */
export function lengthField(seconds: number, kind: LengthKind = 'window'): string {
  const [u, n] = wholeUnit(seconds, kind);
  return `${n}${u === 'days' ? 'd' : u === 'min' ? 'm' : u}`;
}

/**
 * A measured interval, rounded to what a person would say: seconds under 90 s, minutes
 * under an hour, hours under two days (`1 h`, `1.5 h`, `24 h`), else days.
 */
export function aboutText(i: I18n, seconds: number): string {
  if (seconds < 90) return unit(i, Math.max(1, Math.round(seconds)), 's');
  if (Math.round(seconds / MINUTE) < 60) return unit(i, Math.round(seconds / MINUTE), 'min');
  if (seconds < 2 * DAY) {
    const h = seconds / HOUR;
    return unit(i, h, 'h', h < 10 ? 1 : 0);
  }
  return unit(i, seconds / DAY, 'days', 1);
}

/** One line: `step 12 h · windows 12 h, 24 h, 36 h · error counts 24 h · horizon 7 days`. */
export function cadenceText(i: I18n, c: Cadence): string {
  return i.t('cadence.summary', {
    step: lengthText(i, c.stepSeconds),
    windows: c.windowSeconds.map((w) => lengthText(i, w)).join(', '),
    event: lengthText(i, c.eventWindowSeconds),
    horizon: lengthText(i, c.horizonSeconds, 'horizon'),
  });
}

/**
 * Why the plant's cadence does not suit an import's data, from the engine's code
 * (CadenceFit.reasonCode): readings further apart than the step, too many in a step, or
 * too few steps of data. The English text is the fallback for an unknown code.
 */
export function cadenceReasonText(
  i: I18n,
  check: { reason: string | null; reasonCode: Said | null },
): string {
  const r = check.reasonCode;
  if (!r) return check.reason ?? '';
  const n = (k: string) => Number(r.params[k] ?? 0);
  const windows = String(r.params.windows ?? '')
    .split(',')
    .filter(Boolean)
    .map((w) => lengthText(i, Number(w)));
  const vars = {
    interval: aboutText(i, n('intervalSeconds')),
    step: lengthText(i, n('stepSeconds')),
    span: aboutText(i, n('spanSeconds')),
    empty: i.num(n('emptyPct')),
    perStep: i.num(n('perStep')),
    max: i.num(n('max')),
    minSteps: i.num(n('minSteps')),
    windows: windows.join(', '),
  };
  const key =
    r.code === 'sparse' && windows.length > 0
      ? windows.length === 1
        ? 'cadenceReason.sparse-window'
        : 'cadenceReason.sparse-windows'
      : `cadenceReason.${r.code}`;
  return interpolate(i.tOr(key, check.reason ?? r.code), vars);
}
