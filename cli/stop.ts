/**
 * Stop means stop: how a `pdm` command ends when it is told to.
 *
 * - SIGINT, SIGTERM, SIGHUP (sent to the command, or to the bin/pdm.js launcher which
 *   passes them on): the command's AbortSignal is aborted; long work stops and
 *   stores nothing partial, and the lock is released as the command unwinds. The
 *   same signal arriving twice within a moment (a terminal's Ctrl-C reaches both the
 *   launcher's and the command's process group) counts once; a second one later
 *   quits at once.
 * - The launcher dies (even by SIGKILL): the IPC channel it opened closes, and the
 *   command exits at once without saving, removing its lock and temp files.
 */
import { releaseHeldLocksSync } from '../workers/store/lock-node';
import { removeActiveTempsSync } from '../workers/store/plant-file-node';
import { UserError } from './cli-kit';

/** Exit status after a cancel by a signal or by the launcher's end (128 + SIGINT). */
export const EXIT_CANCELLED = 130;

/** The same signal again within this many ms is the same request, not a second one. */
const SAME_SIGNAL_MS = 500;

/** Ends the process now, leaving no lock and no temp file of ours behind; saves nothing. */
export function exitNow(code: number): never {
  removeActiveTempsSync();
  releaseHeldLocksSync();
  process.exit(code);
}

export interface StopOptions {
  stderr?: (s: string) => void;
  /** Ends the process; default exitNow. */
  exit?: (code: number) => void;
  now?: () => number;
}

/**
 * Returns a signal aborted (with a UserError 'cancelled by the user') on SIGINT,
 * SIGTERM or SIGHUP. `on` registers the handler; default process.on.
 */
export function cancelOnSignals(
  opts: StopOptions = {},
  on: (sig: NodeJS.Signals, fn: () => void) => void = (sig, fn) => process.on(sig, fn),
): AbortSignal {
  const ac = new AbortController();
  const stderr = opts.stderr ?? ((s: string) => void process.stderr.write(s));
  const exit = opts.exit ?? exitNow;
  const now = opts.now ?? Date.now;
  let first: { sig: string; at: number } | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (first) {
      if (first.sig === sig && now() - first.at < SAME_SIGNAL_MS) return;
      exit(EXIT_CANCELLED);
      return;
    }
    first = { sig, at: now() };
    stderr(`\npdm: ${sig}: cancelling (press again to quit at once)\n`);
    ac.abort(new UserError('cancelled by the user'));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) on(sig, () => onSignal(sig));
  return ac.signal;
}

/**
 * When started by the bin/pdm.js launcher (an IPC channel to it exists), exits at once
 * without saving when the launcher goes away. The channel does not keep the process
 * alive. Returns false when there is no launcher channel to watch.
 */
export function exitWhenLauncherDies(opts: StopOptions = {}): boolean {
  const channel = process.channel;
  if (!channel) return false;
  const stderr = opts.stderr ?? ((s: string) => void process.stderr.write(s));
  const exit = opts.exit ?? exitNow;
  process.once('disconnect', () => {
    stderr('\npdm: the pdm launcher ended: stopping without saving\n');
    exit(EXIT_CANCELLED);
  });
  channel.unref();
  return true;
}
