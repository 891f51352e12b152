/** Plain-text rendering of an evaluation for the terminal. */
import type { Evaluation } from '../../workers/metrics/classification';
import type { BandModelInfo } from '../../workers/model/band-model';
import type { PlannerEvaluation } from '../../workers/metrics/planner';

const f = (x: number) => x.toFixed(3);

export function formatEvaluation(e: Evaluation): string {
  const w = Math.max(9, ...e.labels.map((l) => l.length + 1));
  const lines = [
    `evaluated on ${e.rows} observations`,
    '',
    'confusion matrix (rows: actual, columns: predicted)',
  ];
  lines.push(''.padEnd(w) + e.labels.map((l) => l.padStart(w)).join(''));
  e.confusion.forEach((row, i) =>
    lines.push(e.labels[i].padEnd(w) + row.map((v) => String(v).padStart(w)).join('')),
  );
  lines.push(
    '',
    'class'.padEnd(w) +
      ['precision', 'recall', 'f1', 'support'].map((h) => h.padStart(11)).join(''),
  );
  for (const m of e.perClass) {
    lines.push(
      m.label.padEnd(w) +
        [f(m.precision), f(m.recall), f(m.f1), String(m.support)]
          .map((v) => v.padStart(11))
          .join(''),
    );
  }
  lines.push(
    '',
    `macro-F1 ${f(e.macroF1)}   accuracy ${f(e.accuracy)}`,
    `any failure: precision ${f(e.failurePrecision)}  recall ${f(e.failureRecall)}  F1 ${f(e.failureF1)}`,
  );
  return lines.join('\n');
}

/**
 * The time-to-failure band model's test figures (docs/BANDS.md): per component and
 * band, the average precision of "fails within the band" and the recall at 50 %.
 */
export function formatBandEvaluation(b: BandModelInfo | null): string {
  if (!b) return 'time bands: none (no failure within 14 days in the training range)';
  const lines = [
    `time bands: within ${b.days.join(', ')} days` +
      (b.metrics
        ? ` (band model: ${b.metrics.trainRows} observations, ${b.metrics.trainSeconds.toFixed(1)} s)`
        : ''),
  ];
  const test = b.metrics?.test;
  if (!test)
    return lines.concat('  no observations after --train-to to evaluate them on').join('\n');
  const w = Math.max(10, ...test.components.map((c) => c.component.length + 1));
  const cell = (x: number | null, pct: boolean) =>
    (x === null ? '—' : pct ? `${(x * 100).toFixed(0)}%` : f(x)).padStart(7);
  lines.push(
    `  on ${test.rows} test observations: average precision per band | recall at 50 %`,
    '  ' +
      'component'.padEnd(w) +
      b.days.map((d) => `${d} d`.padStart(7)).join('') +
      ' |' +
      b.days.map((d) => `${d} d`.padStart(7)).join(''),
  );
  for (const c of test.components) {
    lines.push(
      '  ' +
        c.component.padEnd(w) +
        c.bands.map((x) => cell(x.ap, false)).join('') +
        ' |' +
        c.bands.map((x) => cell(x.recall, true)).join(''),
    );
  }
  return lines.join('\n');
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);
const num3 = (x: number | null) => (x === null ? '-' : x.toFixed(3));

/** A lead time as days (or hours under a day). */
function lead(seconds: number | null): string {
  if (seconds === null) return '-';
  return seconds >= 86400
    ? `${(seconds / 86400).toFixed(1)} d`
    : `${(seconds / 3600).toFixed(1)} h`;
}

/** The planner's view of an evaluation: per component at the budget, and the reliability table. */
export function formatPlanner(p: PlannerEvaluation): string {
  const w = Math.max(10, ...p.components.map((c) => c.component.length + 1));
  const k = p.budget;
  const lines = [
    `planner view: ${k} machine${k === 1 ? '' : 's'} inspected a day (the top of each day's ` +
      `list), alarm from ${pct(p.highRisk)} risk, horizon ${lead(p.horizonSeconds)}`,
    'component'.padEnd(w) +
      [`precision@${k}`, `recall@${k}`, 'caught', 'avg prec', 'median lead', 'never alarmed']
        .map((h) => h.padStart(14))
        .join(''),
  ];
  for (const c of p.components) {
    lines.push(
      c.component.padEnd(w) +
        [
          num3(c.precisionAtK),
          num3(c.recallAtK),
          `${c.caught}/${c.failures}`,
          num3(c.averagePrecision),
          lead(c.medianLeadSeconds),
          `${c.neverAlarmed}/${c.failures}`,
        ]
          .map((v) => v.padStart(14))
          .join(''),
    );
  }
  if (p.budget >= p.machines) {
    lines.push(
      `(the budget covers all ${p.machines} machines of the range: every machine is inspected ` +
        'every day, so recall at the budget says nothing; set a smaller one with pdm plant --budget)',
    );
  }
  const { before, after } = p.reliability;
  lines.push(
    '',
    'reliability (every component pooled): predicted risk against how often it failed',
    'risk'.padEnd(12) +
      ['count', 'predicted', 'observed'].map((h) => h.padStart(10)).join('') +
      (after
        ? '   calibrated:' + ['count', 'predicted', 'observed'].map((h) => h.padStart(10)).join('')
        : ''),
  );
  before.forEach((b, i) => {
    const cells = (x: typeof b) =>
      [String(x.count), pct(x.meanPredicted), pct(x.observed)].map((v) => v.padStart(10)).join('');
    lines.push(
      `${Math.round(b.from * 100)}-${Math.round(b.to * 100)} %`.padEnd(12) +
        cells(b) +
        (after ? '              ' + cells(after[i]) : ''),
    );
  });
  const gap = (g: number | null | undefined) => (g == null ? '-' : (g * 100).toFixed(1));
  if (p.reliability.rejected)
    lines.push(
      `(calibration fitted but not used: on this range it moved risks further from the observed ` +
        `shares, a mean gap of ${gap(p.reliability.gapAfter)} percentage points against ` +
        `${gap(p.reliability.gapBefore)} for the forest's own probabilities, so risks are the forest's)`,
    );
  else if (!after)
    lines.push('(this model has no calibration: its risks are the forest probabilities)');
  else
    lines.push(
      `(mean gap between predicted and observed: ${gap(p.reliability.gapBefore)} percentage ` +
        `points before calibration, ${gap(p.reliability.gapAfter)} after)`,
    );
  return lines.join('\n');
}
