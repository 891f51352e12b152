/**
 * Reading the files the user picked for import. The renderer never sends paths: main
 * shows the dialog, reads the chosen files (or the CSV files of the chosen folder and
 * one level of subfolders) and returns names and bytes, within the contract's limits.
 */
import { promises as fsp } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LIMITS, type ImportFile } from './ipc-contract';
import { IpcFailure } from './ipc-handle';

/** The file kinds the import understands (CSV exports, also as .txt). */
export function isImportable(name: string): boolean {
  return /\.(csv|txt|tsv)$/i.test(name) && !name.startsWith('.');
}

export interface ReadLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
}

const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: LIMITS.maxImportFileBytes,
  maxTotalBytes: LIMITS.maxImportTotalBytes,
  maxFiles: LIMITS.maxImportFiles,
};

/** Lists importable files in `dir` and its direct subfolders, sorted by relative name. */
export async function listImportFolder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.isFile() && isImportable(e.name)) out.push(join(dir, e.name));
    else if (e.isDirectory() && !e.name.startsWith('.')) {
      const sub = await fsp.readdir(join(dir, e.name), { withFileTypes: true }).catch(() => []);
      for (const s of sub) {
        if (s.isFile() && isImportable(s.name)) out.push(join(dir, e.name, s.name));
      }
    }
  }
  return out.sort();
}

/** Reads `paths` (sizes checked before reading), naming each relative to `base` if given. */
export async function readImportFiles(
  paths: readonly string[],
  base?: string,
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<ImportFile[]> {
  if (paths.length > limits.maxFiles) {
    throw new IpcFailure(
      'bad-payload',
      `${paths.length} files were chosen; at most ${limits.maxFiles} can be imported at once`,
    );
  }
  let total = 0;
  for (const p of paths) {
    let size: number;
    try {
      size = (await fsp.stat(p)).size;
    } catch (e) {
      throw new IpcFailure('io', `could not read ${p}: ${(e as Error).message}`);
    }
    if (size > limits.maxFileBytes) {
      throw new IpcFailure(
        'bad-payload',
        `${p} is ${size} bytes; the limit for one import file is ${limits.maxFileBytes} bytes`,
      );
    }
    total += size;
  }
  if (total > limits.maxTotalBytes) {
    throw new IpcFailure(
      'bad-payload',
      `the chosen files total ${total} bytes; the limit for one import is ${limits.maxTotalBytes} bytes`,
    );
  }
  const files: ImportFile[] = [];
  for (const p of paths) {
    try {
      const bytes = new Uint8Array(await fsp.readFile(p));
      const name = base ? relative(base, p).split('\\').join('/') : basename(p);
      files.push({ name, bytes });
    } catch (e) {
      throw new IpcFailure('io', `could not read ${p}: ${(e as Error).message}`);
    }
  }
  return files;
}
