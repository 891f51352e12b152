/**
 * Opening the plant file for a command: read it, run the command's work, and save
 * atomically only when the work finished (a failure or Ctrl-C stores nothing).
 */
import { PlantFile } from '../workers/store/plant-file-node';

export interface PlantOptions {
  /** The command changes the database: save it when fn resolves. */
  write: boolean;
  /** A missing file becomes a new empty plant database. */
  create?: boolean;
}

export async function withPlant<T>(
  path: string,
  opts: PlantOptions,
  fn: (plant: PlantFile) => Promise<T>,
): Promise<T> {
  const plant = await PlantFile.open(path, { create: opts.create });
  try {
    const result = await fn(plant);
    if (opts.write) await plant.save();
    return result;
  } finally {
    plant.close();
  }
}
