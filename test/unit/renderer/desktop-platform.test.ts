import { describe, expect, it, vi } from 'vitest';
import { desktopPlatform } from '../../../renderer/platform/desktop';
import type { PdmApi } from '../../../renderer/ipc-types';

const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });
const fail = (code: string, message: string) =>
  Promise.resolve({ ok: false as const, error: { code, message } });

function fakePdm(over: Partial<Record<keyof PdmApi, unknown>>): PdmApi {
  return over as unknown as PdmApi;
}

describe('desktop platform', () => {
  it('saves after a change to the open plant file', async () => {
    const savePlant = vi.fn(() => ok({ path: '/p.pdm' }));
    const p = desktopPlatform(fakePdm({ savePlant }));
    await p.afterChange(async () => Uint8Array.from([1, 2]));
    expect(savePlant).toHaveBeenCalledWith(Uint8Array.from([1, 2]));
  });

  it('marks the change unsaved when no file is open yet (demo plant) instead of failing', async () => {
    const setDirty = vi.fn(() => ok({ dirty: true }));
    const p = desktopPlatform(
      fakePdm({ savePlant: () => fail('no-file', 'no plant file is open'), setDirty }),
    );
    await expect(p.afterChange(async () => new Uint8Array(1))).resolves.toBeUndefined();
    expect(setDirty).toHaveBeenCalledWith(true);
  });

  it('exports and imports model files through the dialogs in main', async () => {
    const saveModelFile = vi.fn(() => ok({ path: '/m/plant-model-2.json', bytes: 9 }));
    const openModelFile = vi.fn(() => ok({ name: 'm.json', text: '{}' }));
    const p = desktopPlatform(fakePdm({ saveModelFile, openModelFile }));
    await expect(p.saveModelFile('plant-model-2.json', '{"a":1}')).resolves.toBe(true);
    expect(saveModelFile).toHaveBeenCalledWith('plant-model-2.json', '{"a":1}');
    await expect(p.openModelFile!()).resolves.toEqual({ name: 'm.json', text: '{}' });
    const cancelled = desktopPlatform(fakePdm({ saveModelFile: () => ok(null) }));
    await expect(cancelled.saveModelFile('m.json', '{}')).resolves.toBe(false);
    const refused = desktopPlatform(
      fakePdm({
        openModelFile: () => fail('io', 'm.json is 300 MiB; a model file is at most 256 MiB'),
      }),
    );
    await expect(refused.openModelFile!()).rejects.toThrow('at most 256 MiB');
  });

  it('reports other save failures', async () => {
    const p = desktopPlatform(fakePdm({ savePlant: () => fail('io', 'disk full') }));
    await expect(p.afterChange(async () => new Uint8Array(1))).rejects.toThrow('disk full');
  });

  it('passes File menu commands and recent files through', async () => {
    let handler: ((c: { kind: string }) => void) | null = null;
    const onMenuCommand = vi.fn((cb: (c: { kind: string }) => void) => {
      handler = cb;
      return () => undefined;
    });
    const openRecent = vi.fn(() => ok({ name: 'a.pdm', path: '/a.pdm', bytes: new Uint8Array(3) }));
    const p = desktopPlatform(fakePdm({ onMenuCommand, openRecent }));
    const seen: string[] = [];
    p.onMenuCommand!((c) => seen.push(c.kind));
    handler!({ kind: 'save-as' });
    expect(seen).toEqual(['save-as']);
    expect(await p.openRecent!('/a.pdm')).toMatchObject({ name: 'a.pdm' });
  });
});

describe('desktop platform: unsaved changes', () => {
  it('counts changes as unsaved from a save that found no file until a Save As', async () => {
    let hasFile = false;
    const savePlant = vi.fn(() =>
      hasFile ? ok({ path: '/p.pdm' }) : fail('no-file', 'no plant file is open'),
    );
    const savePlantAs = vi.fn(() => ok(hasFile ? { path: '/p.pdm' } : null));
    const p = desktopPlatform(
      fakePdm({ savePlant, savePlantAs, setDirty: () => ok({ dirty: true }) }),
    );
    expect(p.unsavedChanges()).toBe(false);
    await p.afterChange(async () => new Uint8Array(1));
    expect(p.unsavedChanges()).toBe(true);
    // Save As cancelled in its dialog: still unsaved.
    await p.saveAs(new Uint8Array(1), 'demo.pdm');
    expect(p.unsavedChanges()).toBe(true);
    hasFile = true;
    await p.saveAs(new Uint8Array(1), 'demo.pdm');
    expect(p.unsavedChanges()).toBe(false);
  });

  it('counts a plant saved to its file as saved', async () => {
    const results = [fail('no-file', 'none'), ok({ path: '/p.pdm' })];
    const p = desktopPlatform(
      fakePdm({ savePlant: () => results.shift()!, setDirty: () => ok({ dirty: true }) }),
    );
    await p.afterChange(async () => new Uint8Array(1));
    expect(p.unsavedChanges()).toBe(true);
    await p.afterChange(async () => new Uint8Array(1));
    expect(p.unsavedChanges()).toBe(false);
  });
});

describe('desktop platform: leaving the open file', () => {
  it('tells main to let go of the file, so the demo saved next finds no file', async () => {
    const closePlantFile = vi.fn(() => ok({ closed: true }));
    const setDirty = vi.fn(() => ok({ dirty: false }));
    const p = desktopPlatform(
      fakePdm({
        closePlantFile,
        setDirty,
        savePlant: () => fail('no-file', 'none'),
      }),
    );
    await p.afterChange(async () => new Uint8Array(1));
    expect(p.unsavedChanges()).toBe(true);
    await p.detachFile();
    expect(closePlantFile).toHaveBeenCalledTimes(1);
    expect(setDirty).toHaveBeenLastCalledWith(false);
    expect(p.unsavedChanges()).toBe(false);
  });
});
