/**
 * The importer's first look at a file, before anything is stored: the header (kind and
 * column roles), the timestamp column's form (read from many values, and until its
 * day/month order is settled), and what the other columns hold (numbers, missing
 * placeholders or text) over the first SNIFF_ROWS rows. Stops as soon as all three are
 * known, so an ISO telemetry file is looked at for a few thousand rows only.
 */
import { throwIfCancelled } from '../shared/types';
import { normName, resolveLayout, type Layout } from './header';
import { isMissingToken, NumberColumn, type DecimalMark } from './numbers';
import { CsvRecordReader } from './records';
import type { SourceFeed } from './source-feed';
import {
  TimestampFormDetector,
  type TimestampForm,
  type TimestampOptions,
} from './timestamp-column';
import { ImportError, type ColumnRole, type ImportOptions } from './types';
import { counterForm, withCounterColumn } from './counter-time';
import { headerlessNames, mapByNumber } from './headerless';
import { longLayout, type LongLayout } from './long-format';

/** Rows looked at to tell numeric (sensor) columns from text columns. */
export const SNIFF_ROWS = 2000;

/** What the first rows of one column hold. */
export interface ColumnSniff {
  numbers: number;
  missing: number;
  text: number;
  /** Numbers with a fractional part (whole-number codes have none). */
  fractions: number;
  /** Numbers that are 0 (no code, in an alarm code column). */
  zeros: number;
  /** First distinct text values (for messages). */
  samples: string[];
  /** Distinct trimmed values seen, up to 20 (to tell 0/1 flags from names). */
  distinct: Set<string>;
}

export interface FirstLookResult {
  layout: Layout;
  form: TimestampForm | null;
  /** Why the timestamp form could not be decided (form is then null). */
  formError?: ImportError;
  /** Per header column. */
  sniff: ColumnSniff[];
  delimiter: string;
  /** Long (tall) files: the tag, value and quality columns; null for wide files. */
  long: LongLayout | null;
  /** The caller's map with column numbers turned into the header's names. */
  map: Record<string, ColumnRole> | undefined;
}

/** The timestamp text of a row: the timestamp cell, or date and time cells joined. */
export function timestampText(layout: Layout, f: string[]): string | undefined {
  const d = f[layout.timestamp];
  if (layout.time < 0 || d === undefined) return d;
  const t = f[layout.time];
  return t === undefined || t.trim() === '' ? d : d.trim() + ' ' + t.trim();
}

/** The decimal mark assumed for ambiguous numbers: a comma in semicolon files. */
export function assumedMark(delimiter: string): DecimalMark {
  return delimiter === ';' ? ',' : '.';
}

export async function firstLook(
  feed: SourceFeed,
  name: string,
  opts: ImportOptions,
  tsOpts: TimestampOptions,
): Promise<FirstLookResult | null> {
  let layout: Layout | null = null;
  let detector: TimestampFormDetector | null = null;
  let sniff: ColumnSniff[] = [];
  let cols: NumberColumn[] = [];
  let rows = 0;
  let x = 0;
  let header: string[] = [];
  let long: LongLayout | null = null;
  let map: Record<string, ColumnRole> | undefined;
  const counter = opts.timeUnit !== undefined ? counterForm(opts.timeUnit, opts.timeStart) : null;
  // importCsv resolved machineFromName to this file's id (opts.machine) already.
  const machineGiven = opts.machine !== undefined || opts.machineFromName !== undefined;
  const reader = new CsvRecordReader(
    (f) => {
      if (!layout) {
        // From the names alone: where the timestamp is (values cannot move it), and
        // header problems refused before any row is read. The kind and the roles of
        // the other columns of a wide file are decided again from their values at the end.
        header = opts.noHeader ? headerlessNames(name, f, opts.columns) : f;
        map = mapByNumber(header, opts.map);
        if (counter) map = withCounterColumn(header.map(normName), header, map);
        long = longLayout(name, header, opts, map);
        layout =
          long?.layout ??
          resolveLayout(name, header, opts.kind, map, opts.mapMayMiss, {
            sniff: [],
            machineGiven,
            machineId: opts.machine,
          });
        const lay: Layout = layout;
        if (lay.timestamp >= 0 && !counter) {
          detector = new TimestampFormDetector(
            name,
            lay.time >= 0
              ? `${lay.header[lay.timestamp].trim()} + ${lay.header[lay.time].trim()}`
              : lay.header[lay.timestamp].trim(),
            tsOpts,
          );
        }
        sniff = header.map(() => ({
          numbers: 0,
          missing: 0,
          text: 0,
          fractions: 0,
          zeros: 0,
          samples: [],
          distinct: new Set(),
        }));
        const mark = assumedMark(reader.delimiter ?? ',');
        cols = header.map(() => new NumberColumn(mark, opts.decimalMark));
        // A headerless file's first line is data.
        if (!opts.noHeader) return;
      }
      const lay: Layout = layout;
      if (detector) {
        const v = timestampText(lay, f);
        if (v !== undefined) detector.consider(v);
      }
      if (rows < SNIFF_ROWS) {
        for (let i = 0; i < sniff.length; i++) {
          const r = lay.roles[i];
          if (r === 'timestamp' || r === 'date' || r === 'time' || r === 'machine') continue;
          const v = f[i];
          if (v === undefined) continue;
          const s = sniff[i];
          if (s.distinct.size < 20) s.distinct.add(v.trim());
          if (isMissingToken(v)) s.missing++;
          else if ((x = cols[i].parse(v)) === x) {
            s.numbers++;
            if (!Number.isInteger(x)) s.fractions++;
            else if (x === 0) s.zeros++;
          } else {
            s.text++;
            const t = v.trim();
            if (s.samples.length < 5 && !s.samples.includes(t)) s.samples.push(t);
          }
        }
      }
      rows++;
      if (rows >= SNIFF_ROWS && (!detector || (detector as TimestampFormDetector).settled)) {
        reader.stopped = true;
      }
    },
    { encoding: opts.encoding, file: name, delimiter: opts.delimiter },
  );
  for await (const chunk of feed.firstLook()) {
    throwIfCancelled(opts.signal);
    reader.push(chunk);
    if (reader.stopped) break;
  }
  if (!reader.stopped) reader.end();
  if (!layout) return null;
  const lay0: Layout = layout;
  const d = detector as TimestampFormDetector | null;
  // A timestamp form that cannot be decided is returned, not thrown, so the refusal can
  // carry the mapping detection found (the preview offers the date format there).
  let form: TimestampForm | null = null;
  let formError: ImportError | undefined;
  try {
    form = d ? d.finish() : null;
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    formError = e;
  }
  return {
    formError,
    layout: long
      ? lay0
      : resolveLayout(name, header, opts.kind, map, opts.mapMayMiss, {
          sniff,
          machineGiven,
          machineId: opts.machine,
          failureComponent: opts.failureComponent,
        }),
    form: d ? form : lay0.timestamp >= 0 ? counter : null,
    sniff,
    delimiter: reader.delimiter ?? ',',
    long,
    map,
  };
}
