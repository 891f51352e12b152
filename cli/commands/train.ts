import { writeFileSync } from 'node:fs';
import {
  intOpt,
  numOpt,
  parse,
  progressPrinter,
  requireOpt,
  UserError,
  type Command,
} from '../cli-kit';
import { withPlant } from '../plant';
import { parseDateArg, formatEpoch } from '../../workers/shared/time';
import {
  ACTIVATE_POLICIES,
  trainUnderPolicy,
  type ActivatePolicy,
  type ActivationDecision,
} from '../../workers/model/compare-models';
import { getModel, modelToFile } from '../../workers/model/model-store';
import { plantCadence } from '../../workers/store/plant-settings';
import { describeCadence, formatDuration } from '../../workers/shared/cadence';
import { shellArg, withDbInMessages } from './model-args';
import { formatBandEvaluation, formatEvaluation, formatPlanner } from './format-eval';
import { nodeForestPool } from '../../workers/forest/node/node-pool';
import {
  CLASS_WEIGHTS,
  DEFAULT_FOREST_PARAMS,
  type ForestParams,
} from '../../workers/forest/params';

/** Help states the defaults the forest really uses (workers/forest/params.ts). */
const D = DEFAULT_FOREST_PARAMS;

const help = `pdm train: train a failure model on the plant's data, store it, activate it if better

usage: pdm train --db FILE [options]

  --db FILE            the plant database
  --from D             first observation used (default: start of the data)
  --train-to D         train on T <= D - horizon, evaluate on T > D
                       (default: three quarters through the data)
  --horizon-days N     only checked: the horizon is a plant setting
                       (pdm plant --db FILE --horizon 7d); a different value is refused
  --learner L          forest (default) or ml-random-forest (small data only);
                       --engine L is its deprecated old name (still accepted)
  --trees N            number of trees (default ${D.nTrees})
  --max-depth N        maximum tree depth (default ${D.maxDepth})
  --bins N             histogram bins per feature (default ${D.maxBins}, forest only)
  --min-samples-leaf N smallest leaf (default ${D.minSamplesLeaf})
  --class-weight W     ${CLASS_WEIGHTS.join(', ')} (default ${D.classWeight}, forest only):
                       how much a row of a rare failure class weighs in the splits
                       and leaf frequencies. balanced: each class the same in total
                       (as scikit-learn's class_weight); balanced_subsample: the same
                       per tree draw. On the sample and simulated plants 'none' ranks
                       failures best (README, How class imbalance is handled)
  --seed S             random seed, 0..4294967295 (default ${D.seed}); same seed, same model
  --workers N          training threads (default: CPU count)
  --activate P         if-better (default): when a model is active, evaluate both on
                       the new model's test range and activate the new one only
                       if neither its macro-F1 nor its any-failure recall is lower;
                       otherwise keep the active model and say so.
                       always: activate the new model whatever the comparison says
  --note TEXT          a note stored with the model
  --out FILE           also write the model to a portable model file (.json)
  --json               print the result as JSON

Any-failure recall pools the components: of the observations with a failure of any
component coming, the share the model flags with some failure. A model that is not
activated stays stored (pdm model list); pdm model activate makes it active. A new
model without observations after --train-to cannot show it is as good: under
if-better it is not activated. An active model that cannot score this plant any more
(another cadence, other features, damaged) is replaced.

After the classification metrics (at the forest's most likely class, uncalibrated)
it prints the planner's view of the test range per component: precision and recall
at the plant's inspection budget (pdm plant --budget), average precision, lead time
from the first alarm to the failure; and the reliability table. The forest learner
also fits calibrations (isotonic: on out-of-bag probabilities of the training rows,
and on the test range, judged across halves of its machines); the better one is kept,
and every risk of the model goes through it, only when it brings risks closer to how
often components failed than the forest's own (the reliability table says which).

The model uses and records the plant's cadence (step, windows, event window,
horizon; see pdm plant). Sensors with no value in the training range are left out
of the features and listed. When the data is too thin to train, the message gives
the observations, failures and labels in the training range and what to change.

With the model, a time-to-failure band model is trained (half the trees, leaves of
at least 10 rows, on T <= train-to - 14 days) so the ranking can say "likely within
3 days"; its test figures (average precision per band, recall at 50 %) are printed
after the model's. It adds about half to the training time (docs/BANDS.md).

Dates: YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (plant local time).
Ctrl-C cancels; nothing is stored.
`;

export const command: Command = {
  summary: 'train a random-forest failure model, evaluate it, store it',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      from: { type: 'string' },
      'train-to': { type: 'string' },
      'horizon-days': { type: 'string' },
      activate: { type: 'string' },
      learner: { type: 'string' },
      engine: { type: 'string' },
      trees: { type: 'string' },
      'max-depth': { type: 'string' },
      bins: { type: 'string' },
      'min-samples-leaf': { type: 'string' },
      'class-weight': { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      note: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    if (values.learner !== undefined && values.engine !== undefined)
      throw new UserError('give --learner only (--engine is its old name)');
    // "Engine" now means the app's worker; the option keeps working for old scripts.
    if (values.engine !== undefined)
      ctx.stderr('pdm train: --engine is deprecated, use --learner (same values)\n');
    const learnerOpt = values.engine !== undefined ? '--engine' : '--learner';
    const learner = values.learner ?? values.engine ?? 'forest';
    if (learner !== 'forest' && learner !== 'ml-random-forest') {
      throw new UserError(`${learnerOpt} must be forest or ml-random-forest, got '${learner}'`);
    }
    const policy = values.activate ?? 'if-better';
    if (!(ACTIVATE_POLICIES as readonly string[]).includes(policy)) {
      throw new UserError(`--activate must be always or if-better, got '${policy}'`);
    }
    const params: Record<string, number | string> = {};
    const put = (k: string, v: number | string | undefined) => {
      if (v !== undefined) params[k] = v;
    };
    put('nTrees', intOpt(values.trees, 'trees', 1, 10000));
    put('maxDepth', intOpt(values['max-depth'], 'max-depth', 1, 64));
    put('maxBins', intOpt(values.bins, 'bins', 2, 255));
    put('minSamplesLeaf', intOpt(values['min-samples-leaf'], 'min-samples-leaf', 1, 1_000_000));
    put('seed', intOpt(values.seed, 'seed', 0, 0xffffffff));
    const cw = values['class-weight'];
    if (cw !== undefined) {
      if (!(CLASS_WEIGHTS as readonly string[]).includes(cw))
        throw new UserError(`--class-weight must be ${CLASS_WEIGHTS.join(', ')}, got '${cw}'`);
      if (cw !== 'none' && learner !== 'forest')
        throw new UserError(`--class-weight ${cw} needs --learner forest`);
      put('classWeight', cw as ForestParams['classWeight']);
    }
    const p = progressPrinter(ctx.stderr);
    const horizonDays = numOpt(values['horizon-days'], 'horizon-days', 0, 366);
    const result = await withPlant(db, { write: true, owner: 'pdm train' }, async (plant) => {
      const cadence = plantCadence(plant.store);
      if (horizonDays !== undefined && Math.round(horizonDays * 86400) !== cadence.horizonSeconds) {
        const want = Math.round(horizonDays * 86400);
        throw new UserError(
          `--horizon-days ${values['horizon-days']}: the label horizon is a plant setting, and this ` +
            `plant's is ${formatDuration(cadence.horizonSeconds)}. Set it with ` +
            `pdm plant --db ${db} --horizon ${want > 0 ? formatDuration(want) : '7d'} ` +
            '(models on the old setting then stop scoring until retrained), or leave out --horizon-days',
        );
      }
      const r = await withDbInMessages(db, () =>
        trainUnderPolicy(
          plant.store,
          {
            from: values.from ? parseDateArg(values.from, '--from') : undefined,
            trainTo: values['train-to']
              ? parseDateArg(values['train-to'], '--train-to')
              : undefined,
            learner,
            params,
            note: values.note,
            pool: nodeForestPool(intOpt(values.workers, 'workers', 1, 64)),
            signal: ctx.signal,
            onProgress: ({ phase, done, total }) => p.update(phase, done, total),
          },
          policy as ActivatePolicy,
        ),
      );
      p.done();
      if (values.out) writeFileSync(values.out, modelToFile(getModel(plant.store, r.modelId)));
      return r;
    });
    if (values.json) {
      ctx.stdout(JSON.stringify(result) + '\n');
    } else {
      ctx.stdout(
        `model #${result.modelId} (${result.learner}) trained on ${result.trainRows} observations up to ` +
          `${formatEpoch(result.trainTo)} in ${result.metrics.trainSeconds.toFixed(1)} s\n` +
          `cadence: ${describeCadence(result.cadence)}\n` +
          (result.leftOutSensors.length
            ? `left out (no values in the training range): ${result.leftOutSensors.join(', ')}\n`
            : ''),
      );
      if (result.metrics.test) ctx.stdout(formatEvaluation(result.metrics.test) + '\n');
      if (result.metrics.planner) ctx.stdout('\n' + formatPlanner(result.metrics.planner) + '\n');
      else ctx.stdout('no observations after --train-to: nothing to evaluate on\n');
      ctx.stdout(formatBandEvaluation(result.bands) + '\n');
      ctx.stdout(describeActivation(result.modelId, result.activation, db) + '\n');
      if (values.out) ctx.stdout(`model written to ${values.out}\n`);
    }
    return 0;
  },
};

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** What became of the new model, in words, with both figures when they were compared. */
function describeActivation(newId: number, a: ActivationDecision, db: string): string {
  const c = a.comparison;
  const activateCmd = `pdm model activate --db ${shellArg(db)} --model ${newId}`;
  const figures =
    c.kind === 'compared'
      ? `on the same test range (${formatEpoch(c.from).slice(0, 10)} to ${formatEpoch(c.to).slice(0, 10)}, ` +
        `${c.newModel.rows} observations): macro-F1 ${f3(c.newModel.macroF1)} (new) vs ` +
        `${f3(c.active.macroF1)} (#${c.active.modelId}), any-failure recall ` +
        `${pct(c.newModel.anyFailureRecall)} vs ${pct(c.active.anyFailureRecall)}`
      : '';
  switch (c.kind) {
    case 'no-active':
      return `model #${newId} is now active`;
    case 'active-unusable':
      return (
        `model #${newId} is now active: the active model #${c.activeId} cannot score this plant ` +
        `(${c.message})`
      );
    case 'no-test-range':
      return a.activated
        ? `model #${newId} is now active (--activate always; it has no test range to compare on)`
        : `model #${newId} is stored but NOT active: it has no observations after --train-to, ` +
            `so nothing shows it is as good as the active model #${c.activeId}, which stays ` +
            `active. Activate it with ${activateCmd}`;
    case 'compared': {
      const lower =
        c.worseOn.map((w) => (w === 'macroF1' ? 'macro-F1' : 'any-failure recall')).join(' and ') +
        (c.worseOn.length > 1 ? ' are' : ' is');
      if (c.worseOn.length === 0)
        return `model #${newId} is now active; it scores no worse than #${c.active.modelId} ${figures}`;
      if (a.activated)
        return `model #${newId} is now active (--activate always), though its ${lower} lower than #${c.active.modelId}'s ${figures}`;
      return (
        `model #${newId} is stored but NOT active: its ${lower} lower than the active ` +
        `model #${c.active.modelId}'s ${figures}. Model #${c.active.modelId} stays active; ` +
        `to use the new one anyway: ${activateCmd}`
      );
    }
  }
}
