/**
 * A quick look at the first lines of a CSV file before importing it: its columns, the
 * kind of data (telemetry, errors, maint, failures, machines) and how its timestamps
 * read, so the Import screen can show them and let the user correct them. Uses the
 * importer's own reader, header rules and timestamp detection, so the preview says
 * what the import will do.
 */
import { resolveLayout, type Layout } from '../ingest/header';
import { timestampText } from '../ingest/first-look';
import { CsvRecordReader } from '../ingest/records';
import { TimestampFormDetector } from '../ingest/timestamp-column';
import type { FilePreview } from './api-types';

/**
 * Preview of a file's head (`head` = its first bytes, `size` = the whole file's).
 * A file the reader refuses (ZIP, binary) or whose kind the header does not tell
 * gives kind null; the import itself then says why.
 */
export function previewCsv(
  name: string,
  size: number,
  head: Uint8Array,
  maxRows = 8,
  timeZone = 'UTC',
): FilePreview {
  const records: string[][] = [];
  const reader = new CsvRecordReader(
    (f) => {
      records.push([...f]);
      if (records.length > maxRows) reader.stopped = true;
    },
    { file: name },
  );
  // The last, possibly cut, line is left out unless the whole file fitted.
  const whole = head.length >= size ? head : head.subarray(0, head.lastIndexOf(10) + 1);
  try {
    reader.push(whole);
    if (!reader.stopped) reader.end();
  } catch {
    return { name, size, kind: null, columns: [], rows: [], dateFormat: null };
  }
  const [header = [], ...rows] = records;
  const columns = header.map((c) => c.trim());
  let layout: Layout | null = null;
  try {
    layout = resolveLayout(name, header);
  } catch {
    layout = null;
  }
  return {
    name,
    size,
    kind: layout?.kind ?? null,
    columns,
    rows,
    dateFormat: layout ? dateForm(name, layout, rows, timeZone) : null,
  };
}

/** How the importer would read the timestamps of these rows, or null when it cannot tell. */
function dateForm(name: string, layout: Layout, rows: string[][], timeZone: string): string | null {
  if (layout.timestamp < 0 || rows.length === 0) return null;
  const d = new TimestampFormDetector(name, layout.header[layout.timestamp].trim(), { timeZone });
  for (const r of rows) {
    const v = timestampText(layout, r);
    if (v !== undefined) d.consider(v);
  }
  try {
    return d.finish().description;
  } catch {
    return null;
  }
}
