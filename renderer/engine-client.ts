/**
 * The renderer's typed client for the engine worker. Created lazily on first use;
 * when the worker dies (an uncaught error, out of memory) the next call starts a new
 * one and re-runs init, so the saved plant is reopened. Buffers are transferred, not
 * copied; progress callbacks cross as Comlink proxies.
 */
import * as Comlink from 'comlink';
import type { EngineApi } from '../workers/app/engine-api';
import type { Progress } from '../workers/app/api-types';
import { tabPlantChoice } from './plant-tabs';

export type Engine = Comlink.Remote<EngineApi>;

let worker: Worker | null = null;
let remote: Engine | null = null;
let persistMode: 'opfs' | 'none' = 'opfs';
let initPromise: Promise<unknown> | null = null;
const failureListeners = new Set<(message: string) => void>();
/**
 * The words for the engine's named refusals (a change in a read-only tab, a stored plant
 * that is gone), set by the app in the user's language; comlink keeps an Error's name.
 */
let namedErrorText: Record<string, string> = {};

function start(): Engine {
  worker = new Worker(new URL('../workers/app/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'engine',
  });
  worker.addEventListener('error', (e) => {
    const msg = e.message || 'the engine worker stopped';
    reset();
    for (const l of failureListeners) l(msg);
  });
  remote = Comlink.wrap<EngineApi>(worker);
  initPromise = null;
  return remote;
}

function reset(): void {
  worker?.terminate();
  worker = null;
  remote?.[Comlink.releaseProxy]();
  remote = null;
  initPromise = null;
}

/** Where the worker saves the plant: 'opfs' (browser) or 'none' (the desktop shell saves). */
export function setPersistMode(mode: 'opfs' | 'none'): void {
  persistMode = mode;
}

/** The engine, started (and initialised) if needed. */
export async function engine(): Promise<Engine> {
  const r = remote ?? start();
  // The browser build reopens this tab's plant, read-only until the tab holds it.
  if (!initPromise)
    initPromise = r.init(persistMode, persistMode === 'opfs' ? tabPlantChoice() : {});
  await initPromise;
  return r;
}

/** Calls fn on the engine; if the worker died underneath, starts a new one and retries once. */
export async function call<T>(fn: (e: Engine) => Promise<T>): Promise<T> {
  const e = await engine();
  try {
    return await fn(e);
  } catch (err) {
    if (worker === null) return fn(await engine());
    const text =
      err instanceof Error ? (namedErrorText[err.name] ?? saidErrorText?.(err)) : undefined;
    if (text) throw Object.assign(new Error(text), { name: (err as Error).name });
    throw err;
  }
}

/** Sets the words of the engine's named refusals, by Error name (every screen shows them). */
export function setNamedErrorText(text: Record<string, string>): void {
  namedErrorText = text;
}

/** Words an engine error that carries a code (no plant open, no model, ...), or undefined. */
let saidErrorText: ((e: Error) => string | undefined) | null = null;

/** Sets how coded engine errors are worded (the app sets it in the user's language). */
export function setSaidErrorText(fn: (e: Error) => string | undefined): void {
  saidErrorText = fn;
}

/** Calls listener when the worker dies; the app state shows it. Returns the unsubscribe. */
export function onEngineFailure(listener: (message: string) => void): () => void {
  failureListeners.add(listener);
  return () => {
    failureListeners.delete(listener);
  };
}

/** A progress callback the worker can call (wrapped as a Comlink proxy). */
export function progressProxy(fn: (p: Progress) => void): (p: Progress) => void {
  return Comlink.proxy(fn);
}

/** Marks bytes to be moved to the worker instead of copied. */
export function transferBytes(bytes: Uint8Array): Uint8Array {
  return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
}

/** Stops the running long task. */
export async function cancelJob(): Promise<void> {
  if (remote) await remote.cancel();
}
