/**
 * `npm run bench -- score [--machines 1000] [--train-machines 100] [--train-days 180]
 *   [--trees 200] [--batch 730000] [--no-peer]`
 *
 * 1. --latest for a 1000-machine plant: time from the database to ranked results
 *    (features of each machine's last observation, prediction, reasons, results
 *    stored, ranking read back).
 * 2. A full-year batch (about 730,000 observations, the training plant's feature rows
 *    tiled): our predictProba against scikit-learn's predict_proba on the same rows,
 *    each with a forest of the reference hyperparameters trained on the same rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writePlantCsv } from '../../workers/simulate/simulate-node';
import { importPaths } from '../../workers/ingest/import-node';
import { Store } from '../../workers/store/store';
import { trainModel } from '../../workers/model/train-model';
import { getModel } from '../../workers/model/model-store';
import { loadModel, predictProbaParallel } from '../../workers/forest';
import { nodeForestPool } from '../../workers/forest/node/node-pool';
import { buildFeatures, cadenceWithHorizon, writeFeaturesCsv } from '../../workers/features';
import { scoreRun } from '../../workers/score/score-run';
import { riskRanking } from '../../workers/score/risk-ranking';
import { DAY, parseDateArg } from '../../workers/shared/time';

async function plant(dir: string, machines: number, days: number, seed: number): Promise<Store> {
  await writePlantCsv(dir, { machines, days, seed });
  const store = await Store.open(null);
  const r = await importPaths(store, [dir]);
  if (r.failed.length) throw new Error(r.failed[0].error.message);
  return store;
}

export async function main(args: string[]): Promise<void> {
  const { values: o } = parseArgs({
    args,
    options: {
      machines: { type: 'string', default: '1000' },
      'train-machines': { type: 'string', default: '100' },
      'train-days': { type: 'string', default: '180' },
      trees: { type: 'string', default: '200' },
      batch: { type: 'string', default: '730000' },
      'no-peer': { type: 'boolean' },
    },
  });
  const tmp = mkdtempSync(join(tmpdir(), 'pdm-bench-score-'));
  try {
    const trainDays = Number(o['train-days']);
    console.log(
      `training plant: ${o['train-machines']} machines x ${trainDays} days, ${o.trees} trees`,
    );
    const train = await plant(join(tmp, 'train'), Number(o['train-machines']), trainDays, 11);
    const pool = nodeForestPool(2);
    const t0 = performance.now();
    const { modelId } = await trainModel(train, {
      trainTo: parseDateArg('2015-01-01') + trainDays * DAY,
      params: { nTrees: Number(o.trees) },
      pool,
    });
    console.log(`  trained in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const record = getModel(train, modelId);

    const machines = Number(o.machines);
    console.log(`\n1. --latest for ${machines} machines (14 days of telemetry each)`);
    const big = await plant(join(tmp, 'big'), machines, 14, 12);
    const { saveModel } = await import('../../workers/model/model-store');
    const id = saveModel(big, { ...record });
    const t1 = performance.now();
    const run = await scoreRun(big, { mode: 'latest', modelId: id });
    const ranked = riskRanking(big, { runId: run.runId });
    const latestS = (performance.now() - t1) / 1000;
    console.log(
      `  database -> ranked results: ${latestS.toFixed(3)} s for ${run.rows} machines, ${ranked.rows.length} ranked rows (target < 1 s)`,
    );

    const fs = buildFeatures(train, { cadence: cadenceWithHorizon(train, record.horizonDays) });
    const batchRows = Number(o.batch);
    const nF = fs.featureNames.length;
    const X = new Float64Array(batchRows * nF);
    for (let r = 0; r < batchRows; r++)
      X.set(fs.values.subarray((r % fs.rows) * nF, ((r % fs.rows) + 1) * nF), r * nF);
    const model = loadModel(record.bytes);
    const t2 = performance.now();
    model.predictProba(X, batchRows);
    const ours = (performance.now() - t2) / 1000;
    console.log(
      `\n2. batch of ${batchRows} observations (${fs.rows} feature rows tiled), ${nF} features`,
    );
    console.log(`  ours predictProba:            ${ours.toFixed(2)} s (1 thread)`);
    const t3 = performance.now();
    await predictProbaParallel(record.bytes, X, batchRows, pool);
    const oursPar = (performance.now() - t3) / 1000;
    console.log(
      `  ours, 2 workers:              ${oursPar.toFixed(2)} s (worker start-up included)`,
    );

    if (!o['no-peer'] && existsSync('/usr/bin/python3')) {
      const csv = join(tmp, 'features.csv');
      const parts: string[] = [];
      writeFeaturesCsv(fs, (c) => parts.push(c));
      writeFileSync(csv, parts.join(''));
      const py = `
import sys, time, json, numpy as np, pandas as pd
from sklearn.ensemble import RandomForestClassifier
df = pd.read_csv(sys.argv[1]); cols = [c for c in df.columns if c not in ('machineID','datetime','label')]
X = df[cols].to_numpy(float); y = df.label.astype(str).to_numpy()
rf = RandomForestClassifier(n_estimators=${Number(o.trees)}, max_depth=15, max_features='sqrt', max_samples=0.632, n_jobs=2, random_state=0).fit(X, y)
B = np.tile(X, (int(np.ceil(${batchRows} / len(X))), 1))[:${batchRows}]
t = time.perf_counter(); rf.predict_proba(B); s = time.perf_counter() - t
print(json.dumps({"predict_proba_s": round(s, 3), "rows": len(B)}))`;
      const r = spawnSync('/usr/bin/python3', ['-c', py, csv], { encoding: 'utf8' });
      if (r.status === 0) {
        const peer = JSON.parse(r.stdout.trim().split('\n').pop()!);
        console.log(
          `  scikit-learn predict_proba:   ${peer.predict_proba_s.toFixed(2)} s (n_jobs=2)`,
        );
        console.log(
          `  ratio ours (2 workers) / sklearn: ${(oursPar / peer.predict_proba_s).toFixed(2)}x (target <= 1.0)`,
        );
      } else {
        console.log(`  scikit-learn peer failed: ${r.stderr.trim().split('\n').pop()}`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
