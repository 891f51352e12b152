import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import { PlantLibrary } from '../../../workers/app/plant-library';
import { FakeDir } from './fake-opfs';

const enc = new TextEncoder();
const dec = new TextDecoder();
const TELEMETRY =
  'datetime,machineID,volt\n' +
  Array.from(
    { length: 24 },
    (_, h) => `2015-01-01 ${String(h).padStart(2, '0')}:00:00,1,${170 + h}`,
  ).join('\n') +
  '\n';

function clock() {
  let t = 1000;
  return () => (t += 1000);
}

describe('PlantLibrary', () => {
  it('moves the single plant file of earlier versions into the list, then removes it', async () => {
    const root = new FakeDir();
    root.files.set('plant.sqlite', enc.encode('old plant bytes'));
    root.files.set('plant.json', enc.encode(JSON.stringify({ name: 'Line 1' })));
    const lib = await PlantLibrary.open(root.asHandle(), clock());
    const [p, ...rest] = await lib.list();
    expect(rest).toEqual([]);
    expect(p.name).toBe('Line 1');
    expect(p.size).toBe(15);
    expect(dec.decode((await lib.load(p.id))!.bytes)).toBe('old plant bytes');
    expect([...root.files.keys()]).toEqual([]);
    // A second start finds it once, not twice.
    expect(await (await PlantLibrary.open(root.asHandle())).list()).toHaveLength(1);
  });

  it('moves the temporary copy when a save of the old file stopped before its move', async () => {
    const root = new FakeDir();
    root.files.set('plant.sqlite.tmp', enc.encode('half-moved'));
    const lib = await PlantLibrary.open(root.asHandle());
    const [p] = await lib.list();
    expect(p.name).toBe('plant');
    expect(dec.decode((await lib.load(p.id))!.bytes)).toBe('half-moved');
  });

  it('adds plants side by side, lists the last opened first, renames and deletes', async () => {
    const root = new FakeDir();
    const lib = await PlantLibrary.open(root.asHandle(), clock());
    const a = await lib.add('A', enc.encode('aaa'));
    const b = await lib.add('B', enc.encode('bbbb'));
    expect(a.id).not.toBe(b.id);
    expect((await lib.list()).map((p) => p.name)).toEqual(['B', 'A']);
    await lib.load(a.id, true);
    expect((await lib.list()).map((p) => p.name)).toEqual(['A', 'B']);
    await lib.save(b.id, enc.encode('bbbbbbbb'), 'B');
    expect((await lib.list()).find((p) => p.id === b.id)!.size).toBe(8);
    expect(await lib.rename(a.id, 'Press line')).toBe(true);
    expect(await lib.rename('missing', 'x')).toBe(false);
    await lib.remove(b.id);
    const left = await lib.list();
    expect(left.map((p) => p.name)).toEqual(['Press line']);
    expect(dec.decode((await lib.load(a.id))!.bytes)).toBe('aaa');
    expect(await lib.load(b.id)).toBeNull();
    expect([...root.dirs.get('plants')!.files.keys()].sort()).toEqual(
      [`${a.id}.sqlite`, 'index.json'].sort(),
    );
  });

  it('reads the temporary index when a write stopped between remove and move', async () => {
    const root = new FakeDir();
    const lib = await PlantLibrary.open(root.asHandle());
    const a = await lib.add('A', enc.encode('a'));
    const dir = root.dirs.get('plants')!;
    dir.files.set('index.json.tmp', dir.files.get('index.json')!);
    dir.files.delete('index.json');
    expect((await lib.list()).map((p) => p.id)).toEqual([a.id]);
  });
});

describe('EngineApi with the plant library', () => {
  const nav = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  afterEach(() => {
    if (nav) Object.defineProperty(globalThis, 'navigator', nav);
    else delete (globalThis as { navigator?: unknown }).navigator;
  });
  function useRoot(root: FakeDir) {
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: { storage: { getDirectory: async () => root.asHandle() } },
    });
  }

  it('keeps a plant holding data when the demo or another plant is opened', async () => {
    const root = new FakeDir();
    useRoot(root);
    const api = new EngineApi();
    expect(await api.init('opfs')).toBeNull();
    await api.newPlant('Line 2');
    await api.importFiles([{ name: 'tel.csv', bytes: enc.encode(TELEMETRY) }], {}, () => undefined);
    const line2 = api.currentPlant()!.id;
    await api.openDemo({ machines: 3, days: 20, trainAndScore: false }, () => undefined);
    expect(api.summary()!.name).toBe('demo');
    await api.newPlant('Empty');
    const plants = await api.storedPlants();
    expect(plants.map((p) => p.name).sort()).toEqual(['Empty', 'Line 2', 'demo']);
    const s = await api.openStoredPlant(line2, false);
    expect(s.name).toBe('Line 2');
    expect(s.telemetryRows).toBe(24);
    // A new tab (a new engine over the same storage) opens the last opened plant.
    const tab2 = new EngineApi();
    expect((await tab2.init('opfs'))?.name).toBe('Line 2');
    // A tab that closed its plant opens none after a reload.
    expect(await new EngineApi().init('opfs', { plantId: null })).toBeNull();
  }, 30_000);

  it('never saves a read-only plant: the change is refused and not kept in memory', async () => {
    const root = new FakeDir();
    useRoot(root);
    const first = new EngineApi();
    await first.init('opfs');
    await first.newPlant('Shared');
    const id = first.currentPlant()!.id;
    const second = new EngineApi();
    await second.init('opfs', { plantId: id, readOnly: true });
    expect(second.currentPlant()).toEqual({ id, readOnly: true });
    const zone = second.settings().timeZone;
    const other = zone === 'Asia/Seoul' ? 'Europe/Berlin' : 'Asia/Seoul';
    await expect(second.setTimeZone(other)).rejects.toMatchObject({ name: 'ReadOnlyPlantError' });
    expect(second.settings().timeZone).toBe(zone);
    await expect(
      second.importFiles([{ name: 'tel.csv', bytes: enc.encode(TELEMETRY) }], {}, () => undefined),
    ).rejects.toMatchObject({ name: 'ReadOnlyPlantError' });
    // The first tab's saves reach the second on reload; taking over makes it writable.
    await first.setTimeZone(other);
    await second.reloadPlant();
    expect(second.settings().timeZone).toBe(other);
    first.setReadOnly(true);
    second.setReadOnly(false);
    await second.setTimeZone(zone);
    expect((await new EngineApi().init('opfs', { plantId: id }))?.name).toBe('Shared');
    const reread = new EngineApi();
    await reread.init('opfs', { plantId: id });
    expect(reread.settings().timeZone).toBe(zone);
  });

  it('never writes a new plant over the one before when storage is full', async () => {
    const root = new FakeDir();
    useRoot(root);
    const api = new EngineApi();
    await api.init('opfs');
    await api.newPlant('Line 2');
    await api.importFiles([{ name: 'tel.csv', bytes: enc.encode(TELEMETRY) }], {}, () => undefined);
    const line2 = api.currentPlant()!.id;
    FakeDir.full = true;
    try {
      await expect(api.newPlant('Another')).rejects.toMatchObject({ name: 'QuotaExceededError' });
      // The new plant could not be kept: it is shown, but nothing saves it anywhere.
      expect(api.currentPlant()).toBeNull();
    } finally {
      FakeDir.full = false;
    }
    await api.setTimeZone('Asia/Seoul');
    const again = new EngineApi();
    const s = await again.init('opfs', { plantId: line2 });
    expect(s?.name).toBe('Line 2');
    expect(s?.telemetryRows).toBe(24);
    expect((await again.storedPlants()).map((p) => p.name)).toEqual(['Line 2']);
  });

  it('says when a save fails instead of losing the change silently', async () => {
    const root = new FakeDir();
    useRoot(root);
    const api = new EngineApi();
    await api.init('opfs');
    await api.newPlant('Line 2');
    FakeDir.full = true;
    try {
      await expect(api.setTimeZone('Asia/Seoul')).rejects.toMatchObject({
        name: 'QuotaExceededError',
      });
    } finally {
      FakeDir.full = false;
    }
    // The next save works again and carries the change.
    await api.setStaleAfterSteps(3);
    const again = new EngineApi();
    await again.init('opfs');
    expect(again.settings().timeZone).toBe('Asia/Seoul');
  });

  it('renames and deletes stored plants; deleting the open one closes it', async () => {
    const root = new FakeDir();
    useRoot(root);
    const api = new EngineApi();
    await api.init('opfs');
    await api.newPlant('A');
    const a = api.currentPlant()!.id;
    await expect(api.renameStoredPlant(a, '  ')).rejects.toMatchObject({ code: 'required' });
    await api.renameStoredPlant(a, 'Press line');
    expect(api.summary()!.name).toBe('Press line');
    expect((await api.storedPlantBytes(a)).length).toBeGreaterThan(0);
    await api.deleteStoredPlant(a);
    expect(api.summary()).toBeNull();
    expect(await api.storedPlants()).toEqual([]);
    // Deleted (say in another tab): opening or downloading it is refused by name.
    await expect(api.openStoredPlant(a, false)).rejects.toMatchObject({ name: 'PlantGoneError' });
    await expect(api.storedPlantBytes(a)).rejects.toMatchObject({ name: 'PlantGoneError' });
  });
});
