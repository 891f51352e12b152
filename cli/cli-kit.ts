/**
 * Shared pieces of the `pdm` commands: argument parsing (node:util parseArgs),
 * exit codes, progress on stderr, cancellation on Ctrl-C, and opening/saving the
 * plant file through the atomic Node file adapter.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes: 0 ok, 1 bad input (the message says what and where), 2 internal error. */
export const EXIT_BAD_INPUT = 1;
export const EXIT_INTERNAL = 2;
/** Stored, but some rows or columns of the input were not (each one listed). */
export const EXIT_INCOMPLETE = 3;

/** An error caused by the user's input or files; printed without a stack, exit 1. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export interface CommandContext {
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: long work stops and stores nothing partial. */
  signal: AbortSignal;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface Command {
  /** One line for `pdm --help`. */
  summary: string;
  /** Full `pdm <cmd> --help` text. */
  help: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv strictly; unknown options become a UserError naming the option. */
export function parse<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UserError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export function requireOpt<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw new UserError(`missing required option --${name}`);
  return value;
}

export function intOpt(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UserError(`--${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  }
  return n;
}

export function numOpt(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UserError(`--${name} must be a number from ${min} to ${max}, got '${value}'`);
  }
  return n;
}

/**
 * A risk given as a percentage (`50%`) or a probability (`0.5`), as a probability; a
 * UserError naming the option otherwise. A bare number above 1 is refused rather than
 * guessed (`50` could mean 50 % or a typo for 0.50).
 */
export function riskOpt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(v);
  const n = pct ? Number(pct[1]) / 100 : /^\d*\.?\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= 0 && n <= 1)) {
    throw new UserError(
      `${option} must be a percentage such as 50% or a probability from 0 to 1, got '${value}'`,
    );
  }
  return n;
}

/**
 * Progress on stderr: rewrites one line on a terminal, prints at most every few
 * percent otherwise (so logs stay readable).
 */
export function progressPrinter(
  stderr: (s: string) => void,
  isTTY = Boolean(process.stderr.isTTY),
) {
  let lastPct = -1;
  let lastLen = 0;
  return {
    update(label: string, done: number, total: number) {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
      if (isTTY) {
        const line = `${label} ${pct}% (${done}/${total})`;
        stderr('\r' + line.padEnd(lastLen));
        lastLen = line.length;
      } else if (pct >= lastPct + 10 || (done === total && pct !== lastPct)) {
        stderr(`${label} ${pct}%\n`);
        lastPct = pct;
      }
    },
    done(message?: string) {
      if (isTTY && lastLen) stderr('\r' + ''.padEnd(lastLen) + '\r');
      lastLen = 0;
      lastPct = -1;
      if (message) stderr(message + '\n');
    },
  };
}
