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
import { trainModel } from '../../workers/model/train-model';
import { getModel, modelToFile } from '../../workers/model/model-store';
import { plantCadence } from '../../workers/store/plant-settings';
import { describeCadence, formatDuration } from '../../workers/shared/cadence';
import { withDbInMessages } from './model-args';
import { formatEvaluation } from './format-eval';
import { nodeForestPool } from '../../workers/forest/node/node-pool';
import { DEFAULT_FOREST_PARAMS } from '../../workers/forest/params';

/** Help states the defaults the forest really uses (workers/forest/params.ts). */
const D = DEFAULT_FOREST_PARAMS;

const help = `pdm train: train a failure model on the plant's data and store it (active)

usage: pdm train --db FILE [options]

  --db FILE            the plant database
  --from D             first observation used (default: start of the data)
  --train-to D         train on T <= D - horizon, evaluate on T > D
                       (default: three quarters through the data)
  --horizon-days N     only checked: the horizon is a plant setting
                       (pdm plant --db FILE --horizon 7d); a different value is refused
  --learner L          forest (default) or ml-random-forest (small data only);
                       --engine L is an old name for it, still accepted
  --trees N            number of trees (default ${D.nTrees})
  --max-depth N        maximum tree depth (default ${D.maxDepth})
  --bins N             histogram bins per feature (default ${D.maxBins}, forest only)
  --min-samples-leaf N smallest leaf (default ${D.minSamplesLeaf})
  --seed S             random seed, 0..4294967295 (default ${D.seed}); same seed, same model
  --workers N          training threads (default: CPU count)
  --note TEXT          a note stored with the model
  --out FILE           also write the model to a portable model file (.json)
  --json               print the result as JSON

The model uses and records the plant's cadence (step, windows, event window,
horizon; see pdm plant). Sensors with no value in the training range are left out
of the features and listed. When the data is too thin to train, the message gives
the observations, failures and labels in the training range and what to change.

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
      learner: { type: 'string' },
      engine: { type: 'string' },
      trees: { type: 'string' },
      'max-depth': { type: 'string' },
      bins: { type: 'string' },
      'min-samples-leaf': { type: 'string' },
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
    const params: Record<string, number> = {};
    const put = (k: string, v: number | undefined) => {
      if (v !== undefined) params[k] = v;
    };
    put('nTrees', intOpt(values.trees, 'trees', 1, 10000));
    put('maxDepth', intOpt(values['max-depth'], 'max-depth', 1, 64));
    put('maxBins', intOpt(values.bins, 'bins', 2, 255));
    put('minSamplesLeaf', intOpt(values['min-samples-leaf'], 'min-samples-leaf', 1, 1_000_000));
    put('seed', intOpt(values.seed, 'seed', 0, 0xffffffff));
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
        trainModel(plant.store, {
          from: values.from ? parseDateArg(values.from, '--from') : undefined,
          trainTo: values['train-to'] ? parseDateArg(values['train-to'], '--train-to') : undefined,
          learner,
          params,
          note: values.note,
          pool: nodeForestPool(intOpt(values.workers, 'workers', 1, 64)),
          signal: ctx.signal,
          onProgress: ({ phase, done, total }) => p.update(phase, done, total),
        }),
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
          `${formatEpoch(result.trainTo)} in ${result.metrics.trainSeconds.toFixed(1)} s; now active\n` +
          `cadence: ${describeCadence(result.cadence)}\n` +
          (result.leftOutSensors.length
            ? `left out (no values in the training range): ${result.leftOutSensors.join(', ')}\n`
            : ''),
      );
      if (result.metrics.test) ctx.stdout(formatEvaluation(result.metrics.test) + '\n');
      else ctx.stdout('no observations after --train-to: nothing to evaluate on\n');
      if (values.out) ctx.stdout(`model written to ${values.out}\n`);
    }
    return 0;
  },
};
