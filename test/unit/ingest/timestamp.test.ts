/** Timestamp parsers and the day/month decision, against civilToEpoch. */
import { describe, expect, it } from 'vitest';
import {
  DateOrderDecider,
  orderFromDateFormat,
  parseDayMonth,
  parseIso,
  scan,
  timestampFamily,
} from '../../../workers/ingest/timestamp';
import { detectDelimiter, normName, resolveLayout } from '../../../workers/ingest/header';
import { civilToEpoch as T } from '../../../workers/shared/time';

describe('timestamps', () => {
  it('parses ISO forms as written; an offset is left in scan', () => {
    expect(parseIso('2015-01-01 06:00:00')).toBe(T(2015, 1, 1, 6));
    expect(scan.zoned).toBe(false);
    expect(parseIso('2015-01-01 06:05')).toBe(T(2015, 1, 1, 6, 5));
    expect(parseIso('2016-02-29T23:59:59.999Z')).toBe(T(2016, 2, 29, 23, 59, 59) + 0.999);
    expect([scan.zoned, scan.offset]).toEqual([true, 0]);
    expect(parseIso('2015-01-01 06:00:00+02:00')).toBe(T(2015, 1, 1, 6));
    expect([scan.zoned, scan.offset]).toEqual([true, 7200]);
    expect(parseIso('2015-01-01')).toBe(T(2015, 1, 1));
    expect(scan.zoned).toBe(false);
    for (const bad of [
      '2015-02-29 00:00:00',
      '2015-01-01 24:00:00',
      '2015-13-01',
      '2015-01-01 6:0',
      '2015-01-01 06:00:00+25:00',
      '1899-12-31 23:59:59',
      '2015-01-01x',
    ])
      expect(parseIso(bad), bad).toBeNaN();
  });

  it('parses M/D/YYYY h:mm:ss AM and D.M.YYYY HH:MM', () => {
    expect(parseDayMonth('1/2/2015 12:00:00 AM', 47, 'MDY')).toBe(T(2015, 1, 2, 0));
    expect(parseDayMonth('1/2/2015 12:30:00 PM', 47, 'MDY')).toBe(T(2015, 1, 2, 12, 30));
    expect(parseDayMonth('12/31/2015 11:59:59 pm', 47, 'MDY')).toBe(T(2015, 12, 31, 23, 59, 59));
    expect(parseDayMonth('1/2/2015 6:00', 47, 'DMY')).toBe(T(2015, 2, 1, 6));
    expect(parseDayMonth('24.12.2015 18:30', 46, 'DMY')).toBe(T(2015, 12, 24, 18, 30));
    expect(parseDayMonth('5.1.2015', 46, 'DMY')).toBe(T(2015, 1, 5));
    for (const bad of ['13/1/2015 6:00', '1/2/2015 13:00 PM', '1/2/15 6:00', '1/2/2015 6:00 XM'])
      expect(parseDayMonth(bad, 47, 'MDY'), bad).toBeNaN();
  });

  it('tells families apart', () => {
    expect(timestampFamily('2015-01-01T00:00')).toBe('iso');
    expect(timestampFamily(' 1/1/2015 6:00:00 AM')).toBe('slash');
    expect(timestampFamily('1.1.2015')).toBe('dot');
    expect(timestampFamily('yesterday')).toBeNull();
  });

  it('decides day/month order from the column', () => {
    const d = new DateOrderDecider(47);
    for (const v of ['1/2/2015', '3/3/2015']) d.consider(v);
    expect(d.decision).toBe('ambiguous');
    d.consider('2/13/2015 1:00');
    expect(d.decision).toBe('MDY');
    const e = new DateOrderDecider(47);
    e.consider('4/4/2015');
    expect(e.decision).toBeNull();
    e.consider('31/1/2015');
    expect(e.decision).toBe('DMY');
  });

  it('reads dateFormat options', () => {
    expect(orderFromDateFormat('dmy')).toBe('DMY');
    expect(orderFromDateFormat('M/D/YYYY h:mm:ss A')).toBe('MDY');
    expect(orderFromDateFormat('DD.MM.YYYY HH:mm')).toBe('DMY');
    expect(orderFromDateFormat('YYYY-MM-DD')).toBe('YMD');
    expect(() => orderFromDateFormat('whenever')).toThrow(RangeError);
  });
});

describe('fields and headers', () => {
  it('normalises names and detects delimiters', () => {
    expect(['machineID', 'machine_id', 'Machine ID', 'MACHINE-ID'].map(normName)).toEqual(
      Array(4).fill('machineid'),
    );
    expect(['Date/Time', 'Time Stamp', 'date_time'].map(normName)).toEqual(
      Array(3).fill('datetime').fill('timestamp', 1, 2),
    );
    expect(detectDelimiter('a;b;"c,d"')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a,b')).toBe(',');
  });

  it('detects every kind from its header', () => {
    const kind = (h: string) => resolveLayout('f', h.split(',')).kind;
    expect(kind('datetime,machineID,volt,rotate')).toBe('telemetry');
    expect(kind('datetime,machineID,errorID')).toBe('errors');
    expect(kind('Date Time,Machine ID,Comp')).toBe('maint');
    expect(kind('datetime,machine_id,failure')).toBe('failures');
    expect(kind('machineID,model,age')).toBe('machines');
    expect(() => resolveLayout('f', ['datetime', 'machineID', 'errorID'], 'machines')).toThrow(
      /needs a model column/,
    );
    expect(() => resolveLayout('f', ['a', 'b'], undefined, { nope: 'timestamp' })).toThrow(
      /'nope'/,
    );
  });
});
