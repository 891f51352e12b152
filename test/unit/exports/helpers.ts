/**
 * Shared pieces of the export-shape suite: the manifest written by
 * scripts/make-export-fixtures.ts, importing a shape folder into a fresh store with the
 * plant's time zone, reading the store back in the canonical form (machine ids as
 * text, plant wall time, sensors by name) and comparing it with the canonical files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { REPO_ROOT } from '../../helpers/shared';
import type { Shape } from '../../../scripts/exports/shapes';
import { importPaths, type PathsResult } from '../../../workers/ingest/import-node';
import { ImportError, type ImportOptions, type ImportReport } from '../../../workers/ingest/types';
import { formatEpoch } from '../../../workers/shared/time';
import { setPlantCadence, setPlantTimeZone } from '../../../workers/store/plant-settings';
import type { Cadence } from '../../../workers/shared/cadence';
import { Store } from '../../../workers/store/store';

export const EXPORTS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'exports');

/** A manifest entry: a shape as scripts/exports/shapes.ts writes it, without its files. */
export type ExportEntry = Omit<Shape, 'files' | 'options'> & { options: ImportOptions };

export const MANIFEST: ExportEntry[] = JSON.parse(
  readFileSync(join(EXPORTS_DIR, 'manifest.json'), 'utf8'),
) as ExportEntry[];

export const shapeDir = (name: string) => join(EXPORTS_DIR, 'shapes', name);
export const canonicalDir = (dataset: string) => join(EXPORTS_DIR, 'canonical', dataset);
export const goldenPath = (dataset: string) => join(EXPORTS_DIR, 'goldens', `${dataset}.csv`);

/**
 * Imports a folder into a fresh in-memory store whose plant time zone is `timeZone`.
 * An ImportError thrown for the whole call (e.g. a folder without CSV files) is
 * returned as a failed file, so callers see every refusal the same way.
 */
export async function importFolder(
  dir: string,
  timeZone: string,
  options: ImportOptions = {},
  cadence?: Cadence,
): Promise<{ store: Store; result: PathsResult }> {
  const store = await Store.open(null);
  setPlantTimeZone(store, timeZone);
  if (cadence) setPlantCadence(store, cadence);
  let result: PathsResult;
  try {
    result = await importPaths(store, [dir], options);
  } catch (e) {
    if (!(e instanceof ImportError)) {
      store.close();
      throw e;
    }
    result = { reports: [], failed: [{ file: e.file, error: e }], skipped: [] };
  }
  return { store, result };
}

export const importShape = (e: ExportEntry) =>
  importFolder(shapeDir(e.name), e.timeZone, e.options, e.cadence);

// ---------- the store in canonical form ----------
export type Kind = 'telemetry' | 'errors' | 'maint' | 'failures' | 'machines';
export const KINDS: Kind[] = ['telemetry', 'errors', 'maint', 'failures', 'machines'];
/** Header row first, then the data rows, all as text. */
export type Table = string[][];

const HEADERS: Record<Exclude<Kind, 'telemetry'>, string[]> = {
  errors: ['datetime', 'machineID', 'errorID'],
  maint: ['datetime', 'machineID', 'comp'],
  failures: ['datetime', 'machineID', 'failure'],
  machines: ['machineID', 'model', 'age'],
};

const hasTable = (store: Store, name: string) =>
  Number(store.scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", [name])) >
  0;

/** `YYYY-MM-DD HH:MM:SS`, with `.fff` when the stored time has a fraction of a second. */
export function formatTime(t: number): string {
  const s = Math.floor(t);
  const ms = Math.round((t - s) * 1000);
  return formatEpoch(s) + (ms > 0 ? '.' + String(ms).padStart(3, '0') : '');
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/**
 * The plant tables read back in the canonical form: machine ids as text (the
 * machine_names table when the store has it, else the number), times as plant wall
 * time, sensors in sensor order by name, missing readings as empty cells. Ordered by
 * machine id then time (the comparison sorts anyway).
 */
export function dumpCanonical(store: Store): Record<Kind, Table> {
  const named = hasTable(store, 'machine_names');
  const id = (alias: string) =>
    named
      ? `coalesce((SELECT n.name FROM machine_names n WHERE n.machine_id = ${alias}.machine_id), '#' || ${alias}.machine_id)`
      : `CAST(${alias}.machine_id AS TEXT)`;
  const sensors = store.sensors();
  const out = {} as Record<Kind, Table>;
  const tel = store.db.exec(
    `SELECT ${id('x')}, x.t${sensors.map((s) => `, x.${s.col}`).join('')}
       FROM telemetry x ORDER BY x.machine_id, x.t`,
  );
  out.telemetry = [
    ['datetime', 'machineID', ...sensors.map((s) => s.name)],
    ...(tel[0]?.values ?? []).map(([m, t, ...v]) => [
      formatTime(Number(t)),
      text(m),
      ...v.map(text),
    ]),
  ];
  for (const [k, col] of [
    ['errors', 'error_id'],
    ['maint', 'comp'],
    ['failures', 'failure'],
  ] as const) {
    const r = store.db.exec(
      `SELECT ${id('x')}, x.t, x.${col} FROM ${k} x ORDER BY x.machine_id, x.t, x.${col}`,
    );
    out[k] = [
      HEADERS[k],
      ...(r[0]?.values ?? []).map(([m, t, e]) => [formatTime(Number(t)), text(m), text(e)]),
    ];
  }
  const mac = store.db.exec(
    `SELECT ${id('x')}, x.model, x.age FROM machines x ORDER BY x.machine_id`,
  );
  out.machines = [HEADERS.machines, ...(mac[0]?.values ?? []).map((r) => r.map(text))];
  return out;
}

function parseCsv(textIn: string): Table {
  const r = Papa.parse<string[]>(textIn.replace(/^\uFEFF/, '').trimEnd(), {
    delimiter: ',',
    newline: '\n',
  });
  if (r.errors.length) throw new Error(`CSV parse: ${r.errors[0].message}`);
  return r.data;
}

/** The canonical CSVs of a folder (`telemetry.csv` or `PdM_telemetry.csv`, ...). */
export function readCanonical(dir: string): Record<Kind, Table> {
  const out = {} as Record<Kind, Table>;
  for (const k of KINDS) {
    const f = [`${k}.csv`, `PdM_${k}.csv`].map((n) => join(dir, n)).find((p) => existsSync(p));
    if (!f) throw new Error(`${dir}: no ${k}.csv`);
    out[k] = parseCsv(readFileSync(f, 'utf8'));
  }
  return out;
}

/** Key columns (compared exactly, rows matched by them) and numeric columns per table. */
function columns(kind: Kind, width: number): { key: number[]; numeric: number[] } {
  if (kind === 'telemetry') {
    return { key: [0, 1], numeric: Array.from({ length: width - 2 }, (_, i) => i + 2) };
  }
  if (kind === 'machines') return { key: [0], numeric: [2] };
  return { key: [0, 1, 2], numeric: [] };
}

function sameNumber(a: string, b: string): boolean {
  if (a === '' || b === '') return a === b;
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return a === b;
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}

/**
 * Differences between stored and expected tables, as readable lines (empty when
 * equal): header, rows only in one of them, cells that differ (text exactly,
 * numbers within 1e-9). At most `limit` lines per table.
 */
export function diffTables(
  ours: Record<Kind, Table>,
  expected: Record<Kind, Table>,
  limit = 6,
): string[] {
  const out: string[] = [];
  for (const k of KINDS) {
    const [oh, ...orows] = ours[k];
    const [eh, ...erows] = expected[k];
    if (oh.join('|') !== eh.join('|')) {
      out.push(`${k}: header ${JSON.stringify(oh)}, expected ${JSON.stringify(eh)}`);
      continue;
    }
    const { key, numeric } = columns(k, eh.length);
    const keyOf = (r: string[]) => key.map((i) => r[i]).join(' | ');
    const index = (rows: string[][], who: string) => {
      const m = new Map<string, string[]>();
      for (const r of rows) {
        if (m.has(keyOf(r))) out.push(`${k}: ${who} has ${keyOf(r)} twice`);
        m.set(keyOf(r), r);
      }
      return m;
    };
    const om = index(orows, 'the store');
    const em = index(erows, 'canonical');
    const lines: string[] = [];
    const onlyOurs = [...om.keys()].filter((x) => !em.has(x)).sort();
    const onlyExp = [...em.keys()].filter((x) => !om.has(x)).sort();
    if (onlyExp.length) {
      lines.push(
        `${k}: ${onlyExp.length} canonical rows not stored, e.g. ${onlyExp.slice(0, 3).join('; ')}`,
      );
    }
    if (onlyOurs.length) {
      lines.push(
        `${k}: ${onlyOurs.length} stored rows not canonical, e.g. ${onlyOurs.slice(0, 3).join('; ')}`,
      );
    }
    for (const [kk, e] of em) {
      const o = om.get(kk);
      if (!o) continue;
      for (let c = 0; c < eh.length && lines.length < limit; c++) {
        if (key.includes(c)) continue;
        const same = numeric.includes(c) ? sameNumber(o[c], e[c]) : o[c] === e[c];
        if (!same) lines.push(`${k} ${kk} ${eh[c]}: stored '${o[c]}', canonical '${e[c]}'`);
      }
      if (lines.length >= limit) break;
    }
    out.push(...lines.slice(0, limit));
  }
  return out;
}

/** Rows of everything an import of plant data may fill (for "nothing stored"). */
export function plantRows(store: Store): Record<string, number> {
  const tables = ['telemetry', 'errors', 'maint', 'failures', 'machines', 'sensors'];
  if (hasTable(store, 'machine_names')) tables.push('machine_names');
  return Object.fromEntries(
    tables.map((t) => [t, Number(store.scalar(`SELECT count(*) FROM ${t}`))]),
  );
}

/** Repeated-hour readings the reports count (a report field the DST handling adds). */
export const repeatedHourCount = (reports: ImportReport[]) =>
  reports.reduce(
    (s, r) => s + ((r as ImportReport & { repeatedHour?: number }).repeatedHour ?? 0),
    0,
  );
