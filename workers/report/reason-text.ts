/**
 * Reasons of a risk as a planner reads them: the feature, the machine's value and what
 * is usual ("vibration mean over 24 h 52.1, high (usual for model3: 40 ± 5)"). The
 * engine keeps reasons as structures (`Reason`); the app formats them through its i18n
 * tables (renderer/feature-label.ts) and the command line and `pdm print` through the
 * English formatter here, which says the same words as the app's English table (a unit
 * test holds the two together). Pure and platform-neutral: the renderer imports
 * `featureParts` at runtime so both read feature keys the same way.
 */

/** A feature key of docs/FEATURES.md, taken apart. */
export type FeatureParts =
  | {
      kind: 'mean' | 'std' | 'count';
      /** Sensor or error type. */
      name: string;
      /** The window length as its key writes it: whole hours, else minutes, else seconds. */
      window: { n: number; unit: 'h' | 'min' | 's' };
    }
  | { kind: 'daysSince'; name: string }
  | { kind: 'age' }
  | { kind: 'type'; name: string }
  | { kind: 'other'; name: string };

export function featureParts(key: string): FeatureParts {
  const w = /^(.*)_(mean|std|count)_(\d+)(m|s)?$/.exec(key);
  if (w) {
    const unit = w[4] === 'm' ? 'min' : w[4] === 's' ? 's' : 'h';
    return {
      kind: w[2] as 'mean' | 'std' | 'count',
      name: w[1],
      window: { n: Number(w[3]), unit },
    };
  }
  const d = /^(.*)_days_since_replace$/.exec(key);
  if (d) return { kind: 'daysSince', name: d[1] };
  const m = /^model_(.*)$/.exec(key);
  if (m) return { kind: 'type', name: m[1] };
  if (key === 'age') return { kind: 'age' };
  return { kind: 'other', name: key };
}

/** What is usual for a feature, from the model's training rows, rounded as shown. */
export interface ReasonUsual {
  /** 'type': the machines of this machine's type (model); 'fleet': all machines. */
  scope: 'type' | 'fleet';
  /** The machine type when scope is 'type'. */
  type?: string;
  /** Mean (window features) or median (counts, days, age). */
  center: number;
  /** Standard deviation for window features; null for medians. */
  spread: number | null;
}

/** One reason a risk is high: a feature that pushed the component's risk up. */
export interface Reason {
  /** Feature key (docs/FEATURES.md). */
  feature: string;
  /** How much this feature raised the risk (probability, path attribution). */
  contribution: number;
  /**
   * The machine's value at the observation, rounded as shown; null when the run kept
   * none (runs scored before values were kept) or the reading was missing.
   */
  value: number | null;
  /** Null for models trained before usual values were kept: the value is shown alone. */
  usual: ReasonUsual | null;
  /** The value against what is usual; null when there is nothing to compare with. */
  direction: 'high' | 'low' | 'usual' | null;
  /** Decimals the value and the usual figures are shown with. */
  digits: number;
}

const numFs = new Map<number, Intl.NumberFormat>();
/** Numbers as the app's English shows them (renderer/i18n num: en-GB, up to `d` decimals). */
function numEn(n: number, d: number): string {
  let f = numFs.get(d);
  if (!f) numFs.set(d, (f = new Intl.NumberFormat('en-GB', { maximumFractionDigits: d })));
  return f.format(n);
}

function windowEn(w: { n: number; unit: 'h' | 'min' | 's' }): string {
  return `${w.n} ${w.unit}`;
}

/** English label of a feature key: `vibration_mean_24` -> "vibration mean over 24 h". */
export function featureLabelEn(key: string): string {
  const p = featureParts(key);
  switch (p.kind) {
    case 'mean':
      return `${p.name} mean over ${windowEn(p.window)}`;
    case 'std':
      return `${p.name} spread over ${windowEn(p.window)}`;
    case 'count':
      return `${p.name} alerts in ${windowEn(p.window)}`;
    case 'daysSince':
      return `days since ${p.name} replaced`;
    case 'age':
      return 'machine age';
    case 'type':
      return `machine type ${p.name}`;
    default:
      return p.name;
  }
}

const DIR_EN = { high: 'high', low: 'low', usual: 'normal' } as const;

/** One reason in English words, with the value and what is usual. */
export function reasonTextEn(r: Reason): string {
  const label = featureLabelEn(r.feature);
  if (r.value === null) return label;
  const p = featureParts(r.feature);
  const v = numEn(r.value, r.digits);
  const c = r.usual ? numEn(r.usual.center, r.digits) : '';
  switch (p.kind) {
    case 'mean':
    case 'std': {
      if (!r.usual || r.usual.spread === null || r.direction === null) return `${label} ${v}`;
      const s = numEn(r.usual.spread, r.digits);
      const usual =
        r.usual.scope === 'type'
          ? `usual for ${r.usual.type ?? ''}: ${c} ± ${s}`
          : `fleet usual ${c} ± ${s}`;
      return `${label} ${v}, ${DIR_EN[r.direction]} (${usual})`;
    }
    case 'count':
      if (r.value === 0)
        return r.usual
          ? `no ${p.name} alerts in ${windowEn(p.window)} (usually ${c})`
          : `no ${p.name} alerts in ${windowEn(p.window)}`;
      return r.usual
        ? `${v} ${p.name} alerts in ${windowEn(p.window)} (usually ${c})`
        : `${v} ${p.name} alerts in ${windowEn(p.window)}`;
    case 'daysSince':
      if (r.value < 0) return `no replacement of ${p.name} on record`;
      return r.usual
        ? `${p.name} last replaced ${v} days ago (fleet median ${c})`
        : `${p.name} last replaced ${v} days ago`;
    case 'age':
      if (r.value < 0) return 'not in the machine list';
      return r.usual ? `machine age ${v} years (fleet median ${c})` : `machine age ${v} years`;
    case 'type':
      return r.value >= 0.5 ? `machine type ${p.name}` : `not machine type ${p.name}`;
    default:
      return `${label} ${v}`;
  }
}

/** The top reasons of a risk as one line of English ("; " between reasons). */
export function reasonsTextEn(reasons: Reason[], max = 3): string {
  return reasons.slice(0, max).map(reasonTextEn).join('; ');
}
