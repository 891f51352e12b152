/**
 * Timestamp forms detected from a column, read to plant wall time (offsets and epoch
 * values converted to the plant zone), refusals and the reasons given for bad values.
 */
import { describe, expect, it } from 'vitest';
import {
  SETTLE_VALUES,
  TimestampColumn,
  TimestampFormDetector,
  type TimestampForm,
  type TimestampOptions,
} from '../../../workers/ingest/timestamp-column';
import {
  parseDateFormat,
  parseDayMonth,
  parseIso,
  parseMonthName,
  timestampShape,
  TimestampPattern,
} from '../../../workers/ingest/timestamp';
import { ImportError } from '../../../workers/ingest/types';
import { civilToEpoch as T } from '../../../workers/shared/time';

const BERLIN: TimestampOptions = { timeZone: 'Europe/Berlin' };
const SEOUL: TimestampOptions = { timeZone: 'Asia/Seoul' };
const UTC: TimestampOptions = { timeZone: 'UTC' };

function detect(values: string[], opts: TimestampOptions = BERLIN): TimestampForm {
  const d = new TimestampFormDetector('plant.csv', 'datetime', opts);
  for (const v of values) d.consider(v);
  return d.finish();
}

/** Detects the form from the values, then reads each of them. */
function read(values: string[], opts: TimestampOptions = BERLIN): number[] {
  const col = new TimestampColumn(detect(values, opts), opts);
  return values.map((v) => col.parse(v));
}

/** The ImportError finish() throws. */
function refusal(values: string[], opts: TimestampOptions = BERLIN): ImportError {
  try {
    detect(values, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('not refused');
}

describe('ISO forms', () => {
  it('reads dates, times, T, slashes, one-digit parts', () => {
    const vals = [
      '2015-01-01',
      '2015-01-01 06:00',
      '2015-01-01 06:00:00',
      '2015-01-01T06:00:00',
      '2015-01-01T06:00',
      '2015/01/01 06:00:00',
      '2015-1-1 6:00',
      ' 2015-01-01 06:00:00 ',
    ];
    const f = detect(vals);
    expect(f).toMatchObject({ id: 'iso', dateOrder: null, converted: false });
    expect(f.description).toBe('YYYY-MM-DD HH:MM:SS');
    expect(read(vals)).toEqual([T(2015, 1, 1), ...Array(7).fill(T(2015, 1, 1, 6))]);
  });

  it('keeps fractions of a second, rounded to the millisecond', () => {
    const base = T(2015, 1, 1, 6);
    const vals = ['.25', '.250', '.2504', '.2505', '.5', '.123456', '.9996', ',75'].map(
      (f) => '2015-01-01 06:00:00' + f,
    );
    expect(read(vals)).toEqual(
      [0.25, 0.25, 0.25, 0.251, 0.5, 0.123, 1, 0.75].map((x) => (base * 1000 + x * 1000) / 1000),
    );
    expect(detect(vals).description).toBe('YYYY-MM-DD HH:MM:SS.fff');
  });

  it('does not collapse 1 Hz data with fractions', () => {
    const vals: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const ms = i * 1250;
      const d = new Date(Date.UTC(2015, 0, 1, 6) + ms).toISOString();
      vals.push(d.slice(0, 10) + ' ' + d.slice(11, 23));
    }
    const ts = read(vals);
    expect(new Set(ts).size).toBe(1000);
    ts.forEach((t, i) => expect(t).toBe((T(2015, 1, 1, 6) * 1000 + i * 1250) / 1000));
  });

  it('refuses impossible values', () => {
    const col = new TimestampColumn(detect(['2015-01-01 00:00:00']), BERLIN);
    for (const bad of [
      '2015-02-29 00:00:00',
      '2015-01-01 24:00:00',
      '2015-01-01 23:60:00',
      '2015-13-01',
      '2015-01-01 6:0',
      '2015-01-01x',
      '2015-01-01 06:00:00+19:00',
      '1899-12-31 23:59:59',
      '',
    ]) {
      expect(col.parse(bad), bad).toBeNaN();
    }
  });
});

describe('offsets', () => {
  it('converts Z, +HH:MM, +HHMM, +HH, -05:00, UTC and GMT to Berlin time', () => {
    const six = T(2015, 1, 1, 6);
    const vals = [
      '2015-01-01T05:00:00Z',
      '2015-01-01T14:00:00+09:00',
      '2015-01-01T14:00:00+0900',
      '2015-01-01T14:00:00+09',
      '2015-01-01T00:00:00-05:00',
      '2015-01-01 05:00:00 UTC',
      '2015-01-01 06:00:00 GMT+01:00',
      '2015-01-01 05:00:00 +00:00',
      '2015-01-01T05:00:00.5Z',
    ];
    const f = detect(vals);
    expect(f).toMatchObject({ id: 'iso-offset', converted: true });
    expect(f.description).toBe('YYYY-MM-DDTHH:MM:SS.fff with UTC offset');
    expect(read(vals)).toEqual([...Array(8).fill(six), six + 0.5]);
  });

  it('converts to Seoul time', () => {
    expect(read(['2015-01-01T06:00:00+01:00', '2015-07-01T00:00:00Z'], SEOUL)).toEqual([
      T(2015, 1, 1, 14),
      T(2015, 7, 1, 9),
    ]);
  });

  it('reads values that were refused before: 2016-03-03T19:00:00+00:00', () => {
    expect(read(['2016-03-03T19:00:00+00:00'])).toEqual([T(2016, 3, 3, 20)]);
    expect(read(['2016-03-03T19:00:00+00:00'], UTC)).toEqual([T(2016, 3, 3, 19)]);
  });

  it('reads a file whose offsets change across daylight saving', () => {
    const spring = [
      '2015-03-29T00:00:00+01:00',
      '2015-03-29T01:00:00+01:00',
      '2015-03-29T03:00:00+02:00',
      '2015-03-29T04:00:00+02:00',
    ];
    expect(read(spring)).toEqual([0, 1, 3, 4].map((h) => T(2015, 3, 29, h)));
    const autumn = [
      '2015-10-25T01:00:00+02:00',
      '2015-10-25T02:00:00+02:00',
      '2015-10-25T02:30:00+02:00',
      '2015-10-25T02:00:00+01:00',
      '2015-10-25T02:30:00+01:00',
      '2015-10-25T03:00:00+01:00',
    ];
    const col = new TimestampColumn(detect(autumn), BERLIN);
    const got = autumn.map((v) => [col.parse(v), col.repeatedHour]);
    expect(got).toEqual([
      [T(2015, 10, 25, 1), false],
      [T(2015, 10, 25, 2), true],
      [T(2015, 10, 25, 2, 30), true],
      [T(2015, 10, 25, 2), true],
      [T(2015, 10, 25, 2, 30), true],
      [T(2015, 10, 25, 3), false],
    ]);
    // The same instants in Seoul: no daylight saving, nothing repeated.
    const seoul = new TimestampColumn(detect(autumn, SEOUL), SEOUL);
    for (const v of autumn) {
      seoul.parse(v);
      expect(seoul.repeatedHour).toBe(false);
    }
  });

  it('flags UTC instants that land in the repeated hour (New York)', () => {
    const z = { timeZone: 'America/New_York' };
    const vals = ['2015-11-01T04:59:00Z', '2015-11-01T05:00:00Z', '2015-11-01T06:59:00Z'];
    const col = new TimestampColumn(detect(vals, z), z);
    const got = vals.map((v) => [col.parse(v), col.repeatedHour]);
    expect(got).toEqual([
      [T(2015, 11, 1, 0, 59), false],
      [T(2015, 11, 1, 1), true],
      [T(2015, 11, 1, 1, 59), true],
    ]);
    col.parse('2015-11-01 01:30:00'); // plant time as written: not an instant
    expect(col.repeatedHour).toBe(false);
  });

  it('reads a mixed column: offset values converted, the others plant time', () => {
    const vals = ['2015-01-01 06:00:00', '2015-01-01 05:00:00Z', '2015-01-01 07:00:00'];
    const f = detect(vals);
    expect(f).toMatchObject({ id: 'iso-offset', converted: true });
    expect(f.description).toBe('YYYY-MM-DD HH:MM:SS with or without UTC offset');
    expect(read(vals)).toEqual([T(2015, 1, 1, 6), T(2015, 1, 1, 6), T(2015, 1, 1, 7)]);
    // The other way round: a plain ISO column still converts a value with an offset.
    const plain = new TimestampColumn(detect(['2015-01-01 06:00:00']), BERLIN);
    expect(plain.form.converted).toBe(false);
    expect(plain.parse('2015-01-01T05:00:00Z')).toBe(T(2015, 1, 1, 6));
  });

  it('gives equal instants equal values whatever the offset', () => {
    const vals = ['2015-01-01T05:00:00.001Z', '2015-01-01T06:00:00.001+01:00'];
    const [a, b] = read(vals);
    expect(a).toBe(b);
    expect(a).toBe((T(2015, 1, 1, 6) * 1000 + 1) / 1000);
  });
});

describe('day/month forms', () => {
  it('reads M/D/YYYY h:mm:ss AM with the order from the column', () => {
    const vals = [
      '1/2/2015 12:00:00 AM',
      '1/2/2015 12:30:00 PM',
      '12/31/2015 11:59:59 pm',
      '1/13/2015 6:00:00.5 AM',
      '1/2/2015',
    ];
    const f = detect(vals);
    expect(f).toMatchObject({ id: 'slash', dateOrder: 'MDY', converted: false });
    expect(f.description).toBe('M/D/YYYY h:mm:ss.fff AM');
    expect(read(vals)).toEqual([
      T(2015, 1, 2, 0),
      T(2015, 1, 2, 12, 30),
      T(2015, 12, 31, 23, 59, 59),
      T(2015, 1, 13, 6) + 0.5,
      T(2015, 1, 2),
    ]);
  });

  it('decides D/M from a late value: 30 ambiguous dates, then 13/1/2015', () => {
    const vals = [
      ...Array.from({ length: 30 }, (_, i) => `1/2/2015 ${i % 24}:00`),
      '13/1/2015 6:00',
    ];
    const f = detect(vals);
    expect(f).toMatchObject({ id: 'slash', dateOrder: 'DMY' });
    expect(f.description).toBe('D/M/YYYY HH:MM');
    expect(read(vals)[0]).toBe(T(2015, 2, 1, 0));
  });

  it('decides D/M after 30 dates that read the same both ways (1/1/2015)', () => {
    const vals = [...Array(30).fill('1/1/2015 06:00'), '13/1/2015 06:00'];
    expect(detect(vals)).toMatchObject({ id: 'slash', dateOrder: 'DMY' });
    expect(read(vals).at(-1)).toBe(T(2015, 1, 13, 6));
  });

  it('is settled after enough values once the order is decided', () => {
    const d = new TimestampFormDetector('f.csv', 'datetime', BERLIN);
    for (let i = 0; i < SETTLE_VALUES + 50; i++) d.consider('1/2/2015 06:00');
    expect(d.settled).toBe(false);
    d.consider('2/13/2015 06:00');
    expect(d.settled).toBe(true);
    expect(d.finish().dateOrder).toBe('MDY');
    const iso = new TimestampFormDetector('f.csv', 'datetime', BERLIN);
    for (let i = 0; i < SETTLE_VALUES - 1; i++) iso.consider('2015-01-01 06:00:00');
    iso.consider('');
    expect(iso.settled).toBe(false);
    iso.consider('2015-01-01 07:00:00');
    expect(iso.settled).toBe(true);
  });

  it('refuses an ambiguous column and asks for DMY or MDY; the option decides', () => {
    const vals = ['1/2/2015 06:00', '2/1/2015 06:00', '3/3/2015 06:00'];
    const e = refusal(vals);
    expect(e.reason).toBe('ambiguous-date');
    expect(e.message).toMatch(/plant\.csv.*'datetime'.*ambiguous.*--date-format MDY or DMY/s);
    expect(read(vals, { ...BERLIN, dateFormat: 'DMY' })[0]).toBe(T(2015, 2, 1, 6));
    expect(read(vals, { ...BERLIN, dateFormat: 'mdy' })[0]).toBe(T(2015, 1, 2, 6));
    const d = new TimestampFormDetector('f.csv', 'datetime', { ...BERLIN, dateFormat: 'DMY' });
    for (let i = 0; i < SETTLE_VALUES; i++) d.consider('1/2/2015 06:00');
    expect(d.settled).toBe(true);
  });

  it('reads all-same-both-ways dates as M/D (as before)', () => {
    expect(detect(['1/1/2015', '2/2/2015']).dateOrder).toBe('MDY');
  });

  it('reads D.M.YYYY (day first unless the column shows otherwise) and D-M-YYYY', () => {
    expect(read(['24.12.2015 18:30', '5.1.2015', '1.2.2015 06:00:00'])).toEqual([
      T(2015, 12, 24, 18, 30),
      T(2015, 1, 5),
      T(2015, 2, 1, 6),
    ]);
    expect(detect(['5.1.2015 06:00'])).toMatchObject({ id: 'dot', dateOrder: 'DMY' });
    expect(detect(['1.13.2015 06:00'])).toMatchObject({ id: 'dot', dateOrder: 'MDY' });
    const dash = ['13-01-2015 06:00', '01-02-2015 06:00'];
    expect(detect(dash)).toMatchObject({ id: 'dash', dateOrder: 'DMY' });
    expect(read(dash)).toEqual([T(2015, 1, 13, 6), T(2015, 2, 1, 6)]);
  });

  it('reads a day/month value with an offset, converted', () => {
    expect(read(['13/1/2015 05:00 +00:00'])).toEqual([T(2015, 1, 13, 6)]);
  });
});

describe('month names', () => {
  it('reads the usual layouts, any case, Sept, a leading weekday', () => {
    const cases: [string, number][] = [
      ['01-Jan-2015 06:00:00', T(2015, 1, 1, 6)],
      ['1 Jan 2015 06:00', T(2015, 1, 1, 6)],
      ['Jan 1, 2015 6:00 AM', T(2015, 1, 1, 6)],
      ['January 1, 2015', T(2015, 1, 1)],
      ['2015-Jan-01 06:00', T(2015, 1, 1, 6)],
      ['2015-jan-01T06:00:00.5', T(2015, 1, 1, 6) + 0.5],
      ['Sept 3, 2015', T(2015, 9, 3)],
      ['sep 3 2015', T(2015, 9, 3)],
      ['3 September 2015 18:00', T(2015, 9, 3, 18)],
      ['DECEMBER 31, 2015 11:59 PM', T(2015, 12, 31, 23, 59)],
      ['Jan. 2, 2015, 6:00 PM', T(2015, 1, 2, 18)],
      ['Fri, 02 Jan 2015 06:00:00', T(2015, 1, 2, 6)],
    ];
    for (const [v, want] of cases) {
      const f = detect([v]);
      expect(f.id, v).toBe('month-name');
      expect(new TimestampColumn(f, BERLIN).parse(v), v).toBe(want);
    }
    expect(detect(['01-Jan-2015 06:00:00']).description).toBe('DD-MMM-YYYY HH:MM:SS');
    expect(detect(['Jan 1, 2015 6:00 AM']).description).toBe('MMM D, YYYY h:mm AM');
    expect(detect(['January 1, 2015']).description).toBe('MMMM D, YYYY');
    expect(detect(['2015-Jan-01 06:00']).description).toBe('YYYY-MMM-DD HH:MM');
    expect(read(['Thu, 01 Jan 2015 06:00:00 GMT'])).toEqual([T(2015, 1, 1, 7)]);
  });

  it('refuses unknown names and impossible dates', () => {
    for (const bad of [
      '01-Jnu-2015',
      '31-Feb-2015',
      'Janu 1, 2015',
      '1 Jan 2015 25:00',
      'Jan 2015',
    ]) {
      expect(parseMonthName(bad), bad).toBeNaN();
    }
  });
});

describe('numbers', () => {
  it('reads Excel serial days as wall time, to the millisecond', () => {
    const vals = ['42005.25', '42005', '42005.000011574', '42005,5', '42005.00000001'];
    const f = detect(vals);
    expect(f).toMatchObject({ id: 'excel', description: 'Excel serial days', converted: false });
    expect(read(vals)).toEqual([
      T(2015, 1, 1, 6),
      T(2015, 1, 1),
      T(2015, 1, 1, 0, 0, 1),
      T(2015, 1, 1, 12),
      T(2015, 1, 1) + 0.001,
    ]);
  });

  it('reads Unix epoch seconds and milliseconds as instants', () => {
    const s = detect(['1420092000', '1420095600.25']);
    expect(s).toMatchObject({ id: 'epoch-s', description: 'Unix epoch seconds', converted: true });
    expect(read(['1420092000', '1420095600.25'])).toEqual([
      T(2015, 1, 1, 7),
      T(2015, 1, 1, 8) + 0.25,
    ]);
    expect(read(['1420092000'], SEOUL)).toEqual([T(2015, 1, 1, 15)]);
    const ms = ['1420092000000', '1420092000250', '1420092000250.4'];
    expect(detect(ms)).toMatchObject({ id: 'epoch-ms', converted: true });
    expect(read(ms, UTC)).toEqual([
      T(2015, 1, 1, 6),
      T(2015, 1, 1, 6) + 0.25,
      T(2015, 1, 1, 6) + 0.25,
    ]);
  });

  it('decides by magnitude over the column; a given form overrides', () => {
    const vals = ['1420092000', '1420095600', 'n/a', '1420099200'];
    expect(detect(vals).id).toBe('epoch-s');
    expect(detect(['50000'], UTC).id).toBe('excel');
    expect(read(['50000'], { ...UTC, dateFormat: 'epoch-s' })).toEqual([T(1970, 1, 1, 13, 53, 20)]);
    expect(read(['100'], { ...UTC, dateFormat: 'excel' })).toEqual([T(1900, 4, 9)]);
    expect(read(['1420092000000'], { ...UTC, dateFormat: 'epoch-ms' })).toEqual([T(2015, 1, 1, 6)]);
    expect(refusal(['12345', '678']).message).toMatch(/fit no timestamp form/);
  });

  it('reads compact YYYYMMDDHHmmss and YYYYMMDD', () => {
    expect(detect(['20150101060000'])).toMatchObject({ id: 'compact', pattern: 'YYYYMMDDHHmmss' });
    expect(read(['20150101060000', '20151231235959'])).toEqual([
      T(2015, 1, 1, 6),
      T(2015, 12, 31, 23, 59, 59),
    ]);
    expect(read(['20150102'])).toEqual([T(2015, 1, 2)]);
  });
});

describe('refusals at detection', () => {
  it('refuses two-digit years and says how to read them', () => {
    const e = refusal(['1/2/15 6:00', '1/3/15 6:00']);
    expect(e.reason).toBe('timestamp');
    expect(e.message).toContain('plant.csv');
    expect(e.message).toContain("'datetime'");
    expect(e.message).toContain('--date-format "D/M/YY H:mm"');
    expect(e.message).toContain('"M/D/YY H:mm"');
    expect(e.message).toMatch(/69-99.*1969-1999.*00-68.*2000-2068/);
    const m = refusal(['01-Jan-15', '02-Jan-15']).message;
    expect(m).toContain('--date-format "DD-MMM-YY"');
    for (const [v, p] of [
      ['1/2/15 6:00', 'D/M/YY H:mm'],
      ['01-Jan-15', 'DD-MMM-YY'],
      ['24.12.15 18:30:05', 'D.M.YY H:mm:ss'],
    ]) {
      expect(refusal([v]).message).toContain(`"${p}"`);
      expect(new TimestampPattern(p).parse(v), p).not.toBeNaN();
    }
  });

  it('reads two-digit years with a pattern as POSIX %y does', () => {
    const opts = { ...UTC, dateFormat: 'D/M/YY H:mm' };
    expect(read(['1/2/15 6:00', '1/2/68 6:00', '1/2/69 6:00', '1/2/99 6:00'], opts)).toEqual([
      T(2015, 2, 1, 6),
      T(2068, 2, 1, 6),
      T(1969, 2, 1, 6),
      T(1999, 2, 1, 6),
    ]);
    expect(read(['01-Jan-15'], { ...UTC, dateFormat: 'DD-MMM-YY' })).toEqual([T(2015, 1, 1)]);
  });

  it('refuses years before 1900, never shifting them', () => {
    const e = refusal(['1850-01-01 00:00:00', '1850-01-01 01:00:00']);
    expect(e.reason).toBe('timestamp');
    expect(e.message).toMatch(/year 1850 in '1850-01-01 00:00:00' is before 1900/);
    // One such value among good ones is a bad row, not a bad file.
    const col = new TimestampColumn(detect(['2015-01-01 00:00:00', '1850-01-01 00:00:00']), UTC);
    expect(col.parse('1850-01-01 00:00:00')).toBeNaN();
    expect(col.explain('1850-01-01 00:00:00')).toBe(
      "'1850-01-01 00:00:00': year 1850 is before 1900",
    );
  });

  it('refuses a column that fits no form, naming values and forms tried', () => {
    const e = refusal(['yesterday', 'today', 'soon']);
    expect(e.reason).toBe('timestamp');
    expect(e.message).toMatch(/plant\.csv: column 'datetime': the values fit no timestamp form/);
    expect(e.message).toContain("Values found: 'yesterday', 'today', 'soon'");
    expect(e.message).toMatch(/forms tried: YYYY-MM-DD HH:MM:SS.*M\/D\/YYYY.*Excel serial days/);
    // More values that fit nothing than values of the best form: refused too.
    expect(refusal(['2015-01-01', 'x', 'y']).reason).toBe('timestamp');
    // Fewer: the odd values are bad rows.
    expect(detect(['2015-01-01', '2015-01-02', 'x']).id).toBe('iso');
  });

  it('refuses values that do not fit a given format', () => {
    const e = refusal(['2015-01-01 06:00'], { ...UTC, dateFormat: 'DD.MM.YYYY HH:mm' });
    expect(e.reason).toBe('timestamp');
    expect(e.message).toMatch(/do not match the date format 'DD\.MM\.YYYY HH:mm'/);
    expect(refusal(['1/2/2015'], { ...UTC, dateFormat: 'iso' }).message).toMatch(/'iso'/);
  });

  it('gives a column without values the ISO form', () => {
    expect(detect(['', '  '])).toMatchObject({ id: 'iso', converted: false });
  });
});

describe('explain', () => {
  const iso = new TimestampColumn(detect(['2015-01-01 06:00:00']), BERLIN);

  it('names what was found and the form of the column', () => {
    expect(iso.explain('2015-01-01 06:00:00')).toBe('');
    expect(iso.explain('  ')).toBe('empty timestamp');
    expect(iso.explain('3/3/2016 19:00')).toBe(
      "'3/3/2016 19:00' does not match the column's form YYYY-MM-DD HH:MM:SS " +
        '(it looks like M/D/YYYY or D/M/YYYY HH:MM)',
    );
    expect(iso.explain('2015-02-30 06:00:00')).toBe("'2015-02-30 06:00:00' is not a real date");
    expect(iso.explain('2015-01-01 25:00:00')).toMatch(/'2015-01-01 25:00:00' is not a valid time/);
    expect(iso.explain('2015-01-01 6h00')).toMatch(/the time '6h00' is not understood/);
    expect(iso.explain('2015-01-01 06:00:00+22:00')).toMatch(/offset is out of range/);
    const none = iso.explain('yesterday');
    expect(none).toMatch(/^'yesterday' fits no timestamp form \(forms tried: .*Excel serial days/);
    expect(none).toMatch(/the column's form is YYYY-MM-DD HH:MM:SS$/);
  });

  it('says how a day/month date was read', () => {
    const dmy = new TimestampColumn(detect(['13/1/2015']), BERLIN);
    expect(dmy.explain('31/02/2015')).toBe("'31/02/2015' is not a real date (read as day/month)");
    expect(dmy.explain('1/2/15')).toMatch(/two-digit year/);
  });

  it('explains numbers and patterns', () => {
    const excel = new TimestampColumn(detect(['42005.25']), BERLIN);
    expect(excel.explain('abc')).toBe(
      "'abc' is not a number; the column's form is Excel serial days",
    );
    expect(excel.explain('10')).toMatch(/out of the range/);
    const opts = { ...BERLIN, dateFormat: 'DD.MM.YYYY HH:mm' };
    const p = new TimestampColumn(detect(['24.12.2015 18:30'], opts), opts);
    expect(p.explain('24.12.2015')).toBe(
      "'24.12.2015' does not match the date format 'DD.MM.YYYY HH:mm': " +
        'it ends where a space should be',
    );
    expect(p.explain('2015-12-24 18:30')).toMatch(/'\.' expected at '15-12-24 18:'/);
    expect(p.explain('x4.12.2015 18:30')).toMatch(/the day \(DD\) expected at 'x4\.12\.2015 1'/);
    expect(p.explain('31.02.2015 18:30')).toMatch(/is not a real date/);
    expect(p.explain('24.12.2015 18:30 x')).toMatch(/unexpected ' x' at the end/);
  });

  it('leaves repeatedHour as the last parse set it', () => {
    const col = new TimestampColumn(detect(['2015-10-25T00:30:00Z']), BERLIN);
    col.parse('2015-10-25T00:30:00Z');
    col.explain('nonsense');
    expect(col.repeatedHour).toBe(true);
  });
});

describe('dateFormat patterns', () => {
  const cases: [string, string, number, TimestampOptions?][] = [
    ['DD.MM.YYYY HH:mm', '24.12.2015 18:30', T(2015, 12, 24, 18, 30)],
    ['D/M/YYYY HH:mm', '1/2/2015 6:00', T(2015, 2, 1, 6)],
    ['M/D/YYYY h:mm:ss A', '1/2/2015 6:00:00 PM', T(2015, 1, 2, 18)],
    ['YYYY-MM-DD HH:mm:ss', '2015-01-01 06:00:00', T(2015, 1, 1, 6)],
    ['YYYY-MM-DD HH:MM:SS', '2015-01-01 06:07:08', T(2015, 1, 1, 6, 7, 8)],
    ['YYYY-MM-DD HH:MM:SS.fff', '2015-01-01 06:07:08.125', T(2015, 1, 1, 6, 7, 8) + 0.125],
    ['yyyy-MM-dd HH:mm:ss', '2015-01-01 06:00:00', T(2015, 1, 1, 6)],
    ['YYYYMMDDHHmmss', '20150101060000', T(2015, 1, 1, 6)],
    ['YYYYMMDD', '20150101', T(2015, 1, 1)],
    ['DD-MMM-YY hh:mm A', '01-Jan-15 06:00 pm', T(2015, 1, 1, 18)],
    ['MMMM D, YYYY', 'September 3, 2015', T(2015, 9, 3)],
    ['ddd, DD MMM YYYY HH:mm:ss Z', 'Thu, 01 Jan 2015 05:00:00 GMT', T(2015, 1, 1, 6)],
    ['YYYY-MM-DDTHH:mm:ss.SSSZ', '2015-01-01T05:00:00.250Z', T(2015, 1, 1, 6) + 0.25],
    ['YYYY-MM-DDTHH:mm:ss.SSSZ', '2015-01-01T05:00:00Z', T(2015, 1, 1, 6)],
    ['YYYY-MM-DD[T]HH:mm:ssZ', '2015-01-01T06:00:00+01:00', T(2015, 1, 1, 6)],
    ['YYYY-MM-DD HH', '2015-01-01 06', T(2015, 1, 1, 6)],
  ];

  it('reads each pattern', () => {
    for (const [fmt, v, want] of cases) {
      const opts = { ...BERLIN, dateFormat: fmt };
      const f = detect([v], opts);
      expect(f.id, fmt).toBe('pattern');
      expect(f.description, fmt).toBe(fmt);
      expect(new TimestampColumn(f, opts).parse(v), `${fmt} ${v}`).toBe(want);
    }
    expect(detect(['1/2/2015 6:00'], { ...UTC, dateFormat: 'D/M/YYYY HH:mm' }).dateOrder).toBe(
      'DMY',
    );
    expect(detect(['01-Jan-15'], { ...UTC, dateFormat: 'DD-MMM-YY' }).dateOrder).toBeNull();
    expect(
      detect(['2015-01-01T05:00:00Z'], { ...UTC, dateFormat: 'YYYY-MM-DDTHH:mm:ssZ' }),
    ).toMatchObject({
      converted: true,
    });
  });

  it('refuses patterns it cannot understand, listing the tokens', () => {
    for (const [bad, why] of [
      ['whenever', /'w' is not a token/],
      ['YYYY-MM', /needs a day/],
      ['YYY-MM-DD', /'YYY' is not a token/],
      ['YYYYMD', /'M' needs a separator/],
      ['D/M/YYYY h:mm', /needs 'A'/],
      ['D/M/YYYY HH:mm.SSS', /must follow seconds/],
      ['D/M/YYYY [T', /without '\]'/],
      ['D/M/YYYY M', /month appears twice|one month/],
    ] as const) {
      expect(() => parseDateFormat(bad), bad).toThrow(RangeError);
      expect(() => parseDateFormat(bad), bad).toThrow(why);
      expect(() => parseDateFormat(bad), bad).toThrow(/YYYY, YY, M, MM, MMM.*A.*Z/);
    }
    expect(() => new TimestampFormDetector('f', 'c', { ...UTC, dateFormat: 'nope' })).toThrow(
      RangeError,
    );
    expect(() => new TimestampFormDetector('f', 'c', { timeZone: 'Mars/Olympus' })).toThrow(
      RangeError,
    );
  });

  it('reads the shorthands', () => {
    expect(parseDateFormat('dmy')).toEqual({ kind: 'auto', order: 'DMY' });
    expect(parseDateFormat('YMD')).toEqual({ kind: 'auto', order: null });
    expect(parseDateFormat(undefined)).toEqual({ kind: 'auto', order: null });
    expect(parseDateFormat('Epoch-MS')).toEqual({ kind: 'form', family: 'epoch-ms' });
    expect(parseDateFormat('iso')).toEqual({ kind: 'form', family: 'iso' });
    expect(detect(['2015-01-01 06:00:00'], { ...UTC, dateFormat: 'iso' }).id).toBe('iso');
    expect(detect(['2015-01-01T06:00:00Z'], { ...UTC, dateFormat: 'iso' }).id).toBe('iso-offset');
  });
});

describe('fast readers and shapes agree', () => {
  it('a value the column reads has the shape of its form, and the other way round', () => {
    const samples = [
      '2015-01-01',
      '2015-01-01 06:00',
      '2015-01-01T06:00:00.5Z',
      '2015-01-01 06:00:00 +0100',
      '2015-01-01 06:00:00 UTC+01',
      '2015-01-01 6:00 PM',
      '2015-01-01  06:00',
      '2015-01-01,06:00',
      '2015-01-01t06:00',
      '2015-01-01 06:00:00.',
      '2015-01-01 06:00:00+1',
      '2015-01-01 06:00:00+01:0',
      '2015-01-01 06:00:00Zulu',
      '1/2/2015 6:00:00 AM',
      '1/2/2015, 6:00:00 AM',
      '1/2/2015T06:00',
      '1/2/2015 6:00 XM',
      '1.13.2015 18:30:00,5',
      '1-13-2015 18:30',
      'Jan 1, 2015 6:00 AM',
      'Jan 1, 2015 6:00 AM +09:00',
      '1 Jan 2015',
      '01-Jan-2015 06:00:00 GMT',
      '2015-Jan-01T06:00',
    ];
    for (const v of samples) {
      const sh = timestampShape(v);
      const form = sh && detectOrNull(v);
      const t = form ? new TimestampColumn(form, UTC).parse(v) : NaN;
      const readable = sh !== null && sh.timeOk && (sh.offset === null || sh.offset === sh.offset);
      expect(t === t, v).toBe(readable);
    }
  });

  it('the fixed-place ISO paths and the general one agree', () => {
    const same = (fixed: string, general: string) => {
      const a = parseIso(fixed);
      const b = parseIso(general);
      expect(a === a ? a : 'NaN', `${fixed} / ${general}`).toBe(b === b ? b : 'NaN');
    };
    for (const v of [
      '2015-01-01 06:00:00',
      '2015/01/01T23:59:59',
      '2015-01-01 24:00:00',
      '2015-01-01 23:60:00',
      '2015-02-29 00:00:00',
      '1899-12-31 00:00:00',
      '2015-01-0a 00:00:00',
      '2015-01-01 06:0a:00',
      '2015-01/01 06:00:00',
      '2015-01-01x06:00:00',
    ]) {
      same(v, v + '.0000'); // 24 characters: the general path
      same(v.slice(0, 16), v.slice(0, 16) + ':00.0000');
      for (const f of ['.000', '.125', '.999', '.12a', ':123', '.-12']) same(v + f, v + f + '0');
    }
  });

  it('parseDayMonth reads both orders', () => {
    expect(parseDayMonth('1/2/2015 6:00', 47, 'DMY')).toBe(T(2015, 2, 1, 6));
    expect(parseDayMonth('1-2-2015 6:00', 45, 'MDY')).toBe(T(2015, 1, 2, 6));
  });
});

function detectOrNull(v: string): TimestampForm | null {
  try {
    return detect([v], { ...UTC, dateFormat: 'MDY' });
  } catch {
    return null;
  }
}
