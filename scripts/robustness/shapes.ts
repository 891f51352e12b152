/**
 * Text shapes of a plant's CSV exports for the robustness fixtures: canonical tables,
 * seeded shuffles, timestamp formats (written here, independent of the importer's
 * parsers) and a CSV writer with delimiter, decimal comma, quoting, BOM, line-end and
 * header options.
 */
import { createRng as mulberry32 } from '../../workers/forest/rng';
/** Mulberry32, seeded (the generator of workers/forest/rng.ts). */
export { mulberry32 };
export type Kind = 'telemetry' | 'errors' | 'maint' | 'failures' | 'machines';
export const KINDS: Kind[] = ['machines', 'telemetry', 'errors', 'maint', 'failures'];

/** One table in canonical text: times as epoch seconds kept aside for reshaping. */
export interface Table {
  header: string[];
  /** Column indexes holding numbers (decimal comma applies to them). */
  numeric: number[];
  /** Column index of the timestamp, or -1. */
  time: number;
  rows: string[][];
}
export type Plant = Record<Kind, Table>;

// ---------- seeded randomness ----------
export function shuffled<T>(xs: T[], seed: number): T[] {
  const r = mulberry32(seed);
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// ---------- time text (written here, independent of the importer's parsers) ----------
export const p2 = (n: number) => String(n).padStart(2, '0');
/** Civil parts of seconds since 1970 read as UTC. */
export function parts(t: number) {
  const d = new Date(t * 1000);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  };
}
export const epoch = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z') / 1000;
export const iso = (t: number) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');

type TimeFmt = (t: number) => string;
const FMT: Record<string, TimeFmt> = {
  iso,
  isoT: (t) => iso(t).replace(' ', 'T'),
  isoTZ: (t) => iso(t).replace(' ', 'T') + '.000Z',
  /** The original Microsoft files: 1/1/2015 6:00:00 AM. */
  mdyAmPm: (t) => {
    const x = parts(t);
    const h12 = x.h % 12 === 0 ? 12 : x.h % 12;
    return `${x.mo}/${x.d}/${x.y} ${h12}:${p2(x.mi)}:${p2(x.s)} ${x.h < 12 ? 'AM' : 'PM'}`;
  },
  /** German Excel: 1.1.2015 06:00 (no seconds: only for whole minutes). */
  dotDmy: (t) => {
    const x = parts(t);
    if (x.s !== 0) throw new Error(`dotDmy drops seconds of ${iso(t)}`);
    return `${x.d}.${x.mo}.${x.y} ${p2(x.h)}:${p2(x.mi)}`;
  },
  dotDmySec: (t) => {
    const x = parts(t);
    return `${p2(x.d)}.${p2(x.mo)}.${x.y} ${p2(x.h)}:${p2(x.mi)}:${p2(x.s)}`;
  },
  /** UK: 13/01/2015 06:00. */
  slashDmy: (t) => {
    const x = parts(t);
    if (x.s !== 0) throw new Error(`slashDmy drops seconds of ${iso(t)}`);
    return `${p2(x.d)}/${p2(x.mo)}/${x.y} ${p2(x.h)}:${p2(x.mi)}`;
  },
  /** Japanese/Korean/Chinese spreadsheets: 2015/01/13 6:00:00. */
  ymdSlash: (t) => {
    const x = parts(t);
    return `${x.y}/${p2(x.mo)}/${p2(x.d)} ${x.h}:${p2(x.mi)}:${p2(x.s)}`;
  },
};

// ---------- CSV text ----------
export interface WriteOpts {
  delim?: string;
  decimalComma?: boolean;
  eol?: string;
  bom?: boolean;
  quoteAll?: boolean;
  /** Timestamp format name (FMT). */
  time?: string;
  /** Header renames (canonical name -> file name). */
  rename?: Record<string, string>;
  /** Column order by canonical name (default: canonical order). */
  order?: string[];
  /** Rows shuffled with this seed. */
  shuffle?: number;
  /** Extra trailing text (e.g. blank lines); no final newline when `noFinalEol`. */
  trailer?: string;
  noFinalEol?: boolean;
}

export function csvText(tab: Table, o: WriteOpts = {}): string {
  const delim = o.delim ?? ',';
  const eol = o.eol ?? '\n';
  const fmt = FMT[o.time ?? 'iso'];
  const order = (o.order ?? tab.header).map((n) => {
    const i = tab.header.indexOf(n);
    if (i < 0) throw new Error(`no column ${n}`);
    return i;
  });
  const q = (s: string) =>
    o.quoteAll || s.includes(delim) || s.includes('"') || s.includes('\n') || s.includes('\r')
      ? '"' + s.replace(/"/g, '""') + '"'
      : s;
  const cell = (row: string[], i: number): string => {
    let v = row[i];
    if (i === tab.time) v = fmt(epoch(v));
    else if (tab.numeric.includes(i) && o.decimalComma) v = v.replace('.', ',');
    return q(v);
  };
  const rows = o.shuffle === undefined ? tab.rows : shuffled(tab.rows, o.shuffle);
  const lines = [order.map((i) => q(o.rename?.[tab.header[i]] ?? tab.header[i])).join(delim)];
  for (const r of rows) lines.push(order.map((i) => cell(r, i)).join(delim));
  let text = lines.join(eol) + (o.noFinalEol ? '' : eol) + (o.trailer ?? '');
  if (o.bom) text = '\uFEFF' + text;
  return text;
}

export function table(csv: string, numericNames: string[] = []): Table {
  const lines = csv.trimEnd().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const numeric = header.flatMap((h, i) => (numericNames.includes(h) ? [i] : []));
  return { header, numeric, time: header.indexOf('datetime'), rows };
}

export const clone = (t: Table): Table => ({
  ...t,
  header: [...t.header],
  rows: t.rows.map((r) => [...r]),
});
export const sortRows = (t: Table) => {
  const m = t.header.indexOf('machineID');
  t.rows.sort((a, b) => +a[m] - +b[m] || (t.time >= 0 ? epoch(a[t.time]) - epoch(b[t.time]) : 0));
};
