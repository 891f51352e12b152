import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_CHANNELS, EVENTS, INVOKE } from '../../../electron/ipc-contract';
import { buildPdmApi, type IpcRendererLike } from '../../../electron/preload-api';
import { REPO_ROOT } from '../../helpers/shared';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      return { ok: true, value: channel };
    },
    on: (channel, l) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    },
    removeListener: (channel, l) => {
      listeners.get(channel)?.delete(l);
    },
  };
  const emit = (channel: string, payload: unknown) =>
    listeners.get(channel)?.forEach((l) => l({ sender: 'secret ipc event' }, payload));
  return { ipc, invoked, listeners, emit };
}

describe('window.pdm (preload API)', () => {
  it('maps every method to its contract channel and nothing else', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildPdmApi(ipc);
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(API_CHANNELS), 'onDueRuns', 'onMenuCommand'].sort(),
    );
    expect(new Set(Object.values(API_CHANNELS))).toEqual(new Set(Object.values(INVOKE)));
    const bytes = new Uint8Array([1, 2]);
    expect(await api.savePlant(bytes)).toEqual({ ok: true, value: INVOKE.fileSave });
    await api.openRecent('/p/a.pdm');
    await api.notify('t', 'b');
    expect(invoked).toEqual([
      [INVOKE.fileSave, [bytes]],
      [INVOKE.fileOpenRecent, ['/p/a.pdm']],
      [INVOKE.notify, ['t', 'b']],
    ]);
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('delivers events without the IPC event object, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = buildPdmApi(ipc);
    const ticks: unknown[] = [];
    const commands: unknown[] = [];
    const offTick = api.onDueRuns((t) => ticks.push(t));
    api.onMenuCommand((c) => commands.push(c));
    emit(EVENTS.scheduleTick, { now: 1, reason: 'launch' });
    emit(EVENTS.menuCommand, { kind: 'save' });
    expect(ticks).toEqual([{ now: 1, reason: 'launch' }]);
    expect(commands).toEqual([{ kind: 'save' }]);
    offTick();
    emit(EVENTS.scheduleTick, { now: 2, reason: 'timer' });
    expect(ticks).toHaveLength(1);
    expect(listeners.get(EVENTS.scheduleTick)?.size).toBe(0);
    expect(() => api.onDueRuns('not a function' as never)).toThrow(TypeError);
  });
});

describe('layering', () => {
  const src = (f: string) => readFileSync(join(REPO_ROOT, 'electron', f), 'utf8');
  const imports = (text: string) => [
    ...[...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]),
  ];

  it('the IPC contract imports nothing (the renderer imports it)', () => {
    expect(imports(src('ipc-contract.ts'))).toEqual([]);
    expect(imports(src('preload.ts')).sort()).toEqual(['./preload-api', 'electron']);
    expect(imports(src('preload-api.ts'))).toEqual(['./ipc-contract']);
  });

  it('ipcMain appears only in main.ts (passed to the wrapper), ipcRenderer only in preload.ts', () => {
    for (const f of readdirSync(join(REPO_ROOT, 'electron')).filter((n: string) =>
      n.endsWith('.ts'),
    )) {
      const text = src(f).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (f !== 'main.ts') expect(text, f).not.toMatch(/\bipcMain\b/);
      if (f !== 'preload.ts') expect(text, f).not.toMatch(/\bipcRenderer\b/);
      if (f === 'main.ts') expect(text.match(/\bipcMain\b/g)?.length).toBe(2); // import + registerHandlers(ipcMain, …)
    }
    expect(src('main.ts')).not.toMatch(/ipcMain\.(handle|on)\(/);
  });
});
