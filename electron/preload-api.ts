/**
 * Builds the `window.pdm` object from an ipcRenderer-like transport. Why a separate
 * pure file: the preload stays a two-line contextBridge call, and tests check that every
 * API method uses its contract channel and that listeners can be removed, with a fake.
 */
import {
  API_CHANNELS,
  EVENTS,
  type EventChannel,
  type EventMap,
  type PdmApi,
  type Unsubscribe,
} from './ipc-contract';

/** The part of Electron's ipcRenderer the API uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildPdmApi(ipc: IpcRendererLike): PdmApi {
  const invoke =
    (channel: string) =>
    (...args: unknown[]): Promise<any> =>
      ipc.invoke(channel, ...args);
  const on = <K extends EventChannel>(
    channel: K,
    callback: (payload: EventMap[K]) => void,
  ): Unsubscribe => {
    if (typeof callback !== 'function') throw new TypeError('callback must be a function');
    // The IPC event (with its sender) is never handed to the page.
    const listener = (_event: unknown, payload: unknown) => callback(payload as EventMap[K]);
    ipc.on(channel, listener);
    return () => {
      ipc.removeListener(channel, listener);
    };
  };
  const methods = Object.fromEntries(
    Object.entries(API_CHANNELS).map(([name, channel]) => [name, invoke(channel)]),
  ) as Omit<PdmApi, 'onDueRuns' | 'onMenuCommand'>;
  return Object.freeze({
    ...methods,
    onDueRuns: (cb) => on(EVENTS.scheduleTick, cb),
    onMenuCommand: (cb) => on(EVENTS.menuCommand, cb),
  } satisfies PdmApi);
}
