import { describe, expect, it } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import type { Persister } from '../../../workers/app/opfs-persister';
import { previewCsv } from '../../../workers/app/preview';
import { saveModel } from '../../../workers/model/model-store';
import { Store } from '../../../workers/store/store';
import { setPlantTimeZone } from '../../../workers/store/plant-settings';
import { tinyForestBytes } from '../../helpers/tiny-forest';

const enc = new TextEncoder();
const TELEMETRY =
  'datetime,machineID,volt,rotate\n' +
  Array.from({ length: 48 }, (_, h) => {
    const d = new Date(Date.UTC(2015, 0, 1, h));
    const ts = d.toISOString().slice(0, 19).replace('T', ' ');
    return `${ts},1,${170 + (h % 5)},${400 + h}`;
  }).join('\n') +
  '\n';

function memoryPersister(): Persister & { saved: Uint8Array | null } {
  const p = {
    saved: null as Uint8Array | null,
    async load() {
      return p.saved ? { bytes: p.saved, name: 'x' } : null;
    },
    async save(bytes: Uint8Array) {
      p.saved = bytes;
    },
    async clear() {
      p.saved = null;
    },
  };
  return p;
}

describe('EngineApi', () => {
  it('imports, summarises, downsamples telemetry and persists after each change', async () => {
    const persister = memoryPersister();
    const api = new EngineApi();
    expect(await api.initWith(persister)).toBeNull();
    await api.newPlant('test');
    const res = await api.importFiles(
      [
        { name: 'tel.csv', bytes: enc.encode(TELEMETRY) },
        { name: 'machines.csv', bytes: enc.encode('machineID,model,age\n1,model3,18\n') },
        { name: 'bad.csv', bytes: enc.encode('datetime,machineID,errorID\nnot a date,1,error1\n') },
      ],
      {},
      () => undefined,
    );
    expect(res.files.map((f) => f.rowsAdded)).toEqual([48, 1, 0]);
    expect(res.files[2].error ?? res.files[2].rejected[0]?.reason).toBeTruthy();
    const s = api.summary()!;
    expect(s.telemetryRows).toBe(48);
    expect(s.sensors).toEqual(['volt', 'rotate']);
    const series = api.telemetry(1, s.from!, s.to!, 12);
    expect(series.t.length).toBe(12);
    expect(series.rawRows).toBe(48);
    expect(series.max[1][11]).toBe(447);
    expect(series.min[1][0]).toBe(400);
    expect(api.explore().machinesByModel).toEqual([{ key: 'model3', count: 1 }]);
    // A reload (new API over the same persisted bytes) finds the data again.
    const again = new EngineApi();
    const s2 = await again.initWith(persister);
    expect(s2?.telemetryRows).toBe(48);
  });

  it('refuses a bad bucket count with a RangeError', async () => {
    const api = new EngineApi();
    await api.newPlant('t');
    expect(() => api.telemetry(1, 0, 10, 0)).toThrow(RangeError);
  });

  it('previews a CSV head: kind, columns and date format', async () => {
    const store = await Store.open(null, 't');
    const p = await previewCsv(
      store,
      'e.csv',
      999,
      enc.encode('datetime,machineID,errorID\n2015-01-03 07:00:00,1,error1\n2015-01-0'),
    );
    expect(p.kind).toBe('errors');
    expect(p.columns).toEqual(['datetime', 'machineID', 'errorID']);
    expect(p.rows).toHaveLength(1);
    expect(p.dateFormat).toBe('YYYY-MM-DD HH:MM:SS');
  });

  it('previews what the import will do: kind from the file name, offsets, sep= line', async () => {
    const store = await Store.open(null, 't');
    setPlantTimeZone(store, 'Europe/Berlin');
    const log = await previewCsv(
      store,
      'wind-farm-failures-2016.csv',
      999,
      enc.encode('Turbine_ID,Component,Timestamp\nT07,GEARBOX,2016-03-20T15:48:00+00:00\n'),
      8,
    );
    expect(log.kind).toBe('failures');
    expect(log.dateFormat).toMatch(/UTC offset/);
    const excel = await previewCsv(
      store,
      'x.csv',
      60,
      enc.encode('sep=;\ndatetime;machineID;volt\n2015-01-01 06:00:00;P-101A;170,5\n'),
    );
    expect(excel.columns).toEqual(['datetime', 'machineID', 'volt']);
    expect(excel.kind).toBe('telemetry');
    const zip = await previewCsv(
      store,
      'x.zip',
      10,
      new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0]),
    );
    expect(zip.kind).toBeNull();
  });

  it('opens a small demo plant', async () => {
    const api = new EngineApi();
    const s = await api.openDemo({ machines: 3, days: 20, trainAndScore: false }, () => undefined);
    expect(s.machines).toBe(3);
    expect(s.telemetryRows).toBeGreaterThan(3 * 19 * 24);
  });
});

describe('EngineApi models', () => {
  it('removes a model not in use, refuses the active one, and persists', async () => {
    const persister = memoryPersister();
    const api = new EngineApi();
    await api.initWith(persister);
    await api.newPlant('test');
    const store = (api as unknown as { need(): Store }).need();
    const rec = {
      learner: 'forest',
      hyperparameters: {},
      featureNames: ['a', 'b'],
      labelNames: ['none', 'comp1'],
      trainFrom: null,
      trainTo: 0,
      metrics: null,
      note: '',
      bytes: tinyForestBytes(),
    };
    const a = saveModel(store, rec);
    const b = saveModel(store, rec, false);
    await expect(api.removeModel(a)).rejects.toThrow(/model #\d+ is the active model/);
    expect(await api.removeModel(b)).toEqual({ id: b, runs: 0, deleted: true });
    expect(api.models().map((m) => m.id)).toEqual([a]);
    const again = new EngineApi();
    await again.initWith(persister);
    expect(again.models().map((m) => m.id)).toEqual([a]);
  });
});
