import { parse, requireOpt, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { parseDateArg } from '../../workers/shared/time';
import { evaluateModel } from '../../workers/model/evaluate-model';
import { formatEvaluation, formatPlanner } from './format-eval';
import { MODEL_OPTIONS, resolveModel, withDbInMessages } from './model-args';

const help = `pdm evaluate: how a model does on a date range with known failures

usage: pdm evaluate --db FILE (--model ID | --model-file F) --from D --to D [--json]

Prints the confusion matrix, per-class precision/recall/F1, macro-F1, accuracy and
the pooled any-failure precision/recall/F1 (all at the forest's most likely class,
uncalibrated), then what a planner uses, per component: precision and recall at the
plant's inspection budget (pdm plant --budget), average precision, the median lead
time from the first alarm (risk at or above the high threshold) to the failure and
the failures never alarmed, on calibrated risks; and the reliability table (predicted
risk in 10 bins against how often the component failed), before and after
calibration. docs/FEATURES.md, Planner metrics, defines each. Without --model/--model-file the active
model is used. A --model-file is added to the plant file's models (not activated).
Features and labels are built with the model's cadence; a model trained with another
cadence than the plant is set to is refused, naming both.
`;

export const command: Command = {
  summary: 'evaluate a model on a date range (confusion matrix, P/R/F1)',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      ...MODEL_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const from = parseDateArg(requireOpt(values.from, 'from'), '--from');
    const to = parseDateArg(requireOpt(values.to, 'to'), '--to');
    const out = await withPlant(
      db,
      { write: Boolean(values['model-file']), owner: 'pdm evaluate' },
      async (plant) => {
        const modelId = resolveModel(plant.store, values);
        const evaluation = await withDbInMessages(db, () =>
          evaluateModel(plant.store, modelId, from, to, ctx.signal),
        );
        return { modelId, evaluation };
      },
    );
    ctx.stdout(
      values.json
        ? JSON.stringify(out) + '\n'
        : `model #${out.modelId}\n${formatEvaluation(out.evaluation)}\n\n` +
            `${formatPlanner(out.evaluation.planner)}\n`,
    );
    return 0;
  },
};
