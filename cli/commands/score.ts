import { parse, progressPrinter, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { parseDateArg } from '../../workers/shared/time';
import { scoreRun } from '../../workers/score/score-run';
import { MODEL_OPTIONS, resolveModel, withDbInMessages } from './model-args';
import { nodeForestPool } from '../../workers/forest/node/node-pool';

const help = `pdm score: a scoring run with a stored model; results are kept as history

usage: pdm score --db FILE [--model ID | --model-file F] (--latest | --from D --to D) [--json]

  --latest        score each machine's most recent observation
  --from/--to     score every observation in the range (inclusive), on the
                  model's grid (12 hours unless the plant's step was changed)
  --model ID      a stored model (default: the active model)
  --model-file F  a portable model file (added to the plant file, not activated)

A model trained with another cadence (step, windows, event window, horizon) than
the plant is set to is refused, naming both: train a new model or set the plant
back with pdm plant.

A new run never overwrites an earlier one; repeating an identical request (same
model, same range, no new data imported) returns the earlier run. See the results
with pdm risks and pdm print. Each new run evaluates the plant's work-order rules
(pdm rules) and says how many proposals it made (pdm proposals).
`;

export const command: Command = {
  summary: 'score machines with a model (latest observation or a date range)',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      ...MODEL_OPTIONS,
      latest: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const range = values.from !== undefined || values.to !== undefined;
    if (values.latest === range) throw new UserError('give either --latest or --from D --to D');
    const from = range ? parseDateArg(requireOpt(values.from, 'from'), '--from') : undefined;
    const to = range ? parseDateArg(requireOpt(values.to, 'to'), '--to') : undefined;
    const p = progressPrinter(ctx.stderr);
    const summary = await withPlant(db, { write: true, owner: 'pdm score' }, async (plant) => {
      const modelId = resolveModel(plant.store, values);
      const s = await withDbInMessages(db, () =>
        scoreRun(plant.store, {
          modelId,
          mode: range ? 'range' : 'latest',
          from,
          to,
          signal: ctx.signal,
          pool: nodeForestPool(),
          onProgress: ({ phase, done, total }) => p.update(phase, done, total),
        }),
      );
      p.done();
      return s;
    });
    if (values.json) ctx.stdout(JSON.stringify(summary) + '\n');
    else
      ctx.stdout(
        `${summary.reused ? 'identical to earlier run' : 'run'} #${summary.runId}: ${summary.rows} observations scored ` +
          `with model #${summary.modelId}; highest risk ${(summary.maxRisk * 100).toFixed(1)} %\n` +
          (summary.proposals
            ? `${summary.proposals} new work-order proposal${summary.proposals === 1 ? '' : 's'} (pdm proposals)\n`
            : ''),
      );
    return 0;
  },
};
