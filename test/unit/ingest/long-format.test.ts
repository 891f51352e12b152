/** Long (tall) historian files: timestamp, tag, value (quality, asset) pivoted to sensors. */
import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest/import-csv';
import { goodQuality, proposeTagPattern } from '../../../workers/ingest/long-format';
import { ImportError, type ImportOptions } from '../../../workers/ingest/types';
import { memSource, onceSource, snapshot } from './helpers';

/** Stored telemetry as machine id, hour of 2015-01-01 and named sensors. */
function stored(store: Store): Record<string, unknown>[] {
  const sensors = store.sensors();
  const cols = sensors.map((s) => `"${s.col}" AS "${s.name}"`).join(', ');
  return store.all(
    `SELECT n.name AS m, (t.t - 1420070400) / 3600.0 AS h, ${cols} FROM telemetry t ` +
      'JOIN machine_names n ON n.machine_id = t.machine_id ORDER BY n.name, t.t',
  );
}

async function imp(text: string, opts: ImportOptions = {}, name = 'history.csv', chunk = 1 << 20) {
  const store = await Store.open(null);
  const r = await importCsv(store, memSource(name, text, chunk), opts);
  return { store, r };
}

const PI =
  'Tag,Timestamp,Value,Status\n' +
  'P101.Temperature,2015-01-01 00:00:00,61.5,Good\n' +
  'P101.Temperature,2015-01-01 01:00:00,62.25,Good\n' +
  'P101.Temperature,2015-01-01 02:00:00,63,Bad\n' +
  'P101.Pressure,2015-01-01 00:00:00,4.5,Good\n' +
  'P101.Pressure,2015-01-01 01:00:00,4.75,Good\n' +
  'P102.Temperature,2015-01-01 00:00:00,55,Good\n' +
  'P101.Pressure,2015-01-01 02:00:00,4.8,Questionable\n';
const PATTERN = '(?<machine>[^.]+)\\.(?<sensor>.+)';

describe('long historian files', () => {
  it('PI-style: tag pattern gives machine and sensor, bad quality is stored as missing', async () => {
    for (const chunk of [1 << 20, 7]) {
      const { store, r } = await imp(PI, { tagPattern: PATTERN }, 'pi.csv', chunk);
      expect(r).toMatchObject({
        kind: 'telemetry',
        rowsRead: 7,
        added: 7,
        rejected: 0,
        duplicates: 0,
        missingValues: 2,
        badQuality: 2,
        sensors: ['Temperature', 'Pressure'],
        notImported: [],
      });
      expect(stored(store)).toEqual([
        { m: 'P101', h: 0, Temperature: 61.5, Pressure: 4.5 },
        { m: 'P101', h: 1, Temperature: 62.25, Pressure: 4.75 },
        { m: 'P101', h: 2, Temperature: null, Pressure: null },
        { m: 'P102', h: 0, Temperature: 55, Pressure: null },
      ]);
      expect(r.timeRange).toEqual({ from: 1420070400, to: 1420070400 + 7200 });
      expect(r.cadence).toMatchObject({ medianIntervalSeconds: 3600, machines: 1 });
    }
  });

  it('a re-import counts every reading as a duplicate; a later good reading fills a bad one', async () => {
    const { store } = await imp(PI, { tagPattern: PATTERN });
    const again = await importCsv(store, memSource('pi.csv', PI), { tagPattern: PATTERN });
    // the two bad readings meet empty cells: stored (as missing) again, not duplicates
    expect(again).toMatchObject({ added: 2, duplicates: 5, missingValues: 2 });
    const fix = await importCsv(
      store,
      memSource('fix.csv', 'tag,time,value,quality\nP101.Temperature,2015-01-01 02:00,63.5,192\n'),
      { tagPattern: PATTERN },
    );
    expect(fix).toMatchObject({ added: 1, duplicates: 0 });
    expect(stored(store)[2]).toEqual({ m: 'P101', h: 2, Temperature: 63.5, Pressure: null });
  });

  it('Ignition-style: t_stamp epoch ms, tagpath, floatvalue, dataintegrity', async () => {
    const text =
      't_stamp,tagpath,floatvalue,dataintegrity\n' +
      '1420070400000,[default]Line1/Pump3/vibration,0.52,192\n' +
      '1420070400000,[default]Line1/Pump3/temperature,40.1,192\n' +
      '1420074000000,[default]Line1/Pump3/vibration,0.61,192\n' +
      '1420074000000,[default]Line1/Pump3/temperature,41.2,500\n' +
      '1420074000000,[default]Line1/Pump4/vibration,0.33,192\n';
    const { store, r } = await imp(text, {
      tagPattern: '\\[default\\](?<machine>.+)/(?<sensor>[^/]+)',
    });
    expect(r).toMatchObject({ added: 5, badQuality: 1, sensors: ['vibration', 'temperature'] });
    expect(r.timestampForm).toMatch(/epoch/i);
    expect(stored(store)).toEqual([
      { m: 'Line1/Pump3', h: 0, vibration: 0.52, temperature: 40.1 },
      { m: 'Line1/Pump3', h: 1, vibration: 0.61, temperature: null },
      { m: 'Line1/Pump4', h: 1, vibration: 0.33, temperature: null },
    ]);
  });

  it('an asset column gives the machine and the tag is the sensor; other text columns are reported', async () => {
    const text =
      'timestamp;asset;tagname;value;units\n' +
      '2015-01-01 00:00;M1;volt;170,5;V\n' +
      '2015-01-01 00:00;M2;volt;168;V\n' +
      '2015-01-01 00:00;M1;rotate;450,25;rpm\n';
    const { store, r } = await imp(text);
    expect(r).toMatchObject({ added: 3, sensors: ['volt', 'rotate'], ignoredColumns: ['units'] });
    expect(r.notImported[0].column).toBe('units');
    expect(r.decimalMarks).toEqual({ value: ',' });
    expect(stored(store)).toEqual([
      { m: 'M1', h: 0, volt: 170.5, rotate: 450.25 },
      { m: 'M2', h: 0, volt: 168, rotate: null },
    ]);
  });

  it('interleaved tags from a one-shot stream pivot into one row per machine and time', async () => {
    const lines = ['time,tag,value'];
    for (let h = 0; h < 50; h++) {
      for (const s of ['a', 'b', 'c']) {
        lines.push(`2015-01-01 ${String(h % 24).padStart(2, '0')}:00,${s},${h}`);
      }
    }
    const store = await Store.open(null);
    const r = await importCsv(store, onceSource('x.csv', lines.join('\n') + '\n', 64), {
      machine: 'pump-7',
    });
    // hours 24..49 repeat the clock times of day 1: duplicates of the readings before
    expect(r).toMatchObject({ rowsRead: 150, added: 72, duplicates: 78 });
    expect(stored(store)).toHaveLength(24);
    expect(stored(store)[5]).toEqual({ m: 'pump-7', h: 5, a: 5, b: 5, c: 5 });
  });

  it('a tag pattern naming only the sensor, with the machine from a column; padded cells', async () => {
    const text =
      't_stamp, asset, tagpath, floatvalue, dataintegrity\n' +
      '1420070400000, M7, [default]Site/vib, 0.5, 192\n' +
      '1420070400000, M7, [default]Site/temp, 40, 192\n';
    const { store, r } = await imp(text, { tagPattern: '\\[default\\]Site/(?<sensor>.+)' });
    expect(r).toMatchObject({ added: 2, rejected: 0 });
    expect(stored(store)).toEqual([{ m: 'M7', h: 0, vib: 0.5, temp: 40 }]);
  });

  it('machine from the file name', async () => {
    const { store, r } = await imp(
      'time,tag,value\n2015-01-01 00:00,flow,3\n',
      { machineFromName: 'pump-(\\w+)\\.csv' },
      'data/pump-P7.csv',
    );
    expect(r.added).toBe(1);
    expect(stored(store)).toEqual([{ m: 'P7', h: 0, flow: 3 }]);
  });

  it('a tag that does not match the pattern rejects the row naming line and column', async () => {
    const text = PI + 'Plant-wide alarm count,2015-01-01 00:00:00,3,Good\n';
    await expect(imp(text, { tagPattern: PATTERN })).rejects.toThrow(ImportError);
    const { r } = await imp(text, { tagPattern: PATTERN, maxRejectRatio: 0.5 });
    expect(r.rejectedRows).toEqual([
      {
        file: 'history.csv',
        line: 9,
        column: 'Tag',
        reason: `tag 'Plant-wide alarm count' does not match the tag pattern '${PATTERN}'`,
        code: {
          code: 'tag-no-match',
          params: { tag: 'Plant-wide alarm count', pattern: PATTERN },
        },
      },
    ]);
  });

  it('a text value (a historian state) rejects the row with a clear reason', async () => {
    const text =
      'tag,time,value\nA.run,2015-01-01 00:00,1\nA.run,2015-01-01 01:00,Running\n' +
      'A.run,2015-01-01 02:00,I/O Timeout\n';
    const { r } = await imp(text, { tagPattern: PATTERN, maxRejectRatio: 1 });
    expect(r.rejectedRows[0]).toMatchObject({ line: 3, column: 'value' });
    expect(r.rejectedRows[0].reason).toMatch(/'Running' is not a number/);
    expect(r.rejectedRows[1]).toMatchObject({
      line: 4,
      reason: "'I/O Timeout' is a historian system state (no reading was taken), not a number",
    });
  });

  it('refuses a long file without a machine source, saying how to give one', async () => {
    const store = await Store.open(null);
    const before = snapshot(store);
    const e = await importCsv(store, memSource('h.csv', 'tag,time,value\nx,2015-01-01,1\n')).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ImportError);
    expect((e as Error).message).toMatch(/h\.csv: .*--tag-pattern.*--machine/);
    expect(snapshot(store)).toBe(before);
  });

  it('refuses another numeric column beside the value, naming it', async () => {
    const text = 'time,machine,tag,value,setpoint\n2015-01-01,M1,flow,3,4\n';
    await expect(imp(text)).rejects.toThrow(/'setpoint' holds numbers/);
    const { r } = await imp(text, { map: { setpoint: 'ignore' } });
    expect(r).toMatchObject({
      added: 1,
      notImported: [{ column: 'setpoint', reason: 'mapped to ignore' }],
    });
  });

  it('--map names the long roles for unusual headers', async () => {
    const text = 'when,unit,measurement,reading\n2015-01-01 00:00,E1,egt,612\n';
    const { store } = await imp(text, {
      map: { when: 'timestamp', unit: 'machine', measurement: 'tag' },
    });
    expect(stored(store)).toEqual([{ m: 'E1', h: 0, egt: 612 }]);
  });

  it('refuses tag, value or quality mapped in a file that is not long', async () => {
    const text = 'datetime,machineID,volt,q\n2015-01-01,1,170,192\n';
    await expect(imp(text, { map: { q: 'quality' } })).rejects.toThrow(
      /needs a tag column and a value column/,
    );
  });

  it('a sensor with only bad readings is reported and not kept', async () => {
    const text = 'tag,time,value,quality\nA.x,2015-01-01,1,192\nA.y,2015-01-01,2,0\n';
    const { store, r } = await imp(text, { tagPattern: PATTERN });
    expect(r.sensors).toEqual(['x']);
    expect(r.notImported).toEqual([
      {
        column: 'y',
        code: 'empty-tag',
        reason: 'entirely empty: no good reading of this tag in the file',
      },
    ]);
    expect(store.sensors().map((s) => s.name)).toEqual(['x']);
  });

  it('refuses more tags than a plant file holds sensors, naming the tag pattern', async () => {
    const rowsText = Array.from({ length: 2100 }, (_, i) => `2015-01-01,M1,tag${i},1`);
    const store = await Store.open(null);
    const before = snapshot(store);
    await expect(
      importCsv(store, memSource('many.csv', ['time,machine,tag,value', ...rowsText].join('\n'))),
    ).rejects.toThrow(/many\.csv: tag 'tag1998' would be sensor number 1999.*--tag-pattern/);
    expect(snapshot(store)).toBe(before);
  });

  it('quality rule', () => {
    for (const g of [
      '',
      'Good',
      'GOOD_DATA',
      'Good_Provisional',
      'g',
      'OK',
      '192',
      '0xC0',
      '216',
      '1',
    ]) {
      expect(goodQuality(g), g).toBe(true);
    }
    for (const b of [
      'Bad',
      'Bad_Stale',
      'Uncertain',
      'Questionable',
      'Substituted',
      '0',
      '500',
      '600',
      'B',
    ]) {
      expect(goodQuality(b), b).toBe(false);
    }
  });
});

describe('a long file without a machine source', () => {
  it('proposes a tag pattern from its own tags', () => {
    expect(proposeTagPattern(['P101.Temperature', 'P102.Flow.Rate'])).toEqual({
      pattern: '(?<machine>[^.]+)\\.(?<sensor>.+)',
      example: 'P101.Temperature',
      machine: 'P101',
      sensor: 'Temperature',
    });
    expect(proposeTagPattern(['[default]Line1/Pump3/vibration'])?.machine).toBe(
      '[default]Line1/Pump3',
    );
    expect(proposeTagPattern(['Temperature', 'P1.Flow'])).toBeNull();
    expect(proposeTagPattern([])).toBeNull();
  });

  it('is refused with that proposal, and nothing is stored', async () => {
    const store = await Store.open(null);
    const before = snapshot(store);
    const text =
      'Tag,Timestamp,Value\nP101.Temperature,2015-04-01 00:00:00,58.8\n' +
      'P101.Flow,2015-04-01 00:00:00,12.5\n';
    const e = await importCsv(store, memSource('pi.csv', text)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportError);
    expect((e as Error).message).toContain(
      "Its tags look like 'P101.Temperature': --tag-pattern '(?<machine>[^.]+)\\.(?<sensor>.+)' " +
        "reads machine 'P101' and sensor 'Temperature'",
    );
    expect(snapshot(store)).toBe(before);
    store.close();
  });

  it('with a pattern, the rows as stored show machine, time, sensor and value', async () => {
    const store = await Store.open(null);
    const text =
      'Tag,Timestamp,Value\nP101.Temperature,2015-04-01 00:00:00,58.8\n' +
      'P101.Flow,2015-04-01 00:00:00,12.5\n';
    const r = await importCsv(store, memSource('pi.csv', text), {
      tagPattern: '(?<machine>[^.]+)\\.(?<sensor>.+)',
      dryRun: true,
    });
    expect(r.sample).toEqual({
      columns: ['machine', 'time', 'sensor', 'value'],
      rows: [
        ['P101', '2015-04-01 00:00:00', 'Temperature', '58.8'],
        ['P101', '2015-04-01 00:00:00', 'Flow', '12.5'],
      ],
    });
    expect(r.mapping?.shape).toBe('long');
    store.close();
  });
});
