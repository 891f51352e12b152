/**
 * The one wrapper around `ipcMain.handle` (VS Code's validatedIpcMain, GitHub Desktop's
 * trusted-ipc-sender): every invoke channel is registered here, the sender frame and the
 * payload are validated before the handler runs, and whatever happens the renderer gets
 * an {@link IpcResult} — a handler can never throw out to Electron.
 *
 * `ipcMain` is injected (main.ts passes Electron's), so this file has no runtime import
 * of electron and is unit-tested with a fake.
 */
import type {
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  IpcError,
  IpcErrorCode,
  IpcResult,
} from './ipc-contract';
import {
  validateArgs,
  validateSender,
  type SenderFrameLike,
  type TrustedPage,
  type ValidateContext,
} from './ipc-validate';

/** The part of Electron's IpcMainInvokeEvent the wrapper reads. */
export interface InvokeEventLike {
  senderFrame: SenderFrameLike | null;
}

/** The part of Electron's ipcMain the wrapper uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: any, ...args: any[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Thrown by handlers to return a typed error (e.g. `locked`, `io`) instead of `internal`. */
export class IpcFailure extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcFailure';
  }
}

export type Handler<C extends InvokeChannel, E extends InvokeEventLike = InvokeEventLike> = (
  args: InvokeArgs<C>,
  event: E,
) => Promise<InvokeResult<C>> | InvokeResult<C>;

export type Handlers<E extends InvokeEventLike = InvokeEventLike> = {
  [C in InvokeChannel]: Handler<C, E>;
};

export interface RegisterOptions extends ValidateContext {
  page: TrustedPage;
  /** Where refused calls and handler failures are logged (default: console.warn). */
  log?: (message: string) => void;
}

const MAX_MESSAGE = 2000;

function toError(e: unknown): IpcError {
  if (e instanceof IpcFailure) return { code: e.code, message: clip(e.message) };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: clip(message || 'unknown error') };
}

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? s.slice(0, MAX_MESSAGE) + '…' : s;
}

/**
 * Runs one invoke: sender check, payload check, handler; always resolves to a result.
 * Exported for tests and for the menu (which calls handlers without IPC).
 */
export async function runValidated<C extends InvokeChannel, E extends InvokeEventLike>(
  channel: C,
  handler: Handler<C, E>,
  event: E,
  args: unknown,
  opts: RegisterOptions,
): Promise<IpcResult<InvokeResult<C>>> {
  const log = opts.log ?? ((m: string) => console.warn(m));
  try {
    let frame: SenderFrameLike | null = null;
    try {
      frame = event?.senderFrame ?? null;
    } catch {
      frame = null; // Electron throws when the frame was destroyed
    }
    const sender = validateSender(frame, opts.page);
    if (!sender.ok) {
      log(`[ipc] ${channel}: ${sender.error.message}`);
      return sender;
    }
    const checked = validateArgs(channel, args, opts);
    if (!checked.ok) {
      log(`[ipc] ${channel}: ${checked.error.message}`);
      return checked;
    }
    const value = await handler(checked.value, event);
    return { ok: true, value };
  } catch (e) {
    const error = toError(e);
    if (error.code === 'internal') log(`[ipc] ${channel} failed: ${error.message}`);
    return { ok: false, error };
  }
}

/** Registers every handler through {@link runValidated}; returns a function removing them. */
export function registerHandlers<E extends InvokeEventLike>(
  ipc: IpcMainLike,
  handlers: Handlers<E>,
  opts: RegisterOptions,
): () => void {
  const channels = Object.keys(handlers) as InvokeChannel[];
  for (const channel of channels) {
    const handler = handlers[channel] as Handler<InvokeChannel, E>;
    ipc.handle(channel, (event: E, ...args: unknown[]) =>
      runValidated(channel, handler, event, args, opts),
    );
  }
  return () => {
    for (const channel of channels) ipc.removeHandler(channel);
  };
}
