/** The app's import passes the machine-source and event options on to the importer. */
import { describe, expect, it } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import type { Persister } from '../../../workers/app/opfs-persister';

const enc = new TextEncoder();
const persister: Persister = {
  load: async () => null,
  save: async () => undefined,
  clear: async () => undefined,
};

describe('EngineApi import options', () => {
  it('machineFromName, failure flags and failureAtEnd reach the importer', async () => {
    const api = new EngineApi();
    await api.initWith(persister);
    await api.newPlant('test');
    const bed =
      'timestamp,pressure,anomaly\n' +
      Array.from({ length: 6 }, (_, i) => `2020-03-01 10:00:0${i},2.${i},${i === 2 ? 1 : 0}`).join(
        '\n',
      ) +
      '\n';
    const res = await api.importFiles(
      [{ name: 'pump-07.csv', bytes: enc.encode(bed) }],
      {
        roles: { 'pump-07.csv': { anomaly: 'failure-flag' } },
        machineFromName: 'pump-(\\d+)',
        failureComponent: 'seal',
        failureAtEnd: 'end',
      },
      () => undefined,
    );
    expect(res.files[0].error).toBeUndefined();
    expect(res.files[0]).toMatchObject({ rowsAdded: 6, events: { failures: 2 } });
    expect(api.summary()?.telemetryRows).toBe(6);
  });
});
