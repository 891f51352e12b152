import { basename } from 'node:path';
import { parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { outFolderExists } from './print';
import {
  listProposals,
  PROPOSAL_STATES,
  proposalFigures,
  setProposalState,
  type Proposal,
  type ProposalFigures,
  type ProposalState,
} from '../../workers/orders/proposals';
import {
  ORDER_CSV_COLUMNS,
  proposalsCsv,
  workOrderSheetsHtml,
} from '../../workers/orders/order-export';
import { saveFileAtomic } from '../../workers/store/plant-file-node';
import { formatEpoch } from '../../workers/shared/time';

const help = `pdm proposals: work-order proposals, their states, and the CMMS export

usage: pdm proposals --db FILE [--state S] [--out orders.csv|orders.html] [--plant NAME] [--json]
       pdm proposals --db FILE (--accept IDS | --done IDS | --reopen IDS | --dismiss IDS --reason TEXT)

  --state S        only proposals in state S: open, accepted, dismissed or done
  --out FILE       .csv: the CMMS import file; .html: a printable work-order sheet
                   per machine. Exports the accepted proposals unless --state says
                   otherwise
  --plant NAME     plant name on the sheets (default: the database file name)
  --accept IDS     mark proposals accepted (sent to the CMMS or printed)
  --dismiss IDS    dismiss them; --reason is required and kept
  --done IDS       mark them done (imported replacements do this by themselves)
  --reopen IDS     back to open (from accepted or dismissed)
  IDS: proposal numbers, e.g. 3,7,10-12. A change applies to all of them or none.

Scoring runs make proposals from the plant's rules (pdm rules). A proposal is open
until a planner accepts, dismisses or marks it done; a replacement of its
component imported after the observation that raised it marks it done, and a
failure of that component by its due date is counted (also for dismissed ones).

CSV columns (docs/WORK-ORDERS.md): ${ORDER_CSV_COLUMNS.join(', ')}.
priority is 1 for high risk and 2 for medium; due_date is YYYY-MM-DD, plant time.
`;

function idsOpt(v: string | undefined, name: string): number[] | undefined {
  if (v === undefined) return undefined;
  const out: number[] = [];
  for (const part of v.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const a = m ? Number(m[1]) : NaN;
    const b = m?.[2] ? Number(m[2]) : a;
    if (!m || a < 1 || b < a || b - a > 100_000)
      throw new UserError(
        `--${name}: '${part.trim()}' is not a proposal number or range (3,7,10-12)`,
      );
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}

function stateOpt(v: string | undefined): ProposalState | undefined {
  if (v === undefined) return undefined;
  if (!(PROPOSAL_STATES as readonly string[]).includes(v))
    throw new UserError(`--state must be one of ${PROPOSAL_STATES.join(', ')}, got '${v}'`);
  return v as ProposalState;
}

export const command: Command = {
  summary: 'list, accept, dismiss and export work-order proposals',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      state: { type: 'string' },
      out: { type: 'string' },
      plant: { type: 'string' },
      accept: { type: 'string' },
      dismiss: { type: 'string' },
      done: { type: 'string' },
      reopen: { type: 'string' },
      reason: { type: 'string' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const state = stateOpt(values.state);
    const moves = (
      [
        ['accepted', idsOpt(values.accept, 'accept')],
        ['dismissed', idsOpt(values.dismiss, 'dismiss')],
        ['done', idsOpt(values.done, 'done')],
        ['open', idsOpt(values.reopen, 'reopen')],
      ] as const
    ).filter((m) => m[1] !== undefined);
    if (moves.length > 1) throw new UserError('give one of --accept, --dismiss, --done, --reopen');
    if (values.reason !== undefined && !values.dismiss)
      throw new UserError('--reason goes with --dismiss');
    if (moves.length) {
      if (values.out || state) throw new UserError('a state change takes no --out or --state');
      const [to, ids] = moves[0];
      const changed = await withPlant(db, { write: true, owner: 'pdm proposals' }, async (plant) =>
        setProposalState(plant.store, ids!, { state: to, reason: values.reason }),
      );
      ctx.stdout(
        values.json
          ? JSON.stringify(changed) + '\n'
          : `${changed.length} proposal${changed.length === 1 ? '' : 's'} ${to === 'open' ? 'reopened' : to}: ` +
              changed.map((p) => `#${p.id}`).join(', ') +
              '\n',
      );
      return 0;
    }
    const out = values.out;
    const format = out
      ? /\.csv$/i.test(out)
        ? 'csv'
        : /\.html?$/i.test(out)
          ? 'html'
          : null
      : null;
    if (out && !format) throw new UserError(`--out must end in .csv or .html, got '${out}'`);
    if (out) outFolderExists(out);
    const wanted = state ?? (out ? 'accepted' : undefined);
    const { list, figures } = await withPlant(db, { write: false }, async (plant) => ({
      list: listProposals(plant.store, { state: wanted }),
      figures: proposalFigures(plant.store),
    }));
    if (out) {
      const text =
        format === 'csv'
          ? proposalsCsv(list)
          : workOrderSheetsHtml(
              list,
              values.plant ?? basename(db).replace(/\.[^.]+$/, ''),
              new Date().toISOString().slice(0, 16).replace('T', ' '),
            );
      await saveFileAtomic(out, new TextEncoder().encode(text), 0);
    }
    if (values.json) {
      ctx.stdout(JSON.stringify({ proposals: list, figures, ...(out ? { out } : {}) }) + '\n');
      return 0;
    }
    if (out) {
      ctx.stdout(
        `${list.length} ${wanted} proposal${list.length === 1 ? '' : 's'} written to ${out}` +
          (list.length ? '' : wanted === 'accepted' ? ' (accept some first: --accept IDS)' : '') +
          '\n',
      );
      return 0;
    }
    ctx.stdout(renderProposals(list, figures) + '\n');
    return 0;
  },
};

function renderProposals(list: Proposal[], f: ProposalFigures): string {
  const head = ['id', 'state', 'machine', 'component', 'risk', 'rule', 'due', 'run', 'note'];
  const rule = (p: Proposal) =>
    p.trigger.runs === 1 ? `${p.trigger.rule} in a run` : `${p.trigger.rule} x${p.trigger.runs}`;
  const note = (p: Proposal) =>
    [
      p.dismissReason ? `dismissed: ${p.dismissReason}` : '',
      p.doneBy === 'replacement' ? 'replacement imported' : '',
      p.outcome === 'failure' && p.outcomeT !== null
        ? `failed ${formatEpoch(p.outcomeT).slice(0, 16)}`
        : '',
    ]
      .filter(Boolean)
      .join('; ');
  const cells = list.map((p) => [
    `#${p.id}`,
    p.state,
    p.machine,
    p.component,
    `${(p.risk * 100).toFixed(1)}% ${p.level}`,
    rule(p),
    formatEpoch(p.due).slice(0, 10),
    `#${p.runId}`,
    note(p),
  ]);
  const w = head.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((v, c) => (c === r.length - 1 ? v : v.padEnd(w[c])))
      .join('  ')
      .trimEnd();
  const out = [line(head), ...cells.map(line)];
  if (!list.length) out.push('(no proposals)');
  out.push(
    '',
    `${f.total} proposals: ${f.open} open, ${f.accepted} accepted, ${f.dismissed} dismissed, ${f.done} done ` +
      `(${f.doneByReplacement} by an imported replacement); ${f.precededFailure} preceded a failure, ` +
      `${f.dismissedBeforeFailure} of them dismissed`,
  );
  return out.join('\n');
}
