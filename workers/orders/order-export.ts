/**
 * Accepted proposals leaving the tool: a CSV whose columns a CMMS import can map
 * (docs/WORK-ORDERS.md), and a printable work-order sheet per machine. The words of
 * the title and description are templates (`OrderWords`), English by default; the app
 * passes its own language.
 */
import { csvLine } from '../shared/csv-cell';
import { formatEpoch } from '../shared/time';
import { escapeHtml, pageOfContent } from '../report/maintenance-list';
import { reasonsTextEn } from '../report/reason-text';
import { byMachine, type Proposal } from './proposals';

/** Templates with `{name}` parameters. */
export interface OrderWords {
  /** `{component}`, `{machine}`. */
  title: string;
  /** High in any run: `{risk}`, `{run}`. */
  ruleHighAny: string;
  /** High in N runs: `{runs}`, `{first}`, `{last}`. */
  ruleHigh: string;
  /** Medium or high in N runs: `{runs}`, `{first}`, `{last}`. */
  ruleMedium: string;
  /** Medium or high in any run: `{risk}`, `{run}`. */
  ruleMediumAny: string;
  /** `{risk}`, `{level}`, `{observed}`. */
  risk: string;
  /** `{reasons}`. */
  reasons: string;
  high: string;
  medium: string;
  // Sheet labels.
  sheetTitle: string;
  machine: string;
  machineModel: string;
  printed: string;
  proposal: string;
  component: string;
  why: string;
  due: string;
  sourceRun: string;
  done: string;
  doneBy: string;
  notes: string;
  /** `{n}`, `{m}`. */
  pageOf: string;
}

export const ORDER_WORDS_EN: OrderWords = {
  title: 'Check {component} on machine {machine}',
  ruleHighAny: 'Risk high ({risk}) in scoring run #{run}.',
  ruleHigh: 'Risk high in {runs} consecutive scoring runs (#{first} to #{last}).',
  ruleMedium: 'Risk medium or high in {runs} consecutive scoring runs (#{first} to #{last}).',
  ruleMediumAny: 'Risk medium or high ({risk}) in scoring run #{run}.',
  risk: 'Risk {risk} ({level}) at the data of {observed}.',
  reasons: 'Top reasons: {reasons}.',
  high: 'high',
  medium: 'medium',
  sheetTitle: 'Work orders',
  machine: 'Machine',
  machineModel: 'Type',
  printed: 'Printed',
  proposal: 'Proposal',
  component: 'Component',
  why: 'Why',
  due: 'Due',
  sourceRun: 'Scoring run',
  done: 'Done',
  doneBy: 'Done by (name, date)',
  notes: 'Findings',
  pageOf: 'page {n} of {m}',
};

const fill = (tpl: string, v: Record<string, string | number>) =>
  tpl.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));

const pct = (p: number) => `${(p * 100).toFixed(1)} %`;

/** The date part of plant time. */
const day = (t: number) => formatEpoch(t).slice(0, 10);

/** Why the proposal was made, in words: the rule, the risk and the model's reasons. */
export function proposalDescription(p: Proposal, w: OrderWords = ORDER_WORDS_EN): string {
  const runs = p.triggerRuns;
  const rule =
    p.trigger.runs === 1
      ? fill(p.trigger.rule === 'high' ? w.ruleHighAny : w.ruleMediumAny, {
          risk: pct(p.risk),
          run: p.runId,
        })
      : fill(p.trigger.rule === 'high' ? w.ruleHigh : w.ruleMedium, {
          runs: p.trigger.runs,
          first: runs[0],
          last: runs[runs.length - 1],
        });
  const parts = [
    rule,
    fill(w.risk, {
      risk: pct(p.risk),
      level: p.level === 'high' ? w.high : w.medium,
      observed: formatEpoch(p.observed).slice(0, 16),
    }),
  ];
  if (p.reasons.length) parts.push(fill(w.reasons, { reasons: reasonsTextEn(p.reasons) }));
  return parts.join(' ');
}

export function proposalTitle(p: Proposal, w: OrderWords = ORDER_WORDS_EN): string {
  return fill(w.title, { component: p.component, machine: p.machine });
}

/**
 * The CMMS columns, in this order (docs/WORK-ORDERS.md): asset_id, title, description,
 * priority (1 high, 2 medium), due_date (YYYY-MM-DD, plant time), component,
 * source_run, proposal_id, risk_percent, risk_level, state.
 */
export const ORDER_CSV_COLUMNS = [
  'asset_id',
  'title',
  'description',
  'priority',
  'due_date',
  'component',
  'source_run',
  'proposal_id',
  'risk_percent',
  'risk_level',
  'state',
] as const;

export function proposalsCsv(list: Proposal[], w: OrderWords = ORDER_WORDS_EN): string {
  const lines = [ORDER_CSV_COLUMNS.join(',')];
  // The most urgent first: high before medium, then by due date and risk.
  const sorted = [...list].sort(
    (a, b) =>
      (a.level === b.level ? 0 : a.level === 'high' ? -1 : 1) ||
      a.due - b.due ||
      b.risk - a.risk ||
      a.id - b.id,
  );
  for (const p of sorted) {
    lines.push(
      csvLine([
        p.machine,
        proposalTitle(p, w),
        proposalDescription(p, w),
        p.level === 'high' ? 1 : 2,
        day(p.due),
        p.component,
        p.runId,
        p.id,
        Number((p.risk * 100).toFixed(1)),
        p.level,
        p.state,
      ]),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

const SHEET_CSS = `
  @page { size: A4 portrait; margin: 14mm 12mm 16mm; }
  * { box-sizing: border-box; }
  body { font: 11pt/1.35 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif; color: #111; margin: 0; padding: 16px; }
  section.sheet { break-after: page; page-break-after: always; }
  section.sheet:last-child { break-after: auto; page-break-after: auto; }
  h1 { font-size: 15pt; margin: 0 0 6px; }
  .meta { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0 0 12px; font-size: 10pt; }
  table { width: 100%; border-collapse: collapse; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, td { border: 1px solid #999; padding: 5px 6px; text-align: left; vertical-align: top; }
  th { background: #eee; font-size: 9.5pt; }
  .box { display: inline-block; width: 14px; height: 14px; border: 1.5px solid #111; }
  .line { border-bottom: 1px solid #111; height: 22px; min-width: 140px; }
  .high { font-weight: 700; }
  @media print { body { padding: 0; } th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

/** A printable HTML document: one page per machine with its proposals and sign-off lines. */
export function workOrderSheetsHtml(
  list: Proposal[],
  plant: string,
  printed: string,
  w: OrderWords = ORDER_WORDS_EN,
  lang = 'en',
): string {
  const e = escapeHtml;
  const sheets = byMachine(list)
    .map(
      ({ machine, proposals }) => `<section class="sheet">
<h1>${e(w.sheetTitle)} — ${e(w.machine)} ${e(machine)}</h1>
<div class="meta"><div><b>${e(w.machineModel)}:</b> ${e(proposals[0].machineModel)}</div><div><b>${e(plant)}</b></div><div><b>${e(w.printed)}:</b> ${e(printed)}</div></div>
<table>
<thead><tr><th>${e(w.done)}</th><th>${e(w.proposal)}</th><th>${e(w.component)}</th><th>${e(w.why)}</th><th>${e(w.due)}</th><th>${e(w.sourceRun)}</th><th>${e(w.doneBy)}</th><th>${e(w.notes)}</th></tr></thead>
<tbody>
${proposals
  .map(
    (p) => `<tr>
  <td><span class="box" role="checkbox" aria-checked="false" aria-label="${e(w.done)}"></span></td>
  <td>#${p.id}</td>
  <td class="${p.level === 'high' ? 'high' : ''}">${e(p.component)}<br>${pct(p.risk)} ${e(p.level === 'high' ? w.high : w.medium)}</td>
  <td>${e(proposalDescription(p, w))}</td>
  <td>${e(day(p.due))}</td>
  <td>#${p.runId}</td>
  <td><div class="line"></div></td>
  <td><div class="line"></div></td>
</tr>`,
  )
  .join('\n')}
</tbody>
</table>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(w.sheetTitle)} — ${e(plant)}</title>
<style>${SHEET_CSS}
  @page { @bottom-right { content: ${pageOfContent(w.pageOf)}; font: 9pt system-ui, sans-serif; } }
</style>
</head>
<body>
${sheets}
</body>
</html>
`;
}
