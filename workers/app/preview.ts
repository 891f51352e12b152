/**
 * A quick look at the first lines of a CSV file before importing it: its columns, the
 * kind of data (telemetry, errors, maint, failures, machines) and how its timestamps
 * read, so the Import screen can show them and let the user correct them. The kind and
 * the timestamp form come from a dry run of the importer over the same head (its
 * detection, its checks, nothing stored), so the preview says what the import will do.
 */
import { importCsv, ImportError } from '../ingest';
import { CsvRecordReader } from '../ingest/records';
import type { Store } from '../store/store';
import type { FilePreview } from './api-types';

/**
 * Preview of a file's head (`head` = its first bytes, `size` = the whole file's) as
 * the import into `store` would read it. A file the reader refuses (ZIP, binary) or
 * whose kind cannot be told gives kind null; the import itself then says why.
 */
export async function previewCsv(
  store: Store,
  name: string,
  size: number,
  head: Uint8Array,
  maxRows = 8,
): Promise<FilePreview> {
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
  let kind: string | null = null;
  let dateFormat: string | null = null;
  try {
    const r = await importCsv(
      store,
      {
        name,
        size: whole.length,
        chunks: async function* () {
          yield whole;
        },
      },
      // The head is a sample: bad rows in it do not refuse the preview.
      { dryRun: true, maxRejectRatio: 1 },
    );
    kind = r.kind;
    dateFormat = r.timestampForm;
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    kind = e.mapping?.kind ?? null;
    dateFormat = e.mapping?.timestampForm ?? null;
  }
  return { name, size, kind, columns: header.map((c) => c.trim()), rows, dateFormat };
}
