/**
 * `npm run bench -- train [--features FILE] [--train-to YYYY-MM-DD] [--replicate N]
 *   [--trees 200] [--max-depth 15] [--bins 32] [--workers 2] [--seed 0]
 *   [--class-weight none] [--seeds 0,1,...] [--ml-rows 5000] [--ml-trees 10] [--no-peer] [--no-ml]`
 *
 * Trains our forest with the reference hyperparameters on a features CSV
 * (default: the golden file) and, in the same script, scikit-learn
 * (sklearn_peer.py in the project's shared folder, n_jobs = workers, run through
 * scripts/bench/sklearn_ap.py, which also scores its probabilities) on the same
 * split; prints both times, the ratio, both macro-F1 and both average precisions
 * per failure class (one-vs-rest); --seeds S,S,... adds a table of both per seed
 * (ours: seed, scikit-learn: random_state) with the means; then ml-random-forest on a
 * row subset for the record. --replicate N writes a bigger CSV first (N copies of the
 * rows, machine ids shifted, window statistics perturbed by ~3 %), to measure at
 * about 70,000 training rows (N = 67 on the golden file).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { CLASS_WEIGHTS, type ForestParams } from '../../workers/forest/params';
import { averagePrecision } from '../../test/unit/forest/synthetic';

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
      seeds: { type: 'string' },
      'class-weight': { type: 'string', default: 'none' },
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
      classWeight: o['class-weight'] as ForestParams['classWeight'],
    };
    if (!CLASS_WEIGHTS.includes(params.classWeight))
      throw new Error(`--class-weight must be one of ${CLASS_WEIGHTS.join(', ')}`);
    const workers = Number(o.workers);
    console.log(
      `features: ${file}\n  ${csv.rows} rows x ${csv.featureNames.length} features; train_to ${fmtDate(trainTo).slice(0, 10)}, ` +
        `horizon ${o['horizon-days']} d: train ${tr.rows} rows, test ${te.rows} rows; classes ${csv.labelNames.join(', ')}`,
    );
    console.log(
      `  ${params.nTrees} trees, depth ${params.maxDepth}, ${params.maxBins} bins, ${workers} workers, ` +
        `seed ${params.seed}, class weight ${params.classWeight}`,
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
    /** Average precision per failure class present in the test rows, one-vs-rest. */
    const apOf = (p: Float64Array | Float32Array): Record<string, number> => {
      const ap: Record<string, number> = {};
      for (const c of classes) {
        const name = csv.labelNames[c];
        if (name === 'none' || !te.label.includes(c)) continue;
        const score = Array.from({ length: te.rows }, (_, r) => p[r * nC + c]);
        ap[name] = averagePrecision(
          score,
          Array.from(te.label, (l) => l === c),
        );
      }
      return ap;
    };
    const ourAp = apOf(proba);
    const apLine = (ap: Record<string, number>) =>
      Object.entries(ap)
        .map(([k, v]) => `${k} ${v.toFixed(4)}`)
        .join(', ');
    console.log(
      `ours (forest):        train ${ourTrain.toFixed(2)} s (cpu ${ourCpu.toFixed(1)} s, all threads), predict ${ourPredict.toFixed(3)} s, ` +
        `macro-F1 ${ourF1.toFixed(4)}, ${model.feature.length} nodes`,
    );
    console.log(`  average precision: ${apLine(ourAp)}`);

    const peer = join(SHARED_DIR, 'tools', 'sklearn_peer.py');
    if (!o['no-peer'] && existsSync(peer) && existsSync('/usr/bin/python3')) {
      const trainCsv = join(tmp, 'train.csv');
      const testCsv = join(tmp, 'test.csv');
      writeRowsCsv(csv, trainIdx, trainCsv);
      writeRowsCsv(csv, testIdx, testCsv);
      const runPeer = (seed: string) =>
        spawnSync(
          '/usr/bin/python3',
          [
            join(dirname(fileURLToPath(import.meta.url)), 'sklearn_ap.py'),
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
            seed,
          ],
          { encoding: 'utf8' },
        );
      const r = runPeer(o.seed!);
      if (r.status !== 0) {
        console.log(
          `scikit-learn peer failed (exit ${r.status}): ${r.stderr.trim().split('\n').pop()}`,
        );
      } else {
        const s = JSON.parse(r.stdout.trim().split('\n').pop()!);
        console.log(
          `scikit-learn (n_jobs=${workers}): train ${Number(s.train_s).toFixed(2)} s, predict ${Number(s.predict_s).toFixed(3)} s, macro-F1 ${s.macro_f1}`,
        );
        console.log(`  average precision: ${apLine(s.ap as Record<string, number>)}`);
        console.log(
          `ratio ours/sklearn train time: ${(ourTrain / s.train_s).toFixed(2)}x (target <= 0.5x); ` +
            `macro-F1 difference ${(ourF1 - s.macro_f1).toFixed(4)} (target >= -0.01)`,
        );
      }
      if (o.seeds) {
        // one test split is small: compare over several seeds (ours) and random_states (peer)
        const rows: string[][] = [];
        const comps = Object.keys(ourAp);
        const sums = new Map<string, number>();
        const add = (k: string, v: number) => sums.set(k, (sums.get(k) ?? 0) + v);
        const seeds = o.seeds.split(',').map((x) => x.trim());
        for (const seed of seeds) {
          const m = await trainForest(
            data,
            tr.label,
            nC,
            { ...params, seed: Number(seed) },
            { pool: nodeForestPool(workers) },
          );
          const pr = predictProba(m, te.values, te.rows);
          const f1 = macroF1(te.label, argmaxRows(pr, nC), classes);
          const ap = apOf(pr);
          const pr2 = runPeer(seed);
          if (pr2.status !== 0) throw new Error(`scikit-learn peer failed: ${pr2.stderr}`);
          const sk = JSON.parse(pr2.stdout.trim().split('\n').pop()!);
          add('f1', f1);
          add('skf1', sk.macro_f1);
          const row = [seed, f1.toFixed(4), String(sk.macro_f1)];
          for (const c of comps) {
            add(`ap ${c}`, ap[c]);
            add(`skap ${c}`, sk.ap[c]);
            row.push(ap[c].toFixed(4), Number(sk.ap[c]).toFixed(4));
          }
          rows.push(row);
        }
        const mean = (k: string) => ((sums.get(k) ?? 0) / seeds.length).toFixed(4);
        rows.push([
          '**mean**',
          mean('f1'),
          mean('skf1'),
          ...comps.flatMap((c) => [mean(`ap ${c}`), mean(`skap ${c}`)]),
        ]);
        const head = ['seed', 'macro-F1 ours', 'sklearn'];
        for (const c of comps) head.push(`AP ${c} ours`, 'sklearn');
        console.log(`\n| ${head.join(' | ')} |\n|${head.map(() => ' ---: |').join('')}`);
        for (const row of rows) console.log(`| ${row.join(' | ')} |`);
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
