/**
 * The printed maintenance list: the rows of a scoring run above a risk threshold, as a
 * self-contained printable HTML page (a check box and a sign-off line per row, print
 * CSS, no scripts, no external resources) and as CSV for the maintenance system.
 */
import { formatEpoch } from '../shared/time';
import { csvCell } from '../shared/csv-cell';
import { reasonsTextEn, type Reason } from './reason-text';
import type { RowBands } from '../model/band-model';

export interface ListRow {
  /** The machine's integer key in the plant file (for links and picks). */
  machineId: number;
  /** The machine id as the plant writes it (text: `P-101A`, `42`). */
  machine: string;
  /** The machine's model (from the machines table), '' when unknown. */
  machineModel: string;
  component: string;
  probability: number;
  /** Observation time the risk was computed at. */
  t: number;
  /** Days since this component was last replaced at t; -1 when none is on record. */
  daysSinceReplace: number;
  /** True when the machine has telemetry but no machine-list row (no type, no age). */
  unlisted: boolean;
  /** Features that pushed this risk up most, with the machine's value and what is usual. */
  reasons: Reason[];
  /** Time-to-failure bands (docs/BANDS.md); absent when the run's model has none. */
  bands?: RowBands;
}

export interface ListHeader {
  plant: string;
  /** When the list was made (ISO text, shown as given). */
  generated: string;
  runId: number;
  runFinished: string;
  modelId: number;
  modelNote: string;
  minRisk: number;
  /** Where high and medium risk start (the app's threshold settings); default 50 % / 20 %. */
  levels?: RiskLevels;
  /** Machines left out for having no recent data (workers/score/stale.ts); absent when none. */
  leftOut?: LeftOutNote;
}

/** How many machines a list leaves out for having no data since `since`. */
export interface LeftOutNote {
  count: number;
  /** Of them, how many have data ending with a failure. */
  failed: number;
  /** No data at or after this time (plant seconds). */
  since: number;
  /** The run's data-as-of time. */
  asOf: number;
}

/** The ranking's thresholds: at or above `high` is high, at or above `medium` medium. */
export interface RiskLevels {
  high: number;
  medium: number;
}

/** Thresholds of a plant that never set its own (workers/store/plant-settings.ts). */
export const DEFAULT_LEVELS: RiskLevels = { high: 0.5, medium: 0.2 };

export type RiskLevelName = 'high' | 'medium' | 'low';

export function riskLevelOf(p: number, levels: RiskLevels = DEFAULT_LEVELS): RiskLevelName {
  return p >= levels.high ? 'high' : p >= levels.medium ? 'medium' : 'low';
}

/** Labels of the page; English by default, the UI passes its own language. */
export interface ListText {
  title: string;
  plant: string;
  generated: string;
  run: string;
  model: string;
  threshold: string;
  done: string;
  machine: string;
  machineModel: string;
  component: string;
  risk: string;
  reasons: string;
  daysSince: string;
  observed: string;
  signOff: string;
  none: string;
  noRows: string;
  checkedBy: string;
  date: string;
  high: string;
  medium: string;
  low: string;
  /** Page footer, `{n}` and `{m}` replaced by the page number and the page count. */
  pageOf: string;
  /** Header note; `{n}`, `{since}`, `{asOf}`, `{failed}` replaced. */
  leftOut: string;
  /** In the type column of a machine with no machine-list row. */
  unlisted: string;
  /** Time-to-failure bands (docs/BANDS.md): the column, and its cell ({days} replaced). */
  band: string;
  likelyOne: string;
  likely: string;
  notLikely: string;
}

export const LIST_TEXT_EN: ListText = {
  title: 'Maintenance list',
  plant: 'Plant',
  generated: 'Printed',
  run: 'Scoring run',
  model: 'Model',
  threshold: 'Risk at least',
  done: 'Done',
  machine: 'Machine',
  machineModel: 'Type',
  component: 'Component',
  risk: 'Risk',
  reasons: 'Top reasons',
  daysSince: 'Days since replacement',
  observed: 'Data as of',
  signOff: 'Signed off (name, date)',
  none: 'none on record',
  noRows: 'No component is at or above the threshold.',
  checkedBy: 'List checked by',
  date: 'Date',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  pageOf: 'page {n} of {m}',
  leftOut:
    '{n} machine(s) left out: no data since {since} (data as of {asOf}); {failed} of them failed',
  unlisted: 'not in the machine list',
  band: 'Time to failure',
  likelyOne: 'likely within 1 day',
  likely: 'likely within {days} days',
  notLikely: 'not likely within {days} days',
};

/**
 * A row's time band in words: "likely within 3 days", or "not likely within 14 days"
 * when no band reaches 50 %; '' when the row has no bands (older or imported models).
 * The ranking, machine view and printed list word the same `likelyDays` this way.
 */
export function bandText(b: RowBands | undefined, text: ListText = LIST_TEXT_EN): string {
  if (!b) return '';
  if (b.likelyDays === null) return fill(text.notLikely, { days: b.days[b.days.length - 1] });
  return b.likelyDays === 1 ? text.likelyOne : fill(text.likely, { days: b.likelyDays });
}

/** The bands the CSV has a column for, in days (bands a model merged away stay empty). */
const CSV_BAND_DAYS = [1, 3, 7, 14];

const fill = (tpl: string, v: Record<string, string | number>) =>
  tpl.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

const pct = (p: number) => `${(p * 100).toFixed(1)} %`;
const days = (d: number, text: ListText) => (d < 0 ? text.none : d.toFixed(1));

/** A CSS string literal; `<` escaped so a name cannot end the style element. */
const cssString = (s: string) =>
  `"${s
    .replace(/[\\"]/g, '\\$&')
    .replace(/</g, '\\3c ')
    .replace(/[\r\n]/g, ' ')}"`;

/**
 * `content` of a page margin box saying "page n of m" in the list's language (Chromium
 * fills counter(pages) in margin boxes when printing or saving as PDF).
 */
export function pageOfContent(pageOf: string): string {
  const parts = pageOf.split(/(\{n\}|\{m\})/).filter((x) => x !== '');
  return parts
    .map((x) => (x === '{n}' ? 'counter(page)' : x === '{m}' ? 'counter(pages)' : cssString(x)))
    .join(' ');
}

const PRINT_CSS = `
  @page { size: A4 landscape; margin: 12mm 12mm 16mm; }
  * { box-sizing: border-box; }
  body { font: 11pt/1.35 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif; color: #111; margin: 0; padding: 16px; }
  h1 { font-size: 16pt; margin: 0 0 6px; }
  .meta { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0 0 12px; font-size: 10pt; color: #333; }
  .meta b { color: #111; }
  table { width: 100%; border-collapse: collapse; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  th, td { border: 1px solid #999; padding: 5px 6px; text-align: left; vertical-align: top; }
  th { background: #eee; font-size: 9.5pt; }
  td.num { text-align: right; white-space: nowrap; }
  .box { display: inline-block; width: 14px; height: 14px; border: 1.5px solid #111; }
  .sign { min-width: 150px; border-bottom: 1px solid #111; height: 22px; }
  .high { font-weight: 700; }
  footer { margin-top: 18px; display: flex; gap: 48px; }
  footer span { display: inline-block; min-width: 220px; border-bottom: 1px solid #111; }
  @media print { body { padding: 0; } th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

/** A complete, printable HTML document. */
export function maintenanceListHtml(
  header: ListHeader,
  rows: ListRow[],
  text: ListText = LIST_TEXT_EN,
  lang = 'en',
): string {
  const e = escapeHtml;
  const levelText = (p: number) => text[riskLevelOf(p, header.levels)];
  // The time band column only when the run's model has bands.
  const withBands = rows.some((r) => r.bands);
  const bandCell = (r: ListRow) => (withBands ? `\n  <td>${e(bandText(r.bands, text))}</td>` : '');
  const body = rows.length
    ? rows
        .map(
          (r) => `<tr>
  <td><span class="box" role="checkbox" aria-checked="false" aria-label="${e(text.done)}"></span></td>
  <td>${e(r.machine)}</td>
  <td>${e(r.unlisted ? text.unlisted : r.machineModel)}</td>
  <td>${e(r.component)}</td>
  <td class="num${riskLevelOf(r.probability, header.levels) === 'high' ? ' high' : ''}">${pct(r.probability)} ${e(levelText(r.probability))}</td>${bandCell(r)}
  <td>${e(reasonsTextEn(r.reasons))}</td>
  <td class="num">${e(days(r.daysSinceReplace, text))}</td>
  <td>${e(formatEpoch(r.t))}</td>
  <td><div class="sign"></div></td>
</tr>`,
        )
        .join('\n')
    : `<tr><td colspan="${withBands ? 10 : 9}">${e(text.noRows)}</td></tr>`;
  return `<!doctype html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(text.title)} — ${e(header.plant)}</title>
<style>${PRINT_CSS}
  @page { @bottom-right { content: ${pageOfContent(text.pageOf)}; font: 9pt system-ui, sans-serif; } }
  @page { @bottom-left { content: ${cssString(`${text.title} · ${header.plant} · ${text.run} #${header.runId}`)}; font: 9pt system-ui, sans-serif; } }
</style>
</head>
<body>
<h1>${e(text.title)}</h1>
<div class="meta">
  <div><b>${e(text.plant)}:</b> ${e(header.plant)}</div>
  <div><b>${e(text.generated)}:</b> ${e(header.generated)}</div>
  <div><b>${e(text.run)}:</b> #${header.runId} (${e(header.runFinished)})</div>
  <div><b>${e(text.model)}:</b> #${header.modelId}${header.modelNote ? ' ' + e(header.modelNote) : ''}</div>
  <div><b>${e(text.threshold)}:</b> ${pct(header.minRisk)}</div>${
    header.leftOut
      ? `
  <div class="left-out"><b>${e(
    fill(text.leftOut, {
      n: header.leftOut.count,
      since: formatEpoch(header.leftOut.since).slice(0, 16),
      asOf: formatEpoch(header.leftOut.asOf).slice(0, 16),
      failed: header.leftOut.failed,
    }),
  )}</b></div>`
      : ''
  }
</div>
<table>
<thead><tr><th>${e(text.done)}</th><th>${e(text.machine)}</th><th>${e(text.machineModel)}</th><th>${e(text.component)}</th><th>${e(text.risk)}</th>${withBands ? `<th>${e(text.band)}</th>` : ''}<th>${e(text.reasons)}</th><th>${e(text.daysSince)}</th><th>${e(text.observed)}</th><th>${e(text.signOff)}</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
<footer><div>${e(text.checkedBy)}: <span></span></div><div>${e(text.date)}: <span></span></div></footer>
</body>
</html>
`;
}

/** RFC 4180 quoting, and text a spreadsheet could run as a formula defused (csvCell). */
export function csvField(v: string | number): string {
  return csvCell(v);
}

/** likely_within_days (a number, 'none' when not likely within the longest band) and the percentages. */
function bandCsvCells(b: RowBands | undefined): string[] {
  if (!b) return ['', ...CSV_BAND_DAYS.map(() => '')];
  return [
    b.likelyDays === null ? 'none' : String(b.likelyDays),
    ...CSV_BAND_DAYS.map((d) => {
      const i = b.days.indexOf(d);
      // One decimal, as risk_percent and the screens show percentages.
      return i < 0 ? '' : (b.cumulative[i] * 100).toFixed(1);
    }),
  ];
}

export function maintenanceListCsv(header: ListHeader, rows: ListRow[]): string {
  const lines = [
    [
      'machineID',
      'model',
      'component',
      'risk_percent',
      'risk_level',
      'datetime',
      'days_since_replace',
      'reasons',
      'run',
      'model_id',
      'done',
      'signed_off_by',
      // Time-to-failure bands, empty for runs without them (docs/BANDS.md).
      'likely_within_days',
      ...CSV_BAND_DAYS.map((d) => `within_${d}d_percent`),
    ].join(','),
  ];
  for (const r of rows) {
    lines.push(
      [
        csvField(r.machine),
        csvField(r.machineModel),
        csvField(r.component),
        // The percentage as the screen and the printed list show it (one decimal).
        (r.probability * 100).toFixed(1),
        riskLevelOf(r.probability, header.levels),
        formatEpoch(r.t),
        r.daysSinceReplace < 0 ? -1 : Number(r.daysSinceReplace.toFixed(3)),
        csvField(reasonsTextEn(r.reasons)),
        header.runId,
        header.modelId,
        '',
        '',
        ...bandCsvCells(r.bands),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
