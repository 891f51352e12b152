import { basename } from 'node:path';
import { intOpt, parse, requireOpt, UserError, type Command } from '../cli-kit';
import { withPlant } from '../plant';
import { outFolderExists } from './print';
import { saveFileAtomic } from '../../workers/store/plant-file-node';
import { formatEpoch, parseDateArg } from '../../workers/shared/time';
import { healthRanking } from '../../workers/health/health-ranking';
import {
  checkSignalMap,
  mapVocabulary,
  parseSignalMapText,
  plantSignalMap,
  setPlantSignalMap,
} from '../../workers/health/signal-map';
import { healthCsv, healthReasonsTextEn } from '../../workers/health/health-text';
import type { HealthRanking } from '../../workers/health/types';

const help = `pdm health: machines ranked by unusual behaviour, without failure labels

usage: pdm health --db FILE [--at DATE] [--top N] [--csv FILE]
                  [--watch SIGNAL=COMPONENT,...] [--save-watch] [--json]

  --at DATE        rank at this time (plant time, YYYY-MM-DD [HH:MM]); default
                   each machine's latest observation
  --top N          at most N rows (default 20; 0 = all)
  --csv FILE       write every row to FILE as CSV (rank, machine_id,
                   machine_type, component, score, level, as_of, reasons)
  --watch LIST     which sensor or error type watches which component, e.g.
                   volt=comp1,error1=comp1,vibration=comp4: mapped signals score
                   (machine, component) rows, the others the machine as a whole.
                   Used for this ranking only, unless --save-watch
  --save-watch     keep the --watch map as the plant's signal map (the app's too);
                   --watch '' with it clears the map
  --json           one JSON document on stdout (the ranking's structure)

Each machine is compared with its own last 60 observations (the most recent
window left out) and with machines of the same type at the same time: the rolling
mean of each sensor over the plant's middle window, error counts against the
machine's usual rate, and days since each component was replaced against the
plant's usual interval. The strongest differences, in robust standard deviations,
make a score from 0 to 100: 'unusual' from 64, 'watch' from 41 (docs/HEALTH.md).

This is unusual behaviour, not failure risk: it needs no failure records and reads
none but their count. Once the plant has an active model and at least 10 failures
on record, pdm risks ranks failure risk. Machines without data in the last
stale-after steps (pdm plant --stale-steps) are left out.
`;

export const command: Command = {
  summary: 'rank machines by unusual behaviour (no failure labels needed)',
  help,
  async run(argv, ctx) {
    const { values } = parse(argv, {
      db: { type: 'string' },
      at: { type: 'string' },
      top: { type: 'string' },
      csv: { type: 'string' },
      watch: { type: 'string' },
      'save-watch': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const db = requireOpt(values.db, 'db');
    const top = intOpt(values.top, 'top', 0, 10_000_000) ?? 20;
    let at: number | undefined;
    try {
      at = values.at === undefined ? undefined : parseDateArg(values.at, '--at') * 1000;
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    const save = values['save-watch'] ?? false;
    if (save && values.watch === undefined) {
      throw new UserError(
        "--save-watch needs --watch SIGNAL=COMPONENT,... (or --watch '' to clear)",
      );
    }
    let watch: Record<string, string> | undefined;
    try {
      watch = values.watch === undefined ? undefined : parseSignalMapText(values.watch);
    } catch (e) {
      throw new UserError(`--watch: ${(e as Error).message}`);
    }
    if (values.csv) outFolderExists(values.csv);
    const ranking = await withPlant(db, { write: save, owner: 'pdm health' }, async (plant) => {
      const store = plant.store;
      let map: Record<string, string> | undefined;
      if (watch) {
        try {
          map = save
            ? setPlantSignalMap(store, watch)
            : checkSignalMap(watch, mapVocabulary(store), plantSignalMap(store));
        } catch (e) {
          throw new UserError(`--watch: ${(e as Error).message}`);
        }
      }
      return healthRanking(store, { asOf: at, map, signal: ctx.signal });
    });
    if (values.csv) {
      await saveFileAtomic(values.csv, new TextEncoder().encode(healthCsv(ranking.rows)), 0);
    }
    const shown = top === 0 ? ranking.rows : ranking.rows.slice(0, top);
    if (values.json) {
      ctx.stdout(JSON.stringify({ ...ranking, rows: shown }) + '\n');
      return 0;
    }
    ctx.stdout(renderHealth(ranking, shown, basename(db)) + '\n');
    if (values.csv) ctx.stdout(`${ranking.rows.length} rows written to ${values.csv}\n`);
    return 0;
  },
};

function renderHealth(r: HealthRanking, rows: HealthRanking['rows'], plant: string): string {
  if (r.asOf === null) return `${plant}: no telemetry to rank yet (pdm import first)`;
  const out = [
    `${plant}: unusual behaviour as of ${formatEpoch(r.asOf / 1000).slice(0, 16)} (not failure risk)`,
    defaultViewLine(r),
    mapLine(r.signalMap),
    '',
  ];
  const head = ['rank', 'machine', 'type', 'component', 'score', 'level'];
  const cells = rows.map((row, i) => [
    String(i + 1),
    row.machineId,
    row.machineType ?? 'not in machine list',
    row.component ?? 'whole machine',
    row.score.toFixed(1),
    row.level,
  ]);
  const w = head.map((h, c) => Math.max(h.length, ...cells.map((x) => x[c].length)));
  const right = new Set([0, 4]);
  const line = (x: string[]) =>
    x.map((v, c) => (right.has(c) ? v.padStart(w[c]) : v.padEnd(w[c]))).join('  ');
  out.push(line(head) + '  reasons');
  cells.forEach((x, i) => out.push(line(x) + '  ' + healthReasonsTextEn(rows[i], 2)));
  if (!rows.length) out.push('(no machine with recent data)');
  const unusual = r.rows.filter((x) => x.level === 'unusual').length;
  const watch = r.rows.filter((x) => x.level === 'watch').length;
  out.push('', `${unusual} unusual, ${watch} to watch, of ${r.rows.length} rows`);
  return out.join('\n');
}

function defaultViewLine(r: HealthRanking): string {
  const f = `${r.labelledFailures} failure${r.labelledFailures === 1 ? '' : 's'} on record`;
  switch (r.defaultReason) {
    case 'few-failures':
      return `${f}, ${r.failuresNeeded} needed before failure risk is the default view`;
    case 'no-model':
      return `${f}, but no active model that can score this plant (pdm train): health is the default view`;
    default:
      return `${f} and an active model: failure risk (pdm risks) is the default view`;
  }
}

function mapLine(map: Record<string, string>): string {
  const pairs = Object.entries(map);
  if (!pairs.length)
    return 'signal map: none (every signal scores the machine as a whole; --watch sets one)';
  return 'signal map: ' + pairs.map(([s, c]) => `${s}=${c}`).join(', ');
}
