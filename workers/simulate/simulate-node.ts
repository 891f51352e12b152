/**
 * Node adapter of the plant simulator: writes the five PdM_*.csv files into a folder
 * through write streams, waiting for 'drain' so memory stays flat for big plants.
 * Files are written under temporary names and renamed when complete, so a cancelled
 * or failed run never leaves a half-written export that looks whole.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import {
  PLANT_FILE_KINDS,
  PLANT_FILE_NAMES,
  simulatePlant,
  type PlantFileKind,
  type SimulateOptions,
  type SimulateSummary,
} from './simulate-plant';

export interface WritePlantResult extends SimulateSummary {
  dir: string;
  /** Full paths of the five files, by kind. */
  files: Record<PlantFileKind, string>;
  /** Bytes written per file. */
  bytes: Record<PlantFileKind, number>;
}

/** Simulates a plant (see simulatePlant for options) and writes its CSV exports into `dir` (created if missing). */
export async function writePlantCsv(
  dir: string,
  opts: SimulateOptions = {},
): Promise<WritePlantResult> {
  mkdirSync(dir, { recursive: true });
  const files = {} as Record<PlantFileKind, string>;
  const bytes = {} as Record<PlantFileKind, number>;
  const streams = {} as Record<PlantFileKind, WriteStream>;
  const errors: Error[] = [];
  for (const k of PLANT_FILE_KINDS) {
    files[k] = join(dir, PLANT_FILE_NAMES[k]);
    bytes[k] = 0;
    streams[k] = createWriteStream(files[k] + '.partial');
    streams[k].on('error', (e) => errors.push(e));
  }
  const closeAll = () =>
    Promise.all(
      PLANT_FILE_KINDS.map(
        (k) =>
          new Promise<void>((resolve) => {
            if (streams[k].closed) resolve();
            else streams[k].end(() => resolve());
          }),
      ),
    );
  try {
    const summary = await simulatePlant(opts, (file, chunk) => {
      if (errors.length) throw errors[0];
      bytes[file] += Buffer.byteLength(chunk);
      if (!streams[file].write(chunk)) {
        return new Promise<void>((resolve, reject) => {
          const s = streams[file];
          const onDrain = () => {
            s.off('error', onError);
            resolve();
          };
          const onError = (e: Error) => {
            s.off('drain', onDrain);
            reject(e);
          };
          s.once('drain', onDrain);
          s.once('error', onError);
        });
      }
      return undefined;
    });
    await closeAll();
    if (errors.length) throw errors[0];
    for (const k of PLANT_FILE_KINDS) renameSync(files[k] + '.partial', files[k]);
    return { ...summary, dir, files, bytes };
  } catch (e) {
    await closeAll();
    for (const k of PLANT_FILE_KINDS) rmSync(files[k] + '.partial', { force: true });
    throw e;
  }
}
