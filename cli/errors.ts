/**
 * Errors are the user's or ours: which failures of a command are the user's input,
 * files or disk (exit 1, a plain message) and which are bugs (exit 2, with a stack).
 */
import { errnoText } from '../workers/store/plant-file-node';
import { UserError } from './cli-kit';

/** Errors, by name, that describe the user's files or data, never a bug. */
const USER_ERROR_NAMES = new Set([
  'UserError',
  'StoreOpenError', // the plant file is missing, not a plant file, or damaged
  'SaveError', // the disk or folder refused a save (full, read-only, missing folder)
  'FeatureMismatchError', // a model and data whose feature columns differ
  'LockedError',
]);

/** errno codes of a file call that mean the disk, folder or path given is at fault. */
const FILE_CODES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EROFS',
  'EACCES',
  'EPERM',
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'ELOOP',
  'ENAMETOOLONG',
]);

/**
 * The message to show for an error caused by the user's input, files or disk, or null
 * for an internal error (a bug: shown with its stack, exit 2).
 */
export function userMessage(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  if (e instanceof UserError || USER_ERROR_NAMES.has(e.name) || e instanceof RangeError) {
    return e.message;
  }
  // A file call on a path the user named (node:fs errors carry syscall and path).
  const x = e as NodeJS.ErrnoException;
  if (x.code && FILE_CODES.has(x.code) && x.syscall) {
    const where = x.path ? `${x.path}: ` : '';
    return `${where}${errnoText(x.code)} (while trying to ${x.syscall})`;
  }
  return null;
}
