/**
 * model.onnx in ONNX Runtime (the CPU runtime for Node) against our predictor: the
 * same class probabilities (max difference 1e-6) and top class on 100,000 rows, a
 * third of them exactly at split thresholds or one double above, a tenth missing.
 */
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { createRng } from '../../../workers/forest/rng';
import { predictProba } from '../../../workers/forest/predict';
import { trainForest } from '../../../workers/forest/train-forest';
import type { ForestModel } from '../../../workers/forest/tree';
import {
  forestToOnnx,
  onnxToForest,
  ONNX_INPUT,
  ONNX_PROBABILITIES,
} from '../../../workers/export/onnx-model';
import { nextUp, runOrt } from './onnx-helpers';

const { onnx } = onnxProto;
const CLASSES = ['none', 'pump', 'valve'];
const NF = 8;

/** Training data with missing values, so the trees split with NaN in their nodes. */
function trainingData(rows: number, seed: number) {
  const rng = createRng(seed);
  const X = new Float64Array(rows * NF);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < NF; f++)
      X[r * NF + f] = rng() < 0.08 ? NaN : Math.round(rng() * 1000) / 100;
    const a = X[r * NF];
    const b = X[r * NF + 1];
    y[r] = Number.isNaN(a) ? 2 : a > 6 ? 1 : b > 3 && rng() < 0.8 ? 2 : 0;
  }
  return { X, y };
}

/** Rows at the model's thresholds (exactly, and one double above), missing values and random values. */
function probeRows(model: ForestModel, rows: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const splits: number[] = [];
  for (let n = 0; n < model.feature.length; n++) if (model.feature[n] >= 0) splits.push(n);
  const X = new Float64Array(rows * NF);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < NF; f++) {
      const u = rng();
      let v: number;
      if (u < 0.1) v = NaN;
      else if (u < 0.45) {
        // the threshold of a split on this feature, or of any split
        const n = splits[Math.floor(rng() * splits.length)];
        v = model.threshold[n];
        if (rng() < 0.3) v = nextUp(v);
      } else v = Math.round(rng() * 1100) / 100 - 0.5;
      X[r * NF + f] = v;
    }
    // the row's own split values at the features they split on
    const n = splits[Math.floor(rng() * splits.length)];
    X[r * NF + model.feature[n]] = model.threshold[n];
  }
  return X;
}

describe('model.onnx in ONNX Runtime', () => {
  it('gives our probabilities and top class on 100,000 rows with thresholds and NaN', async () => {
    const { X, y } = trainingData(3000, 3);
    const model = await trainForest(
      {
        values: X,
        rows: 3000,
        featureNames: Array.from({ length: NF }, (_, f) => `x${f}`),
        classNames: CLASSES,
      },
      y,
      3,
      { nTrees: 40, seed: 5, maxDepth: 12 },
    );
    const rows = 100_000;
    const probe = probeRows(model, rows, 11);
    const ours = predictProba(model, probe, rows);
    const theirs = await runOrt(forestToOnnx(model), probe, rows, NF);
    expect(theirs.length).toBe(ours.length);
    let maxDiff = 0;
    let topDiffers = 0;
    let atThreshold = 0;
    for (let r = 0; r < rows; r++) {
      let a = 0;
      let b = 0;
      for (let c = 0; c < 3; c++) {
        maxDiff = Math.max(maxDiff, Math.abs(ours[r * 3 + c] - theirs[r * 3 + c]));
        if (ours[r * 3 + c] > ours[r * 3 + a]) a = c;
        if (theirs[r * 3 + c] > theirs[r * 3 + b]) b = c;
      }
      if (a !== b) topDiffers++;
    }
    for (let n = 0; n < model.feature.length; n++) {
      if (model.feature[n] >= 0 && probe.includes(model.threshold[n])) atThreshold++;
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
    expect(topDiffers).toBe(0);
    // the probe really hit the split points
    expect(atThreshold).toBeGreaterThan(0.9 * model.feature.filter((f) => f >= 0).length);
  });

  it('gives our probabilities for a class-weighted forest too (leaf frequencies as stored)', async () => {
    const { X, y } = trainingData(2000, 4);
    const model = await trainForest(
      {
        values: X,
        rows: 2000,
        featureNames: Array.from({ length: NF }, (_, f) => `x${f}`),
        classNames: CLASSES,
      },
      y,
      3,
      { nTrees: 10, seed: 2, maxDepth: 8, classWeight: 'balanced' },
    );
    const rows = 20_000;
    const probe = probeRows(model, rows, 12);
    const ours = predictProba(model, probe, rows);
    const theirs = await runOrt(forestToOnnx(model), probe, rows, NF);
    let maxDiff = 0;
    for (let i = 0; i < ours.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
    expect(theirs.length).toBe(ours.length);
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('names its input and output as the manifest says', async () => {
    const { X, y } = trainingData(300, 4);
    const model = await trainForest(
      {
        values: X,
        rows: 300,
        featureNames: Array.from({ length: NF }, (_, f) => `x${f}`),
        classNames: CLASSES,
      },
      y,
      3,
      { nTrees: 3, seed: 1 },
    );
    const bytes = forestToOnnx(model, 'pdm model #1');
    const s = await ort.InferenceSession.create(bytes);
    expect(s.inputNames).toEqual([ONNX_INPUT]);
    expect(s.outputNames).toContain(ONNX_PROBABILITIES);
    await s.release();
    // written by our own protobuf writer: protobufjs reads the same model back
    const m = onnx.ModelProto.decode(bytes);
    expect(m.producerName).toBe('pdm');
    expect(m.docString).toBe('pdm model #1');
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([
      ['', 17],
      ['ai.onnx.ml', 3],
    ]);
    expect(m.metadataProps.map((p) => p.key)).toEqual(['pdm.features', 'pdm.classes']);
    const node = m.graph!.node![0];
    const attr = (name: string) => node.attribute!.find((a) => a.name === name)!;
    expect(attr('nodes_modes').strings!.length).toBe(model.feature.length);
    const thresholds = Array.from(attr('nodes_values_as_tensor').t!.doubleData!);
    expect(thresholds.sort()).toEqual(Array.from(model.threshold).sort());
  });

  it('reads back as the same forest, bit for bit', async () => {
    const { X, y } = trainingData(1000, 6);
    const model = await trainForest(
      {
        values: X,
        rows: 1000,
        featureNames: Array.from({ length: NF }, (_, f) => `x${f}`),
        classNames: CLASSES,
      },
      y,
      3,
      { nTrees: 25, seed: 2 },
    );
    const back = onnxToForest(forestToOnnx(model), {
      features: model.featureNames,
      classes: CLASSES,
      cadence: {
        stepSeconds: 43200,
        windowSeconds: [43200],
        eventWindowSeconds: 86400,
        horizonSeconds: 604800,
      },
      timeZone: 'UTC',
      trainFrom: null,
      trainTo: null,
    });
    expect(back.nanRight).toBeUndefined();
    expect(Array.from(back.treeOffsets)).toEqual(Array.from(model.treeOffsets));
    // the nodes may be laid out in another order: the same splits; split nodes' class
    // frequencies (for explanations) rebuilt from the leaves and hit rates
    const sorted = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => x - y);
    expect(sorted(back.threshold)).toEqual(sorted(model.threshold));
    const vb = sorted(back.value);
    sorted(model.value).forEach((v, i) => expect(Math.abs(vb[i] - v)).toBeLessThan(1e-6));
    const probe = probeRows(model, 5000, 9);
    expect(Array.from(predictProba(back, probe, 5000))).toEqual(
      Array.from(predictProba(model, probe, 5000)),
    );
  });
});
