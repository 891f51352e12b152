/**
 * A plant file given on the command line: double-clicking a .pdm file (the
 * electron-builder file association) starts the app, or a second instance, with the
 * path in argv. The path is the user's choice in the OS shell, so main allows it and
 * asks the renderer to open it (MenuCommand 'open-recent').
 */
import { isAbsolute, resolve } from 'node:path';
import { LIMITS, PLANT_FILE_EXTENSION } from './ipc-contract';

const PLANT_EXT = new RegExp(`\\.(${PLANT_FILE_EXTENSION}|sqlite|db)$`, 'i');

/** The last plant-file argument (options and the app path skipped), resolved against cwd. */
export function plantPathFromArgv(argv: readonly string[], cwd: string): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const a = argv[i];
    if (typeof a !== 'string' || a.startsWith('-') || a.length > LIMITS.maxPathLength) continue;
    if (a.includes('\u0000') || !PLANT_EXT.test(a)) continue;
    return isAbsolute(a) ? a : resolve(cwd, a);
  }
  return null;
}
