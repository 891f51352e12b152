/** Reading a header: split date and time, kinds from file names, repeated names, maps. */
import { describe, expect, it } from 'vitest';
import { resolveLayout } from '../../../workers/ingest/header';
import { ImportError } from '../../../workers/ingest/types';

const refusal = (fn: () => unknown): ImportError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('resolveLayout', () => {
  it('joins separate Date and Time columns into one timestamp', () => {
    const l = resolveLayout('log.csv', ['Date', 'Time', 'Machine', 'volt']);
    expect(l).toMatchObject({ kind: 'telemetry', timestamp: 0, time: 1, machine: 2 });
    expect(l.roles.slice(0, 2)).toEqual(['date', 'time']);
    // A whole timestamp beside them wins; the pair is then two unknown columns.
    const whole = resolveLayout('t.csv', ['datetime', 'machineID', 'volt']);
    expect(whole.time).toBe(-1);
  });

  it('refuses a date without a time when both roles are mapped apart', () => {
    const e = refusal(() =>
      resolveLayout('t.csv', ['d', 'machineID', 'volt'], undefined, { d: 'date' }),
    );
    expect(e.message).toMatch(/a date column needs a time column/);
  });

  it('tells a failure logbook from a maintenance log by the file name', () => {
    const h = ['Turbine_ID', 'Component', 'Timestamp', 'Remarks'];
    expect(resolveLayout('wind-farm-1-failures-2016.csv', h).kind).toBe('failures');
    expect(resolveLayout('C:\\exports\\maintenance_log.csv', h).kind).toBe('maint');
    expect(resolveLayout('components.csv', h).kind).toBe('maint');
  });

  it('refuses a column name given twice, naming it and both positions', () => {
    const e = refusal(() => resolveLayout('t.csv', ['datetime', 'machineID', 'volt', 'Volt']));
    expect(e.message).toMatch(/names column 'Volt' twice \(columns 3 and 4\)/);
  });

  it('skips map entries missing from a file only when asked (a map for a folder)', () => {
    const h = ['datetime', 'machineID', 'volt'];
    expect(() => resolveLayout('t.csv', h, undefined, { Remarks: 'ignore' })).toThrow(
      /--map names column 'remarks'/,
    );
    expect(resolveLayout('t.csv', h, undefined, { Remarks: 'ignore' }, true).kind).toBe(
      'telemetry',
    );
  });

  it('finds machine columns of real exports by their names', () => {
    for (const m of ['Asset Tag', 'serial_number', 'Equipment', 'Turbine_ID']) {
      expect(resolveLayout('t.csv', ['Date/Time', m, 'volt']).machine, m).toBe(1);
    }
  });
});
