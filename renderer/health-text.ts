/**
 * The health ranking ("unusual behaviour") in words, in the chosen language: one signal
 * -> "volt mean over 24 h 187.3, high (usual for this machine: 170.2 ± 4.1)". Feature
 * names are worded as the risk reasons word them (feature-label.ts); values come rounded
 * from the engine (`HealthSignal.digits`), so the screen, the machine detail and the
 * printed list show the same figures. The score and level are formatted here too, for
 * the same reason: the print view must never show another figure than the screen.
 */
import type { I18n } from './i18n/i18n';
import { featureLabel } from './feature-label';
import { featureParts } from '../workers/report/reason-text';
import type { HealthRow, HealthSignal } from '../workers/health/types';

type T = I18n['t'];
type Num = I18n['num'];

/** What is usual, and against what: the machine itself, machines of its type now, or else. */
function usualText(s: HealthSignal, t: T, num: Num): string {
  const center = num(s.center, s.digits);
  const spread = s.spread === null ? null : num(s.spread, s.digits);
  switch (s.basis) {
    case 'own':
      return spread === null
        ? t('health.usualOwnMedian', { center })
        : t('health.usualOwn', { center, spread });
    case 'peers': {
      const type = s.peerType ?? t('health.allMachines');
      return spread === null
        ? t('health.usualPeersMedian', { type, center })
        : t('health.usualPeers', { type, center, spread });
    }
    case 'replacements':
      return spread === null
        ? t('health.usualPlainMedian', { center })
        : t('health.usualPlain', { center, spread });
  }
}

/**
 * One reason a machine looks unusual, in words: the value, what is usual and against
 * what. The English says what `pdm health` says (workers/health/health-text.ts).
 */
export function signalText(s: HealthSignal, t: T, num: Num): string {
  const value = num(s.value, s.digits);
  const center = num(s.center, s.digits);
  const p = featureParts(s.feature);
  if (s.basis === 'replacements' && p.kind === 'daysSince') {
    if (s.value < 0) return t('reason.neverReplaced', { name: p.name });
    const v = { name: p.name, value, center };
    return s.spread === null
      ? t('health.replacedEvery', v)
      : t('health.replacedEverySpread', { ...v, spread: num(s.spread, s.digits) });
  }
  if (p.kind === 'count') {
    const w = t(
      p.window.unit === 'h'
        ? 'feat.win.h'
        : p.window.unit === 'min'
          ? 'feat.win.min'
          : 'feat.win.s',
      { n: p.window.n },
    );
    return t(s.value === 1 ? 'health.countOne' : 'health.count', {
      value,
      name: p.name,
      w,
      center,
    });
  }
  return t('reason.level', {
    label: featureLabel(s.feature, t),
    value,
    dir: t(`reason.dir.${s.direction}`),
    usual: usualText(s, t, num),
  });
}

/** The score as the screen, the machine detail and the print show it (0..100, whole). */
export function scoreText(row: HealthRow, num: Num): string {
  return num(row.score, 0);
}

/** The component a row is about, or "whole machine". */
export function componentText(row: HealthRow, t: T): string {
  return row.component ?? t('health.wholeMachine');
}

/** Rows kept by the "show" choice: the ones worth a look, or all. */
export type HealthShow = 'flagged' | 'all';

/** What the list shows: the level choice and one machine type ('' = every type). */
export interface HealthChoice {
  show: HealthShow;
  type: string;
}

export function shownRows(rows: readonly HealthRow[], c: HealthChoice): HealthRow[] {
  return rows.filter(
    (r) => (c.show === 'all' || r.level !== 'normal') && (!c.type || r.machineType === c.type),
  );
}

const CHOICE_KEY = 'pdm.healthChoice';

/**
 * The choice made on the screen, kept for this tab so the print view lists the rows the
 * screen showed; the default (flagged rows of every type) without one.
 */
export function loadChoice(): HealthChoice {
  try {
    const c = JSON.parse(sessionStorage.getItem(CHOICE_KEY) ?? 'null') as Partial<HealthChoice>;
    return {
      show: c?.show === 'all' ? 'all' : 'flagged',
      type: typeof c?.type === 'string' ? c.type : '',
    };
  } catch {
    return { show: 'flagged', type: '' };
  }
}

export function saveChoice(c: HealthChoice): void {
  try {
    sessionStorage.setItem(CHOICE_KEY, JSON.stringify(c));
  } catch {
    /* storage unavailable: the print view starts from the default */
  }
}

export const healthRowKey = (r: HealthRow) => `${r.machineId}|${r.component ?? ''}`;
