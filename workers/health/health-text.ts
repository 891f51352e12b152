/**
 * Health signals and rows in English words, for `pdm health` and its CSV: the value,
 * what is usual and on what basis ("volt mean over 24 h 190.2, high (usual for this
 * machine: 170.1 ± 3.2)"). The engine keeps signals structured (HealthSignal); the app
 * words them in the user's language from the same fields.
 */
import { csvLine } from '../shared/csv-cell';
import { formatEpoch } from '../shared/time';
import { featureLabelEn, featureParts } from '../report/reason-text';
import type { HealthRow, HealthSignal } from './types';

const numFs = new Map<number, Intl.NumberFormat>();
function numEn(n: number, d: number): string {
  let f = numFs.get(d);
  if (!f) numFs.set(d, (f = new Intl.NumberFormat('en-GB', { maximumFractionDigits: d })));
  return f.format(n);
}

/** One signal in English, with its value, what is usual and where that comes from. */
export function healthSignalTextEn(s: HealthSignal): string {
  const p = featureParts(s.feature);
  const v = numEn(s.value, s.digits);
  const c = numEn(s.center, s.digits);
  const sp = s.spread === null ? null : numEn(s.spread, s.digits);
  if (s.basis === 'replacements' && p.kind === 'daysSince') {
    return `${p.name} last replaced ${v} days ago (usually every ${c}${sp === null ? '' : ` ± ${sp}`} days)`;
  }
  if (p.kind === 'count') {
    const win = `${p.window.n} ${p.window.unit}`;
    return `${v} ${p.name} alert${s.value === 1 ? '' : 's'} in ${win} (usually ${c} for this machine)`;
  }
  const usual =
    s.basis === 'own'
      ? 'usual for this machine'
      : s.basis === 'peers'
        ? `usual for ${s.peerType ?? 'all machines'} now`
        : 'usual';
  return `${featureLabelEn(s.feature)} ${v}, ${s.direction} (${usual}: ${c}${sp === null ? '' : ` ± ${sp}`})`;
}

/** A row's reasons as one line ("; " between them); "nothing unusual" without any. */
export function healthReasonsTextEn(row: HealthRow, max = 3): string {
  if (row.signals.length === 0) return 'nothing unusual';
  return row.signals.slice(0, max).map(healthSignalTextEn).join('; ');
}

/** The ranking as CSV: one line per row, reasons in words, scores as shown. */
export function healthCsv(rows: HealthRow[]): string {
  const out = [
    csvLine([
      'rank',
      'machine_id',
      'machine_type',
      'component',
      'score',
      'level',
      'as_of',
      'reasons',
    ]),
  ];
  rows.forEach((r, i) =>
    out.push(
      csvLine([
        i + 1,
        r.machineId,
        r.machineType ?? '',
        r.component ?? '',
        r.score,
        r.level,
        formatEpoch(r.asOf / 1000),
        healthReasonsTextEn(r, 4),
      ]),
    ),
  );
  return out.join('\r\n') + '\r\n';
}
