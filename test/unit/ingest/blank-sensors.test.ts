import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest/import-csv';
import { buildFeatures } from '../../../workers/features';

const src = (name: string, text: string) => {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size: bytes.length,
    chunks: (async function* () {
      yield bytes;
    })(),
  };
};

describe('blank sensor readings', () => {
  it('are stored as missing, skipped by the features, and re-import adds nothing', async () => {
    const store = await Store.open(null);
    const text =
      'datetime,machineID,volt,rotate\n' +
      '2015-01-01 06:00:00,1,170,\n' +
      '2015-01-01 07:00:00,1,,450\n' +
      '2015-01-01 08:00:00,1,172,452\n' +
      '2015-01-01 09:00:00,1,,\n';
    const r = await importCsv(store, src('t.csv', text), { maxRejectRatio: 1 });
    expect(r).toMatchObject({ rowsRead: 4, added: 3, rejected: 1 });
    expect(r.rejectedRows[0]).toMatchObject({ line: 5, reason: 'no sensor value in the row' });
    expect(store.all('SELECT t % 86400 / 3600 AS h, s1, s2 FROM telemetry ORDER BY t')).toEqual([
      { h: 6, s1: 170, s2: null },
      { h: 7, s1: null, s2: 450 },
      { h: 8, s1: 172, s2: 452 },
    ]);
    const again = await importCsv(store, src('t.csv', text), { maxRejectRatio: 1 });
    expect(again).toMatchObject({ added: 0, duplicates: 3 });
    // a later export with the missing reading fills it in
    const fill = await importCsv(
      store,
      src('u.csv', 'datetime,machineID,volt\n2015-01-01 07:00:00,1,171\n'),
    );
    expect(fill.added).toBe(1);
    const fs = buildFeatures(store);
    const iVolt = fs.featureNames.indexOf('volt_mean_12');
    const iRot = fs.featureNames.indexOf('rotate_mean_12');
    expect(fs.values[iVolt]).toBeCloseTo((170 + 171 + 172) / 3, 9);
    expect(fs.values[iRot]).toBeCloseTo((450 + 452) / 2, 9);
  });
});
