import { intOpt, numOpt, parse, requireOpt, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { riskRanking } from '../../workers/score/risk-ranking';
import { formatEpoch } from '../../workers/shared/time';
import { reasonsTextEn } from '../../workers/report/reason-text';
import { bandText } from '../../workers/report/maintenance-list';
import { staleSummary } from '../../workers/score/stale';

const help = `pdm risks: the component risk ranking of a scoring run

usage: pdm risks --db FILE [--run ID] [--top N] [--min-risk P] [--include-stale] [--json]

  --run ID          a scoring run (default: the latest successful run)
  --top N           at most N rows (default 20; 0 = all)
  --min-risk P      only risks at or above P (0..1, default 0)
  --include-stale   rank machines without recent data too

Machines x components, most at risk first, with the days since the component
was last replaced, the time band when the model has one ("likely within 3
days": the shortest of 1, 3, 7, 14 days whose chance of a failure reaches
50 %, or "not likely within 14 days") and the top reasons for the risk, each with the machine's
value and what is usual in the model's training data ("vibration mean over
24 h 52.1, high (usual for model3: 40 ± 5)"). A machine with telemetry but no
row in the machine list is marked "not in machine list" and counted below the
table (the import report counts the same machines). A machine whose latest
observation in the run is more than the plant's stale-after steps (pdm plant
--stale-steps, default 3 observation steps of the run's model) older than the
run's latest observation
has no recent data: it is left out, and one line says how many were and why.
`;

export const command: Command = {
  summary: 'show the component risk ranking of a scoring run',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      run: { type: 'string' },
      top: { type: 'string' },
      'min-risk': { type: 'string' },
      'include-stale': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const top = intOpt(values.top, 'top', 0, 10_000_000) ?? 20;
    const { run, rows, stale, unlisted } = await withPlant(db, { write: false }, async (plant) =>
      riskRanking(plant.store, {
        runId: intOpt(values.run, 'run', 1, 2 ** 31),
        top: top === 0 ? undefined : top,
        minRisk: numOpt(values['min-risk'], 'min-risk', 0, 1),
        includeStale: values['include-stale'] ?? false,
      }),
    );
    if (values.json) {
      ctx.stdout(JSON.stringify({ run, rows, stale, unlisted }) + '\n');
      return 0;
    }
    if (!run) {
      ctx.stdout('no scoring run yet: run pdm score first\n');
      return 0;
    }
    ctx.stdout(renderRanking(run.id, run.modelId, rows) + '\n');
    const note = staleSummary(stale);
    if (note) ctx.stdout(note + (stale?.included ? '' : ' (--include-stale ranks them)') + '\n');
    if (unlisted.length) ctx.stdout(unlistedNote(unlisted) + '\n');
    return 0;
  },
};

export function renderRanking(
  runId: number,
  modelId: number,
  rows: ReturnType<typeof riskRanking>['rows'],
): string {
  const out = [`run #${runId}, model #${modelId}`, ''];
  // The time band column only when the run's model has bands (docs/BANDS.md).
  const withBands = rows.some((r) => r.bands);
  const head = [
    'rank',
    'machine',
    'model',
    'component',
    'risk',
    ...(withBands ? ['time to failure'] : []),
    'days since repl.',
    'as of',
  ];
  const cells = rows.map((r, i) => [
    String(i + 1),
    r.machine,
    r.unlisted ? 'not in machine list' : r.machineModel,
    r.component,
    `${(r.probability * 100).toFixed(1)}%`,
    ...(withBands ? [bandText(r.bands)] : []),
    r.daysSinceReplace < 0 ? 'none' : r.daysSinceReplace.toFixed(1),
    formatEpoch(r.t).slice(0, 16),
  ]);
  // Machine ids, models and components are free text: each column is as wide as its
  // longest cell; text columns are left-aligned, numbers right-aligned.
  const w = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const left = new Set(withBands ? [1, 2, 3, 5] : [1, 2, 3]);
  const line = (row: string[]) =>
    row.map((v, c) => (left.has(c) ? v.padEnd(w[c]) : v.padStart(w[c]))).join('  ');
  out.push(line(head) + '  top reasons');
  cells.forEach((row, i) => out.push(line(row) + '  ' + reasonsTextEn(rows[i].reasons, 2)));
  if (!rows.length) out.push('(no rows at or above the threshold)');
  return out.join('\n');
}

/** "2 machines are not in the machine list: P-7, P-9" (the first ten named). */
function unlistedNote(unlisted: string[]): string {
  const shown = unlisted.slice(0, 10).join(', ');
  const more = unlisted.length > 10 ? `, and ${unlisted.length - 10} more` : '';
  return (
    `${unlisted.length} machine(s) with telemetry are not in the machine list (no type, ` +
    `no age): ${shown}${more}`
  );
}
