/** Options shared by the model commands: which model (--model ID or --model-file F). */
import { readFileSync } from 'node:fs';
import { UserError, intOpt } from '../cli-kit';
import type { Store } from '../../workers/store/store';
import {
  activeModelId,
  listModels,
  getModel,
  modelFromFile,
  saveModel,
} from '../../workers/model/model-store';

export const MODEL_OPTIONS = {
  model: { type: 'string' },
  'model-file': { type: 'string' },
} as const;

/**
 * The model id to use: --model ID, or --model-file F (imported into the plant file,
 * reusing an identical model already there), or the active model.
 */
export function resolveModel(
  store: Store,
  values: { model?: string; 'model-file'?: string },
): number {
  if (values.model && values['model-file'])
    throw new UserError('give either --model or --model-file, not both');
  if (values.model) {
    const id = intOpt(values.model, 'model', 1, 2 ** 31)!;
    if (getModel(store, id).removed) throw new UserError(`model #${id} was removed`);
    return id;
  }
  if (values['model-file']) {
    const file = values['model-file'];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UserError(`--model-file ${file}: ${(e as Error).message}`);
    }
    const m = modelFromFile(text, file);
    for (const info of listModels(store)) {
      if (info.created === m.created && info.learner === m.learner && !info.problem) {
        const bytes = getModel(store, info.id).bytes;
        if (bytes.length === m.bytes.length && bytes.every((b, i) => b === m.bytes[i]))
          return info.id;
      }
    }
    return saveModel(store, m, false);
  }
  const id = activeModelId(store);
  if (id === null) throw new UserError('this plant file has no trained model: run pdm train first');
  return id;
}

/**
 * Runs `fn`; messages of workers/ that point at `pdm plant --db FILE` get the real plant
 * file instead, so the command can be copied as it is.
 */
export async function withDbInMessages<T>(db: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RangeError && e.message.includes('--db FILE')) {
      throw new UserError(e.message.split('--db FILE').join(`--db ${shellArg(db)}`));
    }
    throw e;
  }
}

/** A path as a shell argument that can be copied as it is (quoted when it needs to be). */
export function shellArg(path: string): string {
  return /^[\w./:@+-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
