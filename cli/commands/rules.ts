import { intOpt, parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import {
  DEFAULT_ORDER_RULES,
  ORDER_RULE_LIMITS,
  plantOrderRules,
  resetPlantOrderRules,
  setPlantOrderRules,
  type OrderRules,
} from '../../workers/orders/rules';
import { formatDuration, parseDuration } from '../../workers/shared/cadence';

const help = `pdm rules: the plant's work-order alert rules

usage: pdm rules --db FILE [--high-runs N] [--medium-runs N] [--cooldown LEN] [--reset] [--json]

  --high-runs N    propose a work order when a component's risk is high in N
                   consecutive scoring runs (1: in any run; 0: off; default ${DEFAULT_ORDER_RULES.highRuns})
  --medium-runs N  ... when it is medium or high in N consecutive runs
                   (0: off; default ${DEFAULT_ORDER_RULES.mediumRuns}); N up to ${ORDER_RULE_LIMITS.maxRuns}
  --cooldown LEN   after a proposal for a machine and component was dismissed
                   or done, wait this long before the next (48h, 2d, 0; default
                   ${formatDuration(DEFAULT_ORDER_RULES.cooldownSeconds)}, at most 365d)
  --reset          back to the defaults

Without an option it shows the rules. Every scoring run (pdm score, pdm run-due,
the app) evaluates them in the same save as the run; high and medium are the
plant's risk levels (pdm plant --high-risk/--medium-risk). Runs count as
consecutive in the order of their data (each run's latest observation); a run
that did not score the machine breaks the streak. While a proposal is open or
accepted no other is made for that machine and component. See pdm proposals and
docs/WORK-ORDERS.md.
`;

/** A cooldown length; `0` (with or without a unit) turns it off. */
function cooldownOpt(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (/^\s*0+(\.0*)?\s*[a-zA-Z]*\s*$/.test(v)) return 0;
  try {
    return parseDuration(v, '--cooldown');
  } catch (e) {
    throw new UserError((e as Error).message);
  }
}

export function describeRules(r: OrderRules): string {
  const runs = (n: number, what: string) =>
    n === 0
      ? `${what}: off`
      : n === 1
        ? `${what}: in any run`
        : `${what}: in ${n} consecutive runs`;
  return [
    runs(r.highRuns, 'high risk'),
    runs(r.mediumRuns, 'medium or high risk'),
    `cooldown after a dismissed or done proposal: ${r.cooldownSeconds === 0 ? 'none' : formatDuration(r.cooldownSeconds)}`,
  ].join('\n');
}

export const command: Command = {
  summary: 'show or set the work-order alert rules',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      'high-runs': { type: 'string' },
      'medium-runs': { type: 'string' },
      cooldown: { type: 'string' },
      reset: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const change: Partial<OrderRules> = {};
    const high = intOpt(values['high-runs'], 'high-runs', 0, ORDER_RULE_LIMITS.maxRuns);
    const medium = intOpt(values['medium-runs'], 'medium-runs', 0, ORDER_RULE_LIMITS.maxRuns);
    const cooldown = cooldownOpt(values.cooldown);
    if (high !== undefined) change.highRuns = high;
    if (medium !== undefined) change.mediumRuns = medium;
    if (cooldown !== undefined) change.cooldownSeconds = cooldown;
    const changing = values.reset === true || Object.keys(change).length > 0;
    if (values.reset && Object.keys(change).length)
      throw new UserError('--reset sets the defaults: give it alone');
    const rules = await withPlant(db, { write: changing, owner: 'pdm rules' }, async (plant) =>
      values.reset
        ? resetPlantOrderRules(plant.store)
        : changing
          ? setPlantOrderRules(plant.store, change)
          : plantOrderRules(plant.store),
    );
    ctx.stdout(values.json ? JSON.stringify(rules) + '\n' : describeRules(rules) + '\n');
    return 0;
  },
};
