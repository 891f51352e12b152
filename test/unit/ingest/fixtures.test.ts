/**
 * The corpus of small messy files in test/fixtures/ingest, each with its expected
 * outcome, imported whole and cut into 3-byte chunks (CRLF, quotes and UTF-8 split
 * across chunks), from a re-readable and from a read-once source.
 */
import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest/import-csv';
import { ImportError, type ImportOptions } from '../../../workers/ingest/types';
import { civilToEpoch } from '../../../workers/shared/time';
import { count, fixture, memSource, onceSource } from './helpers';

const T = civilToEpoch;

async function run(file: string, opts: ImportOptions = {}, size = 1 << 20, once = false) {
  const store = await Store.open(null);
  const src = (once ? onceSource : memSource)(file, fixture(file), size);
  const report = await importCsv(store, src, opts);
  return { store, report };
}

const rows = (store: Store, sql: string) => store.all(sql).map((r) => Object.values(r));

describe.each([
  ['whole', 1 << 20, false],
  ['3-byte chunks', 3, false],
  ['3-byte chunks, read once', 3, true],
] as const)('ingest fixtures (%s)', (_label, size, once) => {
  const go = (f: string, o?: ImportOptions) => run(f, o, size, once);

  it('bom-crlf.csv: BOM stripped, CRLF lines, telemetry with 2 sensors', async () => {
    const { store, report } = await go('bom-crlf.csv');
    expect(report).toMatchObject({ kind: 'telemetry', rowsRead: 3, added: 3, rejected: 0 });
    expect(report.sensors).toEqual(['volt', 'rotate']);
    expect(
      rows(store, 'SELECT machine_id, t, s1, s2 FROM telemetry ORDER BY machine_id, t'),
    ).toEqual([
      [1, T(2015, 1, 1, 6), 176.5, 418.25],
      [1, T(2015, 1, 1, 7), 162, 402.75],
      [2, T(2015, 1, 1, 8), 170.125, 400],
    ]);
  });

  it('mixed-endings.csv: LF, CRLF and CR; the bad row is reported at its physical line', async () => {
    const { report } = await go('mixed-endings.csv', { maxRejectRatio: 0.5 });
    expect(report).toMatchObject({ rowsRead: 5, added: 4, rejected: 1 });
    expect(report.rejectedRows[0]).toMatchObject({ line: 5, column: 'datetime' });
    expect(report.rejectedRows[0].reason).toMatch(/bad-time/);
  });

  it('quoted-embedded.csv: delimiters, quotes and newlines inside quotes keep line numbers', async () => {
    const { store, report } = await go('quoted-embedded.csv', { maxRejectRatio: 0.5 });
    expect(report).toMatchObject({ kind: 'errors', rowsRead: 5, added: 3, rejected: 2 });
    expect(report.rejectedRows.map((r) => [r.line, r.column])).toEqual([
      [6, 'machineID'],
      [9, 'machineID'],
    ]);
    expect(report.ignoredColumns).toEqual(['note']);
    expect(rows(store, 'SELECT error_id FROM errors ORDER BY t')).toEqual([
      ['error1'],
      ['error2'],
      ['error4'],
    ]);
  });

  it('semicolon-decimal-comma.csv: semicolons, decimal comma', async () => {
    const { store, report } = await go('semicolon-decimal-comma.csv');
    expect(report).toMatchObject({ delimiter: ';', added: 2 });
    expect(rows(store, 'SELECT s1, s2 FROM telemetry ORDER BY t')).toEqual([
      [176.5, 418.25],
      [162, -3.5],
    ]);
  });

  it('tab.csv: tab delimiter', async () => {
    const { report } = await go('tab.csv');
    expect(report).toMatchObject({ delimiter: '\t', added: 2, sensors: ['volt', 'pressure'] });
  });

  it('trailing-empty-lines.csv: blank lines at the end are not rows', async () => {
    const { report } = await go('trailing-empty-lines.csv');
    expect(report).toMatchObject({ kind: 'failures', rowsRead: 2, added: 2, rejected: 0 });
  });

  it('truncated-last-line.csv: the cut row is rejected with its reason, so the file is refused', async () => {
    const err = await go('truncated-last-line.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).rejectedRows).toEqual([
      {
        file: 'truncated-last-line.csv',
        line: 4,
        column: '',
        reason: 'truncated last line: 3 of 4 fields',
        code: { code: 'truncated', params: { found: 3, expected: 4 } },
      },
    ]);
    const ok = await go('truncated-last-line.csv', { maxRejectRatio: 0.5 });
    expect(ok.report).toMatchObject({ added: 2, rejected: 1 });
  });

  it('complete-last-line.csv: a complete last line without newline is accepted', async () => {
    const { report } = await go('complete-last-line.csv');
    expect(report).toMatchObject({ rowsRead: 2, added: 2, rejected: 0 });
  });

  it('open-quote-at-end.csv: a file ending inside quotes rejects that row', async () => {
    const { report } = await go('open-quote-at-end.csv', { maxRejectRatio: 1 });
    expect(report).toMatchObject({ rowsRead: 2, added: 1, rejected: 1 });
    expect(report.rejectedRows[0]).toMatchObject({ line: 3 });
    expect(report.rejectedRows[0].reason).toMatch(/inside a quoted field/);
  });

  it('ms-format-mdy.csv: M/D/YYYY h:mm:ss AM, order MDY from 1/13/2015', async () => {
    const { store, report } = await go('ms-format-mdy.csv');
    expect(report.dateOrder).toBe('MDY');
    expect(rows(store, 'SELECT t FROM errors ORDER BY t').flat()).toEqual([
      T(2015, 1, 1, 6),
      T(2015, 1, 1, 12),
      T(2015, 1, 2, 0, 30),
      T(2015, 1, 13, 18),
    ]);
  });

  it('slash-dmy.csv: D/M decided from 13/1/2015', async () => {
    const { store, report } = await go('slash-dmy.csv');
    expect(report.dateOrder).toBe('DMY');
    expect(rows(store, 'SELECT t FROM maint ORDER BY t').flat()).toEqual([
      T(2015, 1, 2, 6),
      T(2015, 1, 13, 6),
    ]);
  });

  it('ambiguous-dates.csv: stops and asks for the date format; DMY/MDY patterns work', async () => {
    const err = await go('ambiguous-dates.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).reason).toBe('ambiguous-date');
    expect((err as Error).message).toMatch(/ambiguous.*--date-format MDY or DMY/s);
    const dmy = await go('ambiguous-dates.csv', { dateFormat: 'D/M/YYYY HH:mm' });
    expect(rows(dmy.store, 'SELECT t FROM maint ORDER BY comp').flat()).toEqual([
      T(2015, 2, 1, 6),
      T(2015, 1, 2, 6),
      T(2015, 3, 3, 6),
    ]);
    const mdy = await go('ambiguous-dates.csv', { dateFormat: 'MDY' });
    expect(rows(mdy.store, 'SELECT t FROM maint ORDER BY comp').flat()[0]).toBe(T(2015, 1, 2, 6));
  });

  it('dot-format.csv: D.M.YYYY HH:MM', async () => {
    const { store } = await go('dot-format.csv');
    expect(rows(store, 'SELECT machine_id, t, failure FROM failures ORDER BY t')).toEqual([
      [1, T(2015, 1, 5, 6), 'comp4'],
      [2, T(2015, 12, 24, 18, 30), 'comp1'],
    ]);
  });

  it('iso-t.csv: ISO with T, Z, fractional seconds (kept), no seconds', async () => {
    const { store } = await go('iso-t.csv');
    expect(rows(store, 'SELECT t FROM telemetry ORDER BY t').flat()).toEqual([
      T(2015, 1, 1, 6),
      T(2015, 1, 1, 7) + 0.75,
      T(2015, 1, 1, 8),
      T(2015, 1, 1, 9),
    ]);
  });

  it('other-headers.csv: needs a map; "Machine ID" is found by itself', async () => {
    const err = await go('other-headers.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(/cannot tell what kind/);
    const { store, report } = await go('other-headers.csv', {
      map: { zeitpunkt: 'timestamp', CODE: 'event' },
    });
    expect(report).toMatchObject({ kind: 'errors', added: 2, ignoredColumns: ['Shift'] });
    expect(rows(store, 'SELECT machine_id, error_id FROM errors ORDER BY t')).toEqual([
      [1, 'E17'],
      [2, 'E18'],
    ]);
    const forced = await go('other-headers.csv', {
      kind: 'maint',
      map: { zeitpunkt: 'timestamp', CODE: 'event' },
    });
    expect(count(forced.store, 'maint')).toBe(2);
  });

  it('telemetry-text-column.csv: a text column refuses the file, naming it, unless mapped', async () => {
    const err = await go('telemetry-text-column.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).reason).toBe('columns');
    expect((err as Error).message).toMatch(/column 'site' \(values such as 'north'/);
    expect((err as Error).message).toMatch(/--map "site=ignore"/);
    const { report } = await go('telemetry-text-column.csv', { map: { site: 'ignore' } });
    expect(report).toMatchObject({
      kind: 'telemetry',
      sensors: ['volt'],
      ignoredColumns: ['site'],
      notImported: [{ column: 'site', reason: 'mapped to ignore' }],
    });
  });

  it('bad-values.csv: impossible dates, bad numbers, wrong field counts, each with a reason', async () => {
    const { report } = await go('bad-values.csv', { maxRejectRatio: 1 });
    expect(report).toMatchObject({ rowsRead: 6, added: 1, rejected: 5 });
    expect(report.rejectedRows.map((r) => [r.line, r.column])).toEqual([
      [2, 'datetime'],
      [3, 'datetime'],
      [4, 'volt'],
      [5, 'volt'],
      [6, ''],
    ]);
    expect(report.rejectedRows.map((r) => r.reason)).toEqual([
      expect.stringMatching(/2015-02-30/),
      expect.stringMatching(/25:00/),
      "'abc' is not a number",
      'no sensor value in the row',
      'expected 3 fields, found 4',
    ]);
  });
});
