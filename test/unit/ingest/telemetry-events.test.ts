/**
 * Events inside telemetry files: failure flags, failed-component, alarm-code and
 * replaced-component columns, and failures at the end of run-to-failure files. The
 * sensors are stored as usual; the events land in their tables at the row's machine
 * and time, one per rising edge per machine.
 */
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../../workers/ingest/import-csv';
import { resolveLayout } from '../../../workers/ingest/header';
import { flagValue, isNoEvent } from '../../../workers/ingest/telemetry-events';
import type { ImportOptions } from '../../../workers/ingest/types';
import { formatEpoch } from '../../../workers/shared/time';
import { Store } from '../../../workers/store/store';
import { count, memSource } from './helpers';

/** Rows of an event table as 'machine time value', in machine name then time order. */
function events(store: Store, table: 'failures' | 'errors' | 'maint'): string[] {
  const col = table === 'failures' ? 'failure' : table === 'errors' ? 'error_id' : 'comp';
  return store
    .all<{ m: string; t: number; v: string }>(
      `SELECT n.name AS m, x.t AS t, x.${col} AS v FROM ${table} x
         JOIN machine_names n ON n.machine_id = x.machine_id ORDER BY n.name, x.t, x.${col}`,
    )
    .map((r) => `${r.m} ${formatEpoch(r.t).slice(11, 16)} ${r.v}`);
}

async function load(text: string, opts: ImportOptions, name = 'tel.csv') {
  const store = await Store.open(null);
  const report = await importCsv(store, memSource(name, text), opts);
  return { store, report };
}

const csvText = (header: string, rows: string[]) => [header, ...rows].join('\n') + '\n';

describe('failure-flag column', () => {
  it('makes one failure per run of 1s per machine, machines interleaved', async () => {
    // Rows by time with two drives interleaved; A fails at 01:00 (two rows of 1) and
    // again at 04:00, B's flag is 1 at its first row and again at 03:00.
    const text = csvText('date,serial_number,smart_5_raw,failure', [
      '2015-01-01 00:00:00,A,1,0',
      '2015-01-01 00:00:00,B,2,1',
      '2015-01-01 01:00:00,A,1,1',
      '2015-01-01 01:00:00,B,2,0',
      '2015-01-01 02:00:00,A,1,1',
      '2015-01-01 02:00:00,B,2,0',
      '2015-01-01 03:00:00,B,2,1',
      '2015-01-01 03:00:00,A,1,0',
      '2015-01-01 04:00:00,A,1,1',
      '2015-01-01 04:00:00,B,2,1',
    ]);
    const { store, report } = await load(text, {
      map: { failure: 'failure-flag' },
      failureComponent: 'drive',
    });
    expect(report).toMatchObject({ kind: 'telemetry', rowsRead: 10, added: 10, rejected: 0 });
    expect(report.events).toEqual({ failures: 4, errors: 0, maint: 0 });
    expect(events(store, 'failures')).toEqual([
      'A 01:00 drive',
      'A 04:00 drive',
      'B 00:00 drive',
      'B 03:00 drive',
    ]);
    expect(report.sensors).toEqual(['smart_5_raw']);
    expect(report.notImported).toEqual([]);
    expect(report.missingValues).toBe(0);
    expect(count(store, 'telemetry')).toBe(10);
    // Importing the file again adds nothing and counts the events as already stored.
    const again = await importCsv(store, memSource('tel.csv', text), {
      map: { failure: 'failure-flag' },
      failureComponent: 'drive',
    });
    expect(again.events).toEqual({ failures: 0, errors: 0, maint: 0 });
    expect(again.eventDuplicates).toBe(4);
    expect(count(store, 'failures')).toBe(4);
    store.close();
  });

  it('reads true/false and yes/no, default component failure, empty cells as 0', async () => {
    const text = csvText('datetime,machineID,volt,failed', [
      '2015-01-01 00:00:00,7,170,false',
      '2015-01-01 01:00:00,7,171,TRUE',
      '2015-01-01 02:00:00,7,172,',
      '2015-01-01 03:00:00,7,173,yes',
      '2015-01-01 04:00:00,7,174,no',
    ]);
    const { store, report } = await load(text, { map: { failed: 'failure-flag' } });
    expect(report.events?.failures).toBe(2);
    expect(events(store, 'failures')).toEqual(['7 01:00 failure', '7 03:00 failure']);
    store.close();
  });

  it('a cell that is not a flag rejects its row, naming line and column', async () => {
    const rows = Array.from(
      { length: 200 },
      (_, i) =>
        `2015-01-0${1 + Math.floor(i / 24)} ${String(i % 24).padStart(2, '0')}:00:00,1,17${i % 10},${i === 50 ? 'maybe' : 0}`,
    );
    const text = csvText('datetime,machineID,volt,failure', rows);
    const { store, report } = await load(text, {
      map: { failure: 'failure-flag' },
      maxRejectRatio: 0.01,
    });
    expect(report.rejected).toBe(1);
    expect(report.rejectedRows[0]).toMatchObject({
      line: 52,
      column: 'failure',
      reason: "'maybe' is not a failure flag (0/1, true/false, yes/no)",
    });
    expect(count(store, 'telemetry')).toBe(199);
    store.close();
  });

  it('an unmapped 0/1 failure column beside readings is read as a failure flag, and says so', async () => {
    const text = csvText('datetime,machineID,volt,failure', [
      '2015-01-01 00:00:00,1,170,0',
      '2015-01-01 01:00:00,1,171,1',
    ]);
    const store = await Store.open(null);
    const report = await importCsv(store, memSource('tel.csv', text));
    expect(report.kind).toBe('telemetry');
    expect(report.events?.failures).toBe(1);
    expect(report.mapping?.columns.find((c) => c.name === 'failure')?.role).toBe('failure-flag');
    expect(report.mapping?.assumptions.join(' ')).toMatch(/'failure' holds only .*failure flag/);
    store.close();
  });
});

describe('day files with entirely empty columns', () => {
  it('lists the empty columns and does not count their cells as missing readings', async () => {
    const text = csvText('date,serial_number,smart_1_raw,smart_2_raw,smart_5_raw,failure', [
      '2015-01-01,A,7,,1,0',
      '2015-01-01,B,8,,,1',
      '2015-01-01,C,9,,2,0',
    ]);
    const { store, report } = await load(text, { map: { failure: 'failure-flag' } }, 'day.csv');
    expect(report.sensors).toEqual(['smart_1_raw', 'smart_5_raw']);
    expect(report.notImported).toEqual([
      { column: 'smart_2_raw', code: 'empty', reason: 'entirely empty: no reading in the file' },
    ]);
    expect(report.missingValues).toBe(1);
    expect(events(store, 'failures')).toEqual(['B 00:00 failure']);
    store.close();
  });
});

describe('text event columns in telemetry', () => {
  it('a failed-component column: one failure where a name starts, per machine', async () => {
    const text = csvText('datetime,machineID,volt,failed_part', [
      '2015-01-01 00:00:00,1,170,',
      '2015-01-01 00:00:00,2,170,',
      '2015-01-01 01:00:00,1,171,bearing',
      '2015-01-01 01:00:00,2,171,',
      '2015-01-01 02:00:00,1,172,bearing',
      '2015-01-01 02:00:00,2,172,seal',
      '2015-01-01 03:00:00,1,173,impeller',
      '2015-01-01 03:00:00,2,173,NULL',
      '2015-01-01 04:00:00,1,174,',
      '2015-01-01 04:00:00,2,174,seal',
    ]);
    const { store, report } = await load(text, { map: { failed_part: 'failure' } });
    expect(report.events).toEqual({ failures: 4, errors: 0, maint: 0 });
    expect(events(store, 'failures')).toEqual([
      '1 01:00 bearing',
      '1 03:00 impeller',
      '2 02:00 seal',
      '2 04:00 seal',
    ]);
    expect(report.sensors).toEqual(['volt']);
    store.close();
  });

  it('an alarm-code column: 0, OK, normal, none and empty are no alarm', async () => {
    const codes = ['0', 'E-104', 'E-104', 'OK', 'E-104', 'E-205', 'normal', 'none', '', 'W-12'];
    const text = csvText(
      'Timestamp,Asset,Temp,AlarmCode',
      codes.map((c, i) => `2015-01-01 0${i}:00:00,P-101A,5${i},${c}`),
    );
    const { store, report } = await load(text, { map: { AlarmCode: 'error' } });
    expect(report.events).toEqual({ failures: 0, errors: 4, maint: 0 });
    expect(events(store, 'errors')).toEqual([
      'P-101A 01:00 E-104',
      'P-101A 04:00 E-104',
      'P-101A 05:00 E-205',
      'P-101A 09:00 W-12',
    ]);
    expect(count(store, 'telemetry')).toBe(10);
    store.close();
  });

  it('several event columns in one file, and a replaced-component column', async () => {
    const text = csvText('datetime,machineID,volt,status,replaced,failure', [
      '2015-01-01 00:00:00,1,170,OK,,0',
      '2015-01-01 01:00:00,1,171,E1,,0',
      '2015-01-01 02:00:00,1,172,E1,,1',
      '2015-01-01 03:00:00,1,173,OK,pump,0',
      '2015-01-01 04:00:00,1,174,OK,pump,0',
    ]);
    const { store, report } = await load(text, {
      map: { status: 'error', replaced: 'maint', failure: 'failure-flag' },
      failureComponent: 'pump',
    });
    expect(report.events).toEqual({ failures: 1, errors: 1, maint: 1 });
    expect(events(store, 'errors')).toEqual(['1 01:00 E1']);
    expect(events(store, 'failures')).toEqual(['1 02:00 pump']);
    expect(events(store, 'maint')).toEqual(['1 03:00 pump']);
    store.close();
  });

  it('an event value longer than allowed rejects its row', async () => {
    const text = csvText('datetime,machineID,volt,status', [
      '2015-01-01 00:00:00,1,170,OK',
      `2015-01-01 01:00:00,1,171,${'x'.repeat(300)}`,
    ]);
    const { store, report } = await load(text, { map: { status: 'error' }, maxRejectRatio: 1 });
    expect(report.rejectedRows[0]).toMatchObject({ line: 3, column: 'status' });
    expect(report.rejectedRows[0].reason).toMatch(/300 characters long/);
    expect(count(store, 'errors')).toBe(0);
    store.close();
  });

  it('a telemetry column mapped to plain event is refused, naming the event roles', () => {
    expect(() =>
      resolveLayout('t.csv', ['datetime', 'machineID', 'volt', 'status'], 'telemetry', {
        status: 'event',
      }),
    ).toThrow(/status=error \(alarm or status code\)/);
  });

  it('in an event log, failure/error/maint roles of its kind act as event', async () => {
    const log = csvText('datetime,machineID,what', [
      '2015-01-01 03:00:00,1,bearing',
      '2015-01-02 03:00:00,2,seal',
    ]);
    const { store, report } = await load(log, { map: { what: 'failure' } }, 'log.csv');
    expect(report).toMatchObject({ kind: 'failures', added: 2 });
    expect(events(store, 'failures')).toEqual(['1 03:00 bearing', '2 03:00 seal']);
    expect(() =>
      resolveLayout('e.csv', ['datetime', 'machineID', 'what'], 'errors', { what: 'maint' }),
    ).toThrow(/mapped to maint/);
    store.close();
  });
});

describe('failureAtEnd', () => {
  it("makes each machine's latest row a failure, in any row order", async () => {
    const text = csvText('cycle_time,unit,s1,s2', [
      '2015-01-01 02:00:00,1,1.5,2',
      '2015-01-01 00:00:00,2,1.1,2',
      '2015-01-01 00:00:00,1,1.2,2',
      '2015-01-01 03:00:00,1,1.6,2',
      '2015-01-01 01:00:00,2,1.3,2',
      '2015-01-01 01:00:00,1,1.4,2',
    ]);
    const { store, report } = await load(text, {
      map: { cycle_time: 'timestamp', unit: 'machine' },
      failureAtEnd: 'engine',
    });
    expect(report.events).toEqual({ failures: 2, errors: 0, maint: 0 });
    expect(events(store, 'failures')).toEqual(['1 03:00 engine', '2 01:00 engine']);
    store.close();
  });
});

describe('helpers', () => {
  it('flags and no-event values', () => {
    expect(['1', '1.0', 'true', 'Yes'].map(flagValue)).toEqual([1, 1, 1, 1]);
    expect(['0', '0.0', 'FALSE', 'no', '', 'NULL'].map(flagValue)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(flagValue('2')).toBeNull();
    for (const v of ['0', '00', 'OK', 'Normal', 'none', '', ' ', 'N/A', 'no alarm', 'cleared']) {
      expect(isNoEvent(v), v).toBe(true);
    }
    for (const v of ['E-104', '104', 'bearing', 'okay']) expect(isNoEvent(v), v).toBe(false);
  });
});
