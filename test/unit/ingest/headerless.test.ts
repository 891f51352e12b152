/** Headerless and whitespace-delimited files, column numbers in --map, counters as time. */
import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest/import-csv';
import { CsvRecordReader } from '../../../workers/ingest/records';
import { detectDelimiter } from '../../../workers/ingest/header';
import { ImportError, type ImportOptions } from '../../../workers/ingest/types';
import { importPaths } from '../../../workers/ingest/import-node';
import { memSource, onceSource } from './helpers';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** C-MAPSS-like: unit, cycle, 3 settings, 4 sensors; space-delimited, trailing spaces. */
const CMAPSS =
  '1 1 -0.0007 -0.0004 100.0 518.67 641.82 1589.70 1400.60 \n' +
  '1 2 0.0019 -0.0003 100.0 518.67 642.15 1591.82 1403.14 \n' +
  '1 3 -0.0043 0.0003 100.0 518.67 642.35 1587.99 1404.20 \n' +
  '2 1 -0.0018 0.0006 100.0 518.67 642.44 1584.12 1406.42  \n' +
  '2 2 0.0003 -0.0002 100.0 518.67 642.51 1582.79 1401.87\n';
const COLUMNS = ['unit', 'cycle', 'setting1', 'setting2', 'setting3', 's1', 's2', 's3', 's4'];
const CMAPSS_OPTS: ImportOptions = {
  noHeader: true,
  columns: COLUMNS,
  map: { unit: 'machine', cycle: 'timestamp' },
  timeUnit: '1h',
};
/** 2000-01-01 00:00 as plant seconds. */
const Y2K = 946684800;

function rows(store: Store) {
  return store.all<{ m: string; t: number; s1: number; s4: number }>(
    `SELECT n.name AS m, t.t AS t, ${store
      .sensors()
      .map((s) => `"${s.col}" AS "${s.name}"`)
      .join(', ')} FROM telemetry t JOIN machine_names n ON n.machine_id = t.machine_id ` +
      'ORDER BY n.name, t.t',
  );
}

function records(text: string, delimiter?: string, chunk = 1 << 20) {
  const out: [number, string[]][] = [];
  const r = new CsvRecordReader((f, line) => out.push([line, [...f]]), { delimiter });
  const b = new TextEncoder().encode(text);
  for (let i = 0; i < b.length; i += chunk) r.push(b.subarray(i, i + chunk));
  r.end();
  return { out, delimiter: r.delimiter };
}

describe('whitespace-delimited text', () => {
  it('runs of spaces and tabs are one delimiter; edges ignored; line numbers exact', () => {
    const text = '  a  b   c \n\n1   2 3\r\n  \n4\t \t5 6   \n7 8 9';
    for (const chunk of [1, 2, 3, 5, 1000]) {
      const { out, delimiter } = records(text, undefined, chunk);
      expect(delimiter).toBe('space');
      expect(out).toEqual([
        [1, ['a', 'b', 'c']],
        [3, ['1', '2', '3']],
        [5, ['4', '5', '6']],
        [6, ['7', '8', '9']],
      ]);
    }
  });

  it('a quoted field keeps its spaces', () => {
    for (const chunk of [1, 4, 1000]) {
      expect(records('machine  temp \n "Pump 3"  5.5\n', undefined, chunk).out).toEqual([
        [1, ['machine', 'temp']],
        [2, ['Pump 3', '5.5']],
      ]);
    }
  });

  it('is detected only without commas, semicolons or tabs', () => {
    expect(detectDelimiter('1 1 -0.0007 -0.0004 100.0 ')).toBe('space');
    expect(detectDelimiter('Machine ID,Date Time,volt')).toBe(',');
    expect(detectDelimiter('Machine ID;Date Time')).toBe(';');
    expect(detectDelimiter('"Machine ID"')).toBe(',');
    expect(detectDelimiter('volt')).toBe(',');
  });

  it('a given space delimiter splits a file whose first line would say otherwise', () => {
    expect(records('a b\tc\n1 2 3\n', 'space').out).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', '2', '3']],
    ]);
  });
});

describe('headerless files and counters as time', () => {
  it('imports a C-MAPSS-like run-to-failure file end to end', async () => {
    for (const chunk of [1 << 20, 11]) {
      const store = await Store.open(null);
      const r = await importCsv(store, memSource('train_FD001.txt', CMAPSS, chunk), CMAPSS_OPTS);
      expect(r).toMatchObject({
        kind: 'telemetry',
        delimiter: 'space',
        rowsRead: 5,
        added: 5,
        rejected: 0,
        sensors: ['setting1', 'setting2', 'setting3', 's1', 's2', 's3', 's4'],
        timestampForm: 'cycle counter, 1 h per unit from 2000-01-01 00:00',
        timeRange: { from: Y2K + 3600, to: Y2K + 3 * 3600 },
      });
      expect(r.cadence).toMatchObject({ medianIntervalSeconds: 3600, machines: 2 });
      const got = rows(store);
      expect(got.map((x) => [x.m, x.t - Y2K, x.s1, x.s4])).toEqual([
        ['1', 3600, 518.67, 1400.6],
        ['1', 7200, 518.67, 1403.14],
        ['1', 10800, 518.67, 1404.2],
        ['2', 3600, 518.67, 1406.42],
        ['2', 7200, 518.67, 1401.87],
      ]);
    }
  });

  it('column numbers map without names; columns default to col1..colN; one-shot stream', async () => {
    const store = await Store.open(null);
    const r = await importCsv(store, onceSource('e.dat', CMAPSS, 13), {
      noHeader: true,
      map: { '1': 'machine', '2': 'timestamp' },
      timeUnit: '10s',
      timeStart: '2020-06-01 12:00',
    });
    expect(r.sensors).toEqual(['col3', 'col4', 'col5', 'col6', 'col7', 'col8', 'col9']);
    expect(r.timestampForm).toBe('cycle counter, 10 s per unit from 2020-06-01 12:00');
    const start = Date.UTC(2020, 5, 1, 12) / 1000;
    expect(rows(store).map((x) => x.t - start)).toEqual([10, 20, 30, 10, 20]);
  });

  it('column numbers work in files with a header too', async () => {
    const store = await Store.open(null);
    const r = await importCsv(
      store,
      memSource('h.csv', 'when,who,volt\n2015-01-01 00:00,7,170\n'),
      { map: { '1': 'timestamp', '2': 'machine' } },
    );
    expect(r).toMatchObject({ added: 1, sensors: ['volt'] });
  });

  it('with a time unit, a cycle column with a header is the time column', async () => {
    const store = await Store.open(null);
    const r = await importCsv(
      store,
      memSource('rul.csv', 'unit_number,time_cycles,s2\n1,1,641.82\n1,2,642.15\n'),
      { timeUnit: '1d', map: { unit_number: 'machine' } },
    );
    expect(r).toMatchObject({ added: 2, sensors: ['s2'] });
    expect(rows(store).map((x) => x.t - Y2K)).toEqual([86400, 2 * 86400]);
  });

  it('a comma headerless file with a trailing delimiter', async () => {
    const store = await Store.open(null);
    const r = await importCsv(store, memSource('c.csv', '1,0,5.5,\n1,1,6,\n1,2.5,7,\n'), {
      noHeader: true,
      columns: ['engine', 'sample', 'egt'],
      map: { engine: 'machine', sample: 'timestamp' },
      timeUnit: '1m',
    });
    expect(r).toMatchObject({ added: 3, sensors: ['egt'] });
    expect(rows(store).map((x) => x.t - Y2K)).toEqual([0, 60, 150]);
  });

  it('a counter that is not a number rejects the row naming line and column', async () => {
    const store = await Store.open(null);
    const r = await importCsv(
      store,
      memSource('x.txt', CMAPSS.replace('1 3 -0.0043', '1 three -0.0043')),
      { ...CMAPSS_OPTS, maxRejectRatio: 1 },
    );
    expect(r.rejectedRows).toEqual([
      {
        file: 'x.txt',
        line: 3,
        column: 'cycle',
        reason:
          "'three' is not a cycle or sample number (the time column counts units: cycle " +
          'counter, 1 h per unit from 2000-01-01 00:00)',
        code: { code: 'bad-timestamp', params: { value: 'three' } },
      },
    ]);
  });

  it('refuses a names list whose length differs from the fields, and bad time options', async () => {
    const store = await Store.open(null);
    await expect(
      importCsv(store, memSource('x.txt', CMAPSS), { ...CMAPSS_OPTS, columns: COLUMNS.slice(1) }),
    ).rejects.toThrow(/x\.txt: 8 column names given .* but the first line has 9 fields/);
    await expect(
      importCsv(store, memSource('x.txt', CMAPSS), { ...CMAPSS_OPTS, timeUnit: 'often' }),
    ).rejects.toThrow(RangeError);
    await expect(
      importCsv(store, memSource('x.txt', CMAPSS), { ...CMAPSS_OPTS, timeStart: '2000-13-01' }),
    ).rejects.toThrow(/timeStart/);
    await expect(
      importCsv(store, memSource('x.txt', CMAPSS), { ...CMAPSS_OPTS, map: { cycle: 'timestamp' } }),
    ).rejects.toThrow(ImportError);
  });

  it('a folder of headerless files: names and numbers in --map are checked against them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdm-headerless-'));
    try {
      writeFileSync(join(dir, 'train_FD001.txt'), CMAPSS);
      writeFileSync(join(dir, 'test_FD001.dat'), CMAPSS.replace(/^(\d) /gm, '1$1 '));
      const store = await Store.open(null);
      const r = await importPaths(store, [dir], {
        ...CMAPSS_OPTS,
        map: { 1: 'machine', cycle: 'timestamp' },
      });
      expect(r.failed).toEqual([]);
      expect(r.reports.map((x) => x.added)).toEqual([5, 5]);
      expect(new Set(rows(store).map((x) => x.m))).toEqual(new Set(['1', '2', '11', '12']));
      await expect(
        importPaths(store, [dir], { ...CMAPSS_OPTS, map: { 27: 'machine', cycle: 'timestamp' } }),
      ).rejects.toThrow(/--map names column '27'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
