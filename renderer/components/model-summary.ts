/**
 * The evaluation's headline numbers a planner can act on, from the confusion matrix:
 * whether the model flags coming failures at all (any component, pooled), and which
 * components it never catches. Accuracy alone hides both: on a test range that is
 * mostly 'none', a model that never predicts a failure is still 95 % accurate.
 */
export interface FailureSummary {
  /** Of the observations flagged with some failure, the share that had one coming. */
  precision: number;
  /** Of the observations with a failure coming, the share flagged with some failure. */
  recall: number;
  /** Observations with a failure coming (any component). */
  failures: number;
  /** Components with test cases the model never predicted correctly (recall 0). */
  missed: string[];
}

/**
 * confusion[actual][predicted] over `labels`; the no-failure class is `none`. Null when
 * there is no such class (nothing to pool) or the matrix does not fit the labels.
 */
export function failureSummary(labels: string[], confusion: number[][]): FailureSummary | null {
  const none = labels.indexOf('none');
  if (none < 0 || confusion.length !== labels.length) return null;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const missed: string[] = [];
  confusion.forEach((row, i) => {
    if (row.length !== labels.length) return;
    let caught = 0;
    let total = 0;
    row.forEach((v, j) => {
      if (i === none && j !== none) fp += v;
      if (i !== none && j === none) fn += v;
      if (i !== none && j !== none) tp += v;
      if (i !== none) total += v;
      if (i !== none && i === j) caught += v;
    });
    if (i !== none && total > 0 && caught === 0) missed.push(labels[i]);
  });
  return {
    precision: tp + fp > 0 ? tp / (tp + fp) : NaN,
    recall: tp + fn > 0 ? tp / (tp + fn) : NaN,
    failures: tp + fn,
    missed,
  };
}

/** A label class as the screens show it: the no-failure class in words, components by name. */
export function classLabel(t: (key: 'class.none') => string, label: string): string {
  return label === 'none' ? t('class.none') : label;
}
