/**
 * A quick look at the first lines of a CSV file before importing it: its columns, the
 * kind of data they look like (telemetry, errors, maint, failures, machines) and the
 * timestamp format, so the Import screen can show them and let the user correct them.
 */
import Papa from 'papaparse';
import type { FilePreview } from './api-types';

/** The columns each kind must have besides sensors (FEATURES.md inputs). */
export const KIND_COLUMNS: Record<string, string[]> = {
  telemetry: ['datetime', 'machineID'],
  errors: ['datetime', 'machineID', 'errorID'],
  maint: ['datetime', 'machineID', 'comp'],
  failures: ['datetime', 'machineID', 'failure'],
  machines: ['machineID', 'model', 'age'],
};

/** Detects the kind from the header; null when it matches none. */
export function detectKind(columns: string[]): string | null {
  const has = (c: string) => columns.includes(c);
  if (has('errorID')) return 'errors';
  if (has('failure')) return 'failures';
  if (has('comp')) return 'maint';
  if (has('model') && has('age')) return 'machines';
  if (has('datetime') && has('machineID') && columns.length > 2) return 'telemetry';
  return null;
}

const FORMATS: [RegExp, string][] = [
  [/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/, 'YYYY-MM-DD HH:mm:ss'],
  [/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/, 'YYYY-MM-DD HH:mm'],
  [/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/i, 'M/D/YYYY h:mm:ss A'],
  [/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}(:\d{2})?$/, 'M/D/YYYY H:mm'],
  [/^\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}(:\d{2})?$/, 'D.M.YYYY H:mm'],
  [/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'],
];

export function detectDateFormat(values: string[]): string | null {
  for (const [re, name] of FORMATS) {
    if (values.length > 0 && values.every((v) => re.test(v.trim()))) return name;
  }
  return null;
}

export function previewCsv(name: string, size: number, head: Uint8Array, maxRows = 8): FilePreview {
  let text = new TextDecoder('utf-8').decode(head);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Drop the last, possibly cut, line unless the whole file fitted.
  if (head.length < size) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true, preview: maxRows + 1 });
  const [columns = [], ...rows] = parsed.data;
  const cols = columns.map((c) => c.trim());
  const dtIndex = cols.indexOf('datetime');
  return {
    name,
    size,
    kind: detectKind(cols),
    columns: cols,
    rows,
    dateFormat: dtIndex >= 0 ? detectDateFormat(rows.map((r) => r[dtIndex] ?? '')) : null,
  };
}
