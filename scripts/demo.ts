/**
 * `npm run demo`: the whole pipeline on the built-in simulated plant, end to end:
 * simulate (100 machines x 365 days), import, train on the first 9 months, evaluate on
 * the rest, score each machine's latest observation, print the top 20 risks, and write
 * demo/plant.sqlite and demo/maintenance-list.html.
 *
 * Options: --machines N --days D --trees N --seed S --out DIR (defaults as above).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writePlantCsv } from '../workers/simulate/simulate-node';
import { importPaths } from '../workers/ingest/import-node';
import { PlantFile, saveFileAtomic } from '../workers/store/plant-file-node';
import { trainModel } from '../workers/model/train-model';
import { nodeForestPool } from '../workers/forest/node/node-pool';
import { scoreRun } from '../workers/score/score-run';
import { riskRanking } from '../workers/score/risk-ranking';
import { maintenanceListForRun } from '../workers/report/list-for-run';
import { DAY, formatEpoch, parseDateArg } from '../workers/shared/time';
import { progressPrinter } from '../cli/cli-kit';
import { renderRanking } from '../cli/commands/risks';
import { formatBandEvaluation, formatEvaluation, formatPlanner } from '../cli/commands/format-eval';

const { values } = parseArgs({
  options: {
    machines: { type: 'string', default: '100' },
    days: { type: 'string', default: '365' },
    trees: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '2015-01-01' },
    out: { type: 'string', default: 'demo' },
  },
});
const machines = Number(values.machines);
const days = Number(values.days);
const out = resolve(values.out!);
const err = (s: string) => process.stderr.write(s);
const p = progressPrinter(err);
const t0 = Date.now();
const step = (s: string) => err(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}\n`);
const ac = new AbortController();
process.on('SIGINT', () => {
  err('\ncancelling...\n');
  ac.abort();
});

mkdirSync(out, { recursive: true });
const dataDir = join(out, 'data');
const dbPath = join(out, 'plant.sqlite');
rmSync(dataDir, { recursive: true, force: true });
rmSync(dbPath, { force: true });

step(`simulating ${machines} machines x ${days} days into ${dataDir}`);
await writePlantCsv(dataDir, { machines, days, start: values.start, seed: Number(values.seed) });

step('importing the five exports');
const plant = await PlantFile.open(dbPath, { create: true });
const { reports, failed } = await importPaths(plant.store, [dataDir], {
  signal: ac.signal,
  onProgress: ({ done, total }) => p.update('import', done, total),
});
p.done();
if (failed.length)
  throw new Error(`import failed: ${failed.map((f) => f.error.message).join('; ')}`);
for (const r of reports) {
  step(`  ${r.kind.padEnd(9)} ${String(r.added).padStart(9)} rows added (${r.file})`);
}

const start = parseDateArg(values.start!);
const trainTo = start + Math.round((days * 9) / 12) * DAY;
step(
  `training on observations up to ${formatEpoch(trainTo).slice(0, 10)} (first 9 months), ${values.trees} trees`,
);
const trained = await trainModel(plant.store, {
  trainTo,
  params: { nTrees: Number(values.trees), seed: Number(values.seed) },
  note: 'demo',
  pool: nodeForestPool(),
  signal: ac.signal,
  onProgress: ({ phase, done, total }) => p.update(phase, done, total),
});
p.done();
step(
  `model #${trained.modelId}: ${trained.trainRows} training rows, ${trained.testRows} test rows, ` +
    `${trained.metrics.trainSeconds.toFixed(1)} s`,
);
if (trained.metrics.test) err(formatEvaluation(trained.metrics.test) + '\n');
if (trained.metrics.planner) err(formatPlanner(trained.metrics.planner) + '\n');
err(formatBandEvaluation(trained.bands) + '\n');

step('scoring each machine’s latest observation');
const run = await scoreRun(plant.store, { mode: 'latest', signal: ac.signal });
const { rows } = riskRanking(plant.store, { runId: run.runId, top: 20 });
process.stdout.write(
  '\nTop 20 component risks\n' + renderRanking(run.runId, run.modelId, rows) + '\n\n',
);

await plant.save();
const list = maintenanceListForRun(plant.store, {
  runId: run.runId,
  minRisk: 0.5,
  plant: `Demo plant (${machines} machines)`,
  generated: new Date(),
})!;
const html = list.html();
await saveFileAtomic(join(out, 'maintenance-list.html'), new TextEncoder().encode(html), 0);
plant.close();
step(
  `wrote ${dbPath} and ${join(out, 'maintenance-list.html')} (${list.rows.length} rows at or above 50 %)`,
);
step('done. Next: npm run web (open the demo plant in the browser app) or npx pdm --help');
