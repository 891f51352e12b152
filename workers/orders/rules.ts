/**
 * Work-order alert rules of a plant (meta key `order_rules`): when a scoring run turns
 * a risk into a work-order proposal. A rule fires when a machine's component is at a
 * level (high, or medium and above) in that many consecutive scoring runs; after a
 * proposal for a machine and component, no other is made while it is open or accepted,
 * nor for the cooldown after it was dismissed or done (workers/orders/proposals.ts).
 */
import type { Store } from '../store/store';
import { FieldError } from '../shared/field-error';
import { DAY } from '../shared/time';

export interface OrderRules {
  /** Propose when the risk is high in this many consecutive runs (1: in any run); 0: off. */
  highRuns: number;
  /** Propose when the risk is medium or high in this many consecutive runs; 0: off. */
  mediumRuns: number;
  /** Seconds after a proposal was dismissed or done before the same machine and component get another. */
  cooldownSeconds: number;
}

export type OrderRulesField = 'highRuns' | 'mediumRuns' | 'cooldown';

/** The cloud CMMS habit the rules copy: high in any run, medium three in a row, then 2 days' rest. */
export const DEFAULT_ORDER_RULES: Readonly<OrderRules> = Object.freeze({
  highRuns: 1,
  mediumRuns: 3,
  cooldownSeconds: 2 * DAY,
});

export const ORDER_RULE_LIMITS = { maxRuns: 100, maxCooldownSeconds: 365 * DAY } as const;

const META_KEY = 'order_rules';

/** Why rules are not valid (a FieldError on one field); null when they are. */
export function orderRulesProblem(r: OrderRules): FieldError<OrderRulesField> | null {
  const runs = (field: 'highRuns' | 'mediumRuns', what: string, v: unknown) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= ORDER_RULE_LIMITS.maxRuns
      ? null
      : new FieldError<OrderRulesField>(
          field,
          'runs-range',
          `${what} must be a whole number of runs from 0 (off) to ${ORDER_RULE_LIMITS.maxRuns}, got ${String(v)}`,
          { min: 0, max: ORDER_RULE_LIMITS.maxRuns },
        );
  const bad =
    runs('highRuns', 'the high-risk rule', r.highRuns) ??
    runs('mediumRuns', 'the medium-risk rule', r.mediumRuns);
  if (bad) return bad;
  const c = r.cooldownSeconds;
  if (
    typeof c !== 'number' ||
    !Number.isInteger(c) ||
    c < 0 ||
    c > ORDER_RULE_LIMITS.maxCooldownSeconds
  ) {
    return new FieldError<OrderRulesField>(
      'cooldown',
      'cooldown-range',
      `the cooldown must be from 0 to 365 days, got ${String(c)} seconds`,
      { min: '0', max: '365d' },
    );
  }
  return null;
}

/** The plant's rules (the defaults when never set or unreadable). */
export function plantOrderRules(store: Store): OrderRules {
  const v = store.getMeta(META_KEY);
  if (v) {
    try {
      const j = JSON.parse(v) as Partial<OrderRules>;
      const read: OrderRules = {
        highRuns: Number(j.highRuns),
        mediumRuns: Number(j.mediumRuns),
        cooldownSeconds: Number(j.cooldownSeconds),
      };
      if (!orderRulesProblem(read)) return read;
    } catch {
      /* a damaged value reads as the defaults */
    }
  }
  return { ...DEFAULT_ORDER_RULES };
}

/** Changes the given rules (the others stay); throws a FieldError and stores nothing when invalid. */
export function setPlantOrderRules(store: Store, change: Partial<OrderRules>): OrderRules {
  const next: OrderRules = { ...plantOrderRules(store), ...change };
  const bad = orderRulesProblem(next);
  if (bad) throw bad;
  store.setMeta(META_KEY, JSON.stringify(next));
  return next;
}

/** Back to the defaults. */
export function resetPlantOrderRules(store: Store): OrderRules {
  store.setMeta(META_KEY, JSON.stringify(DEFAULT_ORDER_RULES));
  return { ...DEFAULT_ORDER_RULES };
}
