import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { intOpt, parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { withDbInMessages } from './model-args';
import {
  activateModel,
  getModel,
  listModels,
  modelFromFile,
  modelProblem,
  modelToFile,
  removeModel,
  saveModel,
} from '../../workers/model/model-store';
import { formatEpoch } from '../../workers/shared/time';
import { describeCadence } from '../../workers/shared/cadence';
import { plantCadence, plantTimeZone } from '../../workers/store/plant-settings';
import { exportOnnx, onnxModelRecord } from '../../workers/export/onnx-model';
import type { ModelInfo } from '../../workers/model/model-store';

const help = `pdm model: list, activate, export, import and remove models

usage:
  pdm model list --db FILE [--json]
  pdm model show --db FILE [--model ID] [--json]
  pdm model activate --db FILE --model ID
  pdm model export --db FILE [--model ID] --out model.json
  pdm model export --db FILE [--model ID] --out model.onnx [--format onnx]
  pdm model import --db FILE --file model.json [--activate]
  pdm model import --db FILE --file model.onnx [--manifest FILE] [--activate]
  pdm model remove --db FILE --id ID

import checks the whole file before storing anything: the checksum, learner, feature
and label names, horizon and cadence, and every tree (node indices, depth, split
features, thresholds, leaf frequencies, sizes). A file that fails is refused (exit 1)
with its first problem, e.g. 'model.json: tree 3 node 17: left child 5 is not after
its parent'; damaged metrics are dropped with a note. Stored models are checked the
same way when used: list marks a damaged one (DAMAGED: why) and scoring with it is
refused, the others work as before.

remove refuses the active model (activate another first; schedules score with the
active model). A model that past scoring runs used keeps its row, marked removed and
without its bytes, so those runs, results and printed lists still name it; it is no
longer listed, activated or used. Other models are deleted.

ONNX: a file ending in .onnx (or --format onnx) is the model as an ONNX
TreeEnsembleClassifier (ai.onnx.ml opset 3: double thresholds, x <= threshold,
missing values (NaN) to the side our trees send them, probabilities as leaf
frequencies averaged over trees; read the 'probabilities' output). Export writes
model.onnx and model.manifest.json beside it (feature order, classes, horizon,
cadence, time zone). Only forest models export. Import reads a TreeEnsembleClassifier
trained elsewhere (e.g. a Spark forest converted to ONNX) with its manifest:
--manifest, else model.manifest.json, else manifest.json (a bundle's) in the same
folder. It is checked as strictly as our own files and refused with the reason when
it cannot be scored exactly as ONNX Runtime scores it (post_transform other than
NONE, base values, EQ/NEQ/MEMBER splits, other operators in the graph, trees with
dangling, shared or cyclic nodes, features or classes out of range, weights that are
not leaf frequencies averaged over trees, classes without 'none').

A model file carries the learner's model with its feature list, labels, training
range, cadence (step, windows, event window, horizon) and evaluation, so a model
trained at one site runs at another (scoring refuses it if that plant's features
or cadence differ, naming them). Files of models from before cadence settings read
as the 12 h step, 12/24/36 h windows and 24 h event window with their horizon.
`;

export const command: Command = {
  summary: 'list, activate, export, import or remove models',
  help,
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    const { values } = parse(rest, {
      db: { type: 'string' },
      model: { type: 'string' },
      id: { type: 'string' },
      out: { type: 'string' },
      file: { type: 'string' },
      activate: { type: 'boolean' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      manifest: { type: 'string' },
    });
    if (values.format !== undefined && values.format !== 'json' && values.format !== 'onnx') {
      throw new UserError(`--format must be json or onnx, got '${values.format}'`);
    }
    const isOnnx = (file: string) => values.format === 'onnx' || /\.onnx$/i.test(file);
    const db = requireOpt(values.db, 'db');
    if (values.id !== undefined && values.model !== undefined)
      throw new UserError('give either --id or --model, not both');
    const id =
      values.id !== undefined
        ? intOpt(values.id, 'id', 1, 2 ** 31)
        : intOpt(values.model, 'model', 1, 2 ** 31);
    switch (sub) {
      case 'list': {
        // each model checked in full (bytes too): a damaged one is marked, not fatal
        const models = await withPlant(db, { write: false }, async (p) =>
          listModels(p.store).map((m) => {
            const problem = modelProblem(getModel(p.store, m.id));
            return problem ? { ...m, problem } : m;
          }),
        );
        if (values.json) ctx.stdout(JSON.stringify(models) + '\n');
        else {
          if (!models.length) ctx.stdout('no models yet: run pdm train\n');
          for (const m of models) {
            const f1 = m.metrics?.test?.macroF1;
            const score = m.metrics?.test
              ? `macro-F1 ${typeof f1 === 'number' ? f1.toFixed(3) : '-'}`
              : 'not evaluated';
            ctx.stdout(
              `${m.active ? '*' : ' '} #${m.id}  ${m.created.slice(0, 16)}  ${m.learner}  trained to ${
                m.trainTo === null ? '?' : formatEpoch(m.trainTo).slice(0, 10)
              }  ${describeCadence(m.cadence)}  ${score}${m.note ? '  ' + m.note : ''}${
                m.problem ? `  DAMAGED: ${m.problem}` : ''
              }\n`,
            );
          }
        }
        return 0;
      }
      case 'show': {
        const { m, plant } = await withPlant(db, { write: false }, async (p) => {
          const mid = id ?? listModels(p.store).find((x) => x.active)?.id;
          if (mid === undefined) throw new UserError('no model to show: give --model ID');
          const record = getModel(p.store, mid);
          const problem = modelProblem(record);
          const { bytes, ...info } = record;
          void bytes;
          return {
            m: (problem ? { ...info, problem } : info) as ModelInfo,
            plant: plantCadence(p.store),
          };
        });
        if (values.json) ctx.stdout(JSON.stringify(m) + '\n');
        else ctx.stdout(showModel(m, describeCadence(plant)));
        return 0;
      }
      case 'activate': {
        if (id === undefined) throw new UserError('missing required option --model');
        const mid = id;
        await withPlant(db, { write: true, owner: 'pdm model' }, async (p) => {
          const problem = modelProblem(getModel(p.store, mid));
          if (problem) throw new UserError(`model #${mid} cannot be activated: ${problem}`);
          activateModel(p.store, mid);
        });
        ctx.stdout(
          values.json ? JSON.stringify({ active: mid }) + '\n' : `model #${mid} is now active\n`,
        );
        return 0;
      }
      case 'export': {
        const out = requireOpt(values.out, 'out');
        const onnxOut = isOnnx(out);
        const manifestOut = onnxOut ? onnxManifestPath(out) : null;
        const written = await withPlant(db, { write: false }, async (p) => {
          const mid = id ?? listModels(p.store).find((m) => m.active)?.id;
          if (mid === undefined) throw new UserError('no model to export: give --model ID');
          const record = getModel(p.store, mid);
          const problem = modelProblem(record);
          if (problem) throw new UserError(`model #${mid} cannot be exported: ${problem}`);
          if (!onnxOut) return { text: modelToFile(record) };
          const r = exportOnnx(record, { timeZone: plantTimeZone(p.store) }, basename(out));
          return {
            onnx: r.onnx,
            text:
              JSON.stringify(
                { format: 'pdm-model-manifest', version: 1, model: r.manifest },
                null,
                2,
              ) + '\n',
          };
        });
        if (written.onnx) {
          writeFileSync(out, written.onnx);
          writeFileSync(manifestOut!, written.text);
        } else writeFileSync(out, written.text);
        ctx.stdout(
          values.json
            ? JSON.stringify(manifestOut ? { out, manifest: manifestOut } : { out }) + '\n'
            : manifestOut
              ? `model written to ${out}, its manifest to ${manifestOut}\n`
              : `model written to ${out}\n`,
        );
        return 0;
      }
      case 'import': {
        const file = requireOpt(values.file, 'file');
        let bytes: Uint8Array;
        try {
          bytes = readFileSync(file);
        } catch (e) {
          throw new UserError(`--file ${file}: ${(e as Error).message}`);
        }
        let m;
        if (isOnnx(file)) {
          const manifestFile = values.manifest ?? findManifest(file);
          let manifest: unknown;
          try {
            manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
          } catch (e) {
            throw new UserError(
              `--manifest ${manifestFile}: ${e instanceof SyntaxError ? 'not JSON' : (e as Error).message}`,
            );
          }
          m = onnxModelRecord(bytes, manifest, file);
        } else m = modelFromFile(new TextDecoder().decode(bytes), file);
        const newId = await withPlant(db, { write: true, owner: 'pdm model' }, async (p) =>
          saveModel(p.store, m, Boolean(values.activate)),
        );
        ctx.stdout(
          values.json
            ? JSON.stringify({ id: newId }) + '\n'
            : `model imported as #${newId}${values.activate ? ' (active)' : ''}\n`,
        );
        return 0;
      }
      case 'remove': {
        if (id === undefined) throw new UserError('missing required option --id');
        const mid = id;
        const r = await withDbInMessages(db, () =>
          withPlant(db, { write: true, owner: 'pdm model' }, async (p) =>
            removeModel(p.store, mid),
          ),
        );
        ctx.stdout(
          values.json
            ? JSON.stringify(r) + '\n'
            : r.deleted
              ? `model #${mid} removed\n`
              : `model #${mid} removed (kept as a record for the ${r.runs} scoring run${
                  r.runs === 1 ? '' : 's'
                } that used it)\n`,
        );
        return 0;
      }
      default:
        throw new UserError(
          `pdm model: unknown subcommand '${sub ?? ''}' (list, show, activate, export, import, remove)`,
        );
    }
  },
};

/** model.onnx -> model.manifest.json beside it. */
function onnxManifestPath(onnxFile: string): string {
  return join(dirname(onnxFile), basename(onnxFile).replace(/\.onnx$/i, '') + '.manifest.json');
}

/** The manifest of an ONNX file to import: NAME.manifest.json, else a bundle's manifest.json. */
function findManifest(onnxFile: string): string {
  const own = onnxManifestPath(onnxFile);
  if (existsSync(own)) return own;
  const bundle = join(dirname(onnxFile), 'manifest.json');
  if (existsSync(bundle)) return bundle;
  throw new UserError(
    `no manifest for ${onnxFile}: give --manifest FILE (neither ${own} nor ${bundle} exists); ` +
      'ONNX holds only feature numbers, the manifest names the features, classes and cadence',
  );
}

/** The model's record in lines, with its cadence against the plant's. */
function showModel(m: ModelInfo, plant: string): string {
  const t = m.metrics?.test;
  const day = (v: number | null) => (v === null ? '-' : formatEpoch(v).slice(0, 16));
  const own = describeCadence(m.cadence);
  const lines = [
    `model #${m.id}${m.active ? ' (active)' : ''}  ${m.learner}  created ${m.created.slice(0, 16)}`,
    `trained from ${day(m.trainFrom)} to ${day(m.trainTo)}`,
    `cadence: ${own}`,
    own === plant
      ? 'the plant is set to the same cadence'
      : `the plant is set to ${plant}: this model cannot score it until retrained`,
    `features: ${m.featureNames.length}; labels: ${m.labelNames.join(', ')}`,
  ];
  const hp = Object.entries(m.hyperparameters ?? {});
  if (hp.length)
    lines.push(`hyperparameters: ${hp.map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
  if (m.metrics?.leftOutSensors?.length) {
    lines.push(
      `left out (no values in the training range): ${m.metrics.leftOutSensors.join(', ')}`,
    );
  }
  lines.push(
    t
      ? `test macro-F1 ${typeof t.macroF1 === 'number' ? t.macroF1.toFixed(3) : '-'}`
      : 'not evaluated',
  );
  if (m.problem) lines.push(`DAMAGED: ${m.problem} (it cannot score; pdm model remove)`);
  if (m.warning) lines.push(`warning: ${m.warning}`);
  if (m.note) lines.push(`note: ${m.note}`);
  return lines.join('\n') + '\n';
}
