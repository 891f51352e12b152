/**
 * `npm run bench -- train [--features FILE] [--train-to YYYY-MM-DD] [--replicate N]
 *   [--trees 200] [--max-depth 15] [--bins 32] [--workers 2] [--seed 0]
 *   [--ml-rows 5000] [--ml-trees 10] [--no-peer] [--no-ml]`
 *
 * Trains our forest with the reference hyperparameters on a features CSV
 * (default: the golden file) and, in the same script, scikit-learn
 * (sklearn_peer.py in the project's shared folder, n_jobs = workers) on the same
 * split; prints both times, the ratio and both macro-F1; then ml-random-forest on a
 * row subset for the record. --replicate N writes a bigger CSV first (N copies of the
 * rows, machine ids shifted, window statistics perturbed by ~3 %), to measure at
 * about 70,000 training rows (N = 67 on the golden file).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GOLDEN_FEATURES, SHARED_DIR } from '../../test/helpers/shared';
import { getLearner } from '../../workers/forest/learner';
import {
  readFeaturesCsv,
  rowsBetween,
  subsetRows,
  writeRowsCsv,
  type FeaturesCsv,
} from '../../workers/forest/node/features-csv-node';
import { nodeForestPool } from '../../workers/forest/node/node-pool';
import { argmaxRows, predictProba } from '../../workers/forest/predict';
import { createRng } from '../../workers/forest/rng';
import { trainForest } from '../../workers/forest/train-forest';

const DAY = 86400_000;

/** Macro-F1 as the peer computes it: over classes present in train or test labels, F1 0 when undefined. */
function macroF1(truth: Int32Array, pred: Int32Array, classes: number[]): number {
  let sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (pred[i] === c && truth[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (truth[i] === c) fn++;
    }
    sum += tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  return sum / classes.length;
}

function fmtDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Writes N perturbed copies of the CSV's rows (machine ids shifted by 100000 per copy). */
function replicate(csv: FeaturesCsv, n: number, path: string): void {
  const cols = csv.header.split(',');
  const noisy = cols.map((c) => /_(mean|std)_\d+$/.test(c));
  const rng = createRng(12345);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const out: string[] = [csv.header];
  for (let k = 0; k < n; k++) {
    for (const line of csv.lines) {
      const cells = line.split(',');
      cells[0] = String(Number(cells[0]) + 100000 * k);
      if (k > 0)
        for (let i = 0; i < cells.length; i++)
          if (noisy[i]) cells[i] = String(Number(cells[i]) * (1 + 0.03 * gauss()));
      out.push(cells.join(','));
    }
  }
  writeFileSync(path, out.join('\n') + '\n');
}

export async function main(args: string[]): Promise<void> {
  const { values: o } = parseArgs({
    args,
    options: {
      features: { type: 'string' },
      'train-to': { type: 'string' },
      'horizon-days': { type: 'string', default: '7' },
      replicate: { type: 'string' },
      trees: { type: 'string', default: '200' },
      'max-depth': { type: 'string', default: '15' },
      bins: { type: 'string', default: '32' },
      workers: { type: 'string', default: '2' },
      seed: { type: 'string', default: '0' },
      'ml-rows': { type: 'string', default: '5000' },
      'ml-trees': { type: 'string', default: '10' },
      'no-peer': { type: 'boolean', default: false },
      'no-ml': { type: 'boolean', default: false },
    },
  });
  const tmp = mkdtempSync(join(tmpdir(), 'pdm-bench-train-'));
  try {
    let file = o.features ?? GOLDEN_FEATURES;
    let csv = readFeaturesCsv(file);
    if (o.replicate) {
      file = join(tmp, 'replicated.csv');
      replicate(csv, Number(o.replicate), file);
      csv = readFeaturesCsv(file);
    }
    const times = csv.datetime.map((d) => Date.parse(d.replace(' ', 'T') + 'Z'));
    const tMin = Math.min(...times);
    const tMax = Math.max(...times);
    const trainTo = o['train-to']
      ? Date.parse(o['train-to'] + 'T00:00:00Z')
      : file === GOLDEN_FEATURES || o.replicate
        ? Date.parse('2015-03-01T00:00:00Z')
        : Math.floor((tMin + 0.75 * (tMax - tMin)) / DAY) * DAY;
    const trainIdx = rowsBetween(
      csv,
      undefined,
      fmtDate(trainTo - Number(o['horizon-days']) * DAY),
    );
    const testIdx = rowsBetween(csv, fmtDate(trainTo));
    const tr = subsetRows(csv, trainIdx);
    const te = subsetRows(csv, testIdx);
    const nC = csv.labelNames.length;
    const present = new Set([...tr.label, ...te.label]);
    const classes = [...Array(nC).keys()].filter((c) => present.has(c));
    const params = {
      nTrees: Number(o.trees),
      maxDepth: Number(o['max-depth']),
      maxBins: Number(o.bins),
      seed: Number(o.seed),
    };
    const workers = Number(o.workers);
    console.log(
      `features: ${file}\n  ${csv.rows} rows x ${csv.featureNames.length} features; train_to ${fmtDate(trainTo).slice(0, 10)}, ` +
        `horizon ${o['horizon-days']} d: train ${tr.rows} rows, test ${te.rows} rows; classes ${csv.labelNames.join(', ')}`,
    );
    console.log(
      `  ${params.nTrees} trees, depth ${params.maxDepth}, ${params.maxBins} bins, ${workers} workers, seed ${params.seed}`,
    );

    const data = {
      values: tr.values,
      rows: tr.rows,
      featureNames: csv.featureNames,
      classNames: csv.labelNames,
    };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const model = await trainForest(data, tr.label, nC, params, { pool: nodeForestPool(workers) });
    const ourTrain = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const ourCpu = (cpu.user + cpu.system) / 1e6;
    const t1 = performance.now();
    const proba = predictProba(model, te.values, te.rows);
    const ourPredict = (performance.now() - t1) / 1000;
    const ourF1 = macroF1(te.label, argmaxRows(proba, nC), classes);
    console.log(
      `ours (forest):        train ${ourTrain.toFixed(2)} s (cpu ${ourCpu.toFixed(1)} s, all threads), predict ${ourPredict.toFixed(3)} s, ` +
        `macro-F1 ${ourF1.toFixed(4)}, ${model.feature.length} nodes`,
    );

    const peer = join(SHARED_DIR, 'tools', 'sklearn_peer.py');
    if (!o['no-peer'] && existsSync(peer) && existsSync('/usr/bin/python3')) {
      const trainCsv = join(tmp, 'train.csv');
      const testCsv = join(tmp, 'test.csv');
      writeRowsCsv(csv, trainIdx, trainCsv);
      writeRowsCsv(csv, testIdx, testCsv);
      const r = spawnSync(
        '/usr/bin/python3',
        [
          peer,
          trainCsv,
          testCsv,
          '--trees',
          o.trees!,
          '--max-depth',
          o['max-depth']!,
          '--jobs',
          String(workers),
          '--seed',
          o.seed!,
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) {
        console.log(
          `scikit-learn peer failed (exit ${r.status}): ${r.stderr.trim().split('\n').pop()}`,
        );
      } else {
        const s = JSON.parse(r.stdout.trim().split('\n').pop()!);
        console.log(
          `scikit-learn (n_jobs=${workers}): train ${Number(s.train_s).toFixed(2)} s, predict ${Number(s.predict_s).toFixed(3)} s, macro-F1 ${s.macro_f1}`,
        );
        console.log(
          `ratio ours/sklearn train time: ${(ourTrain / s.train_s).toFixed(2)}x (target <= 0.5x); ` +
            `macro-F1 difference ${(ourF1 - s.macro_f1).toFixed(4)} (target >= -0.01)`,
        );
      }
    } else {
      console.log('scikit-learn peer skipped');
    }

    if (!o['no-ml']) {
      const n = Math.min(Number(o['ml-rows']), tr.rows);
      const rng = createRng(1);
      const pick = new Int32Array(tr.rows);
      for (let i = 0; i < tr.rows; i++) pick[i] = i;
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(rng() * (tr.rows - i));
        [pick[i], pick[j]] = [pick[j], pick[i]];
      }
      const sub = pick.slice(0, n).sort();
      const nF = csv.featureNames.length;
      const sv = new Float64Array(n * nF);
      const sy = new Int32Array(n);
      sub.forEach((r, k) => {
        sv.set(tr.values.subarray(r * nF, (r + 1) * nF), k * nF);
        sy[k] = tr.label[r];
      });
      const mlTrees = Number(o['ml-trees']);
      for (const [name, vals, ys] of [
        ['ml-random-forest', sv, sy],
        ['forest (same subset)', sv, sy],
      ] as const) {
        const learner = getLearner(name.startsWith('ml') ? 'ml-random-forest' : 'forest');
        const t2 = performance.now();
        const m = await learner.train(
          { values: vals, rows: n, featureNames: csv.featureNames, classNames: csv.labelNames },
          ys,
          nC,
          { nTrees: mlTrees, maxDepth: params.maxDepth, seed: params.seed },
        );
        const secs = (performance.now() - t2) / 1000;
        const f1 = macroF1(te.label, argmaxRows(m.predictProba(te.values, te.rows), nC), classes);
        console.log(
          `${name}: ${n} rows x ${mlTrees} trees, 1 thread: train ${secs.toFixed(2)} s, macro-F1 ${f1.toFixed(4)}`,
        );
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
