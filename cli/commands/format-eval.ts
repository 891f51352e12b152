/** Plain-text rendering of an evaluation for the terminal. */
import type { Evaluation } from '../../workers/metrics/classification';

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
