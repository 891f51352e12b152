/**
 * `npm run bench -- onnx [--trees 200] [--rows 20000] [--features 40] [--max-depth 15]`
 *
 * Writes a forest as model.onnx with our protobuf writer (workers/export/
 * protobuf-writer.ts) and, in the same script, with the peer: protobufjs through
 * onnx-proto, encoding the very same ModelProto (decoded from our bytes). Prints both
 * times, the ratio and the sizes; then the decode time (what `pdm model import` spends).
 * The forest is grown on random rows with a few informative features, so its trees
 * are as deep and bushy as a plant's.
 */
import { parseArgs } from 'node:util';
import onnxProto from 'onnx-proto';
import { forestToOnnx } from '../../workers/export/onnx-model';
import { createRng } from '../../workers/forest/rng';
import { trainForest } from '../../workers/forest/train-forest';
import { nodeForestPool } from '../../workers/forest/node/node-pool';

const { onnx } = onnxProto;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(runs: number, fn: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      trees: { type: 'string', default: '200' },
      rows: { type: 'string', default: '20000' },
      features: { type: 'string', default: '40' },
      'max-depth': { type: 'string', default: '15' },
    },
  });
  const nTrees = Number(values.trees);
  const rows = Number(values.rows);
  const nF = Number(values.features);
  const rng = createRng(7);
  const x = new Float64Array(rows * nF);
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < nF; f++) x[r * nF + f] = rng() * 100;
    // Five classes from the first features, with label noise: deep, uneven trees.
    const v = x[r * nF] + x[r * nF + 1] / 2 + rng() * 40;
    y[r] = v < 40 ? 0 : v < 70 ? 1 : v < 100 ? 2 : v < 130 ? 3 : 4;
  }
  const featureNames = Array.from({ length: nF }, (_, i) => `f${i}`);
  const t0 = performance.now();
  const model = await trainForest(
    { values: x, rows, featureNames, classNames: ['none', 'comp1', 'comp2', 'comp3', 'comp4'] },
    y,
    5,
    { nTrees, maxDepth: Number(values['max-depth']) },
    { pool: nodeForestPool(2) },
  );
  const nodes = model.feature.length;
  console.log(
    `forest: ${nTrees} trees, ${nodes.toLocaleString('en')} nodes, ${nF} features ` +
      `(grown in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  let ours: Uint8Array = new Uint8Array();
  const oursMs = timeIt(5, () => {
    ours = forestToOnnx(model);
  });
  const decoded = onnx.ModelProto.decode(ours);
  let peer: Uint8Array = new Uint8Array();
  const peerMs = timeIt(5, () => {
    peer = onnx.ModelProto.encode(decoded).finish();
  });
  const decodeMs = timeIt(5, () => {
    onnx.ModelProto.decode(ours);
  });
  const mb = (b: Uint8Array) => (b.length / 1e6).toFixed(1);
  console.log('');
  console.log('| write model.onnx | median of 5 | size |');
  console.log('| --- | ---: | ---: |');
  console.log(`| ours (protobuf-writer.ts) | ${oursMs.toFixed(0)} ms | ${mb(ours)} MB |`);
  console.log(
    `| protobufjs (onnx-proto), same message | ${peerMs.toFixed(0)} ms | ${mb(peer)} MB |`,
  );
  console.log(`| ours / protobufjs | ${(oursMs / peerMs).toFixed(2)}x | |`);
  console.log('');
  console.log(
    `decode with onnx-proto (pdm model import reads this way): ${decodeMs.toFixed(0)} ms`,
  );
}
