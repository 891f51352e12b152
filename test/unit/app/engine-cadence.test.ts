/** The engine API's setCadence: changes what is given, saves, and passes RangeErrors through. */
import { describe, expect, it } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import type { Persister } from '../../../workers/app/opfs-persister';
import { Store } from '../../../workers/store/store';
import { plantCadence } from '../../../workers/store/plant-settings';
import { defaultCadence } from '../../../workers/shared/cadence';

const D = 86400;

describe('EngineApi.setCadence', () => {
  it('sets part of the cadence, returns the settings and saves them', async () => {
    let saved: Uint8Array | null = null;
    const persister: Persister = {
      load: async () => null,
      save: async (bytes) => {
        saved = bytes;
      },
      clear: async () => {
        saved = null;
      },
    };
    const api = new EngineApi();
    await api.initWith(persister);
    await api.newPlant('p');
    expect(api.settings().cadence).toEqual(defaultCadence());
    const s = await api.setCadence({ stepSeconds: D, windowSeconds: [D, 3 * D, 7 * D] });
    expect(s.cadence).toEqual({
      ...defaultCadence(),
      stepSeconds: D,
      windowSeconds: [D, 3 * D, 7 * D],
    });
    expect(saved).not.toBeNull();
    expect(plantCadence(await Store.open(saved!)).stepSeconds).toBe(D);
    await expect(api.setCadence({ windowSeconds: [] })).rejects.toMatchObject({
      message: 'give at least one rolling window',
      field: 'windows',
      code: 'required',
    });
    await expect(api.setCadence({ horizonSeconds: 0 })).rejects.toThrow(/the horizon must be/);
    expect(api.settings().cadence.windowSeconds).toEqual([D, 3 * D, 7 * D]);
  });
});
