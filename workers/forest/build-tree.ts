/**
 * Grows one CART tree (gini, multi-class) on binned features. Split search
 * builds a class histogram per bin for each candidate feature of a node.
 *
 * Why no histogram subtraction: features are drawn afresh at every split
 * (sqrt of them), so a child rarely shares its parent's features; building the
 * histograms of the few drawn features directly costs node rows x sqrt(F),
 * less than keeping all F histograms per node to subtract.
 */
import { featuresPerSplit, type ForestParams } from './params';
import { createRng, randInt, treeSeed } from './rng';
import type { TreeArrays } from './tree';

/** Everything a worker needs to grow any tree of a forest; shared, never copied per tree. */
export interface TreeJob {
  /** Column-major bins, see BinnedFeatures. */
  binned: Uint8Array;
  rows: number;
  nFeatures: number;
  thresholds: Float64Array[];
  /** Class index per row, 0..nClasses-1. */
  y: Int32Array;
  nClasses: number;
  params: ForestParams;
}

/**
 * Draws the rows of tree `treeIndex`: weights per row (bootstrap counts, or 0/1). The
 * tree's first use of its generator: oob.ts draws the same sample again for the
 * out-of-bag probabilities, so a change here must be made there too.
 */
export function sampleRows(job: Pick<TreeJob, 'rows' | 'params'>, rng: () => number): Int32Array {
  const { rows, params } = job;
  const counts = new Int32Array(rows);
  const nDraw = Math.max(1, Math.round(params.sampleFraction * rows));
  if (params.bootstrap) {
    for (let d = 0; d < nDraw; d++) counts[randInt(rng, rows)]++;
  } else {
    const perm = new Int32Array(rows);
    for (let i = 0; i < rows; i++) perm[i] = i;
    for (let d = 0; d < nDraw; d++) {
      const j = d + randInt(rng, rows - d);
      const tmp = perm[d];
      perm[d] = perm[j];
      perm[j] = tmp;
      counts[perm[d]] = 1;
    }
  }
  return counts;
}

/**
 * Weight of one row of each class under params.classWeight, from the class
 * counts of all training rows ('balanced') or of this tree's draw
 * ('balanced_subsample', bootstrap counts included), as scikit-learn's
 * compute_class_weight('balanced'): rows / (classes present x rows of class).
 * null for 'none'. Classes absent from the counted rows get weight 0 (no row
 * carries it anyway).
 */
export function classWeights(job: TreeJob, counts: Int32Array): Float64Array | null {
  const { params, y, rows, nClasses: nC } = job;
  if (params.classWeight === 'none') return null;
  const n = new Float64Array(nC);
  if (params.classWeight === 'balanced') for (let i = 0; i < rows; i++) n[y[i]]++;
  else for (let i = 0; i < rows; i++) n[y[i]] += counts[i];
  let total = 0;
  let present = 0;
  for (let c = 0; c < nC; c++) {
    total += n[c];
    if (n[c] > 0) present++;
  }
  const w = new Float64Array(nC);
  for (let c = 0; c < nC; c++) w[c] = n[c] > 0 ? total / (present * n[c]) : 0;
  return w;
}

/** Grows tree `treeIndex` of the forest described by job; deterministic in (params.seed, treeIndex). */
export function buildTree(job: TreeJob, treeIndex: number): TreeArrays {
  const { binned, rows, nFeatures: nF, thresholds, y, nClasses: nC, params } = job;
  const rng = createRng(treeSeed(params.seed, treeIndex));
  const counts = sampleRows(job, rng);
  const cw = classWeights(job, counts);

  let nUnique = 0;
  for (let i = 0; i < rows; i++) if (counts[i] > 0) nUnique++;
  const idx = new Int32Array(nUnique);
  const yy = new Int32Array(nUnique);
  const ww = new Float64Array(nUnique);
  for (let i = 0, k = 0; i < rows; i++) {
    if (counts[i] > 0) {
      idx[k] = i;
      yy[k] = y[i];
      ww[k] = cw ? counts[i] * cw[y[i]] : counts[i];
      k++;
    }
  }

  const cap = Math.max(1, Math.min(2 * nUnique - 1, 2 ** (params.maxDepth + 1) - 1));
  const feature = new Int32Array(cap).fill(-1);
  const threshold = new Float64Array(cap);
  const left = new Int32Array(cap).fill(-1);
  const nodeW = new Float64Array(cap * nC);
  const importance = new Float64Array(nF);
  let nNodes = 1;
  for (let k = 0; k < nUnique; k++) nodeW[yy[k]] += ww[k];

  const mtry = featuresPerSplit(params.maxFeatures, nF);
  const minLeaf = params.minSamplesLeaf;
  const trackCounts = minLeaf > 1;
  const perm = new Int32Array(nF);
  for (let f = 0; f < nF; f++) perm[f] = f;
  const hist = new Float64Array(256 * nC);
  const cnt = new Int32Array(256);
  const leftW = new Float64Array(nC);

  // explicit DFS stack: start, end, depth, node
  const stack: number[] = [0, nUnique, 0, 0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const n = end - start;
    const nb0 = node * nC;
    let W = 0;
    let sumSq = 0;
    let maxW = 0;
    for (let c = 0; c < nC; c++) {
      const v = nodeW[nb0 + c];
      W += v;
      sumSq += v * v;
      if (v > maxW) maxW = v;
    }
    if (depth >= params.maxDepth || n < 2 * minLeaf || maxW >= W) continue; // leaf

    let bestScore = -Infinity;
    let bestF = -1;
    let bestBin = -1;
    for (let j = 0; j < nF; j++) {
      if (j >= mtry && bestF >= 0) break;
      const r = j + randInt(rng, nF - j);
      const f = perm[r];
      perm[r] = perm[j];
      perm[j] = f;
      const nb = thresholds[f].length + 1;
      if (nb < 2) continue;
      hist.fill(0, 0, nb * nC);
      const base = f * rows;
      if (trackCounts) {
        cnt.fill(0, 0, nb);
        for (let k = start; k < end; k++) {
          const b = binned[base + idx[k]];
          hist[b * nC + yy[k]] += ww[k];
          cnt[b]++;
        }
      } else {
        for (let k = start; k < end; k++) hist[binned[base + idx[k]] * nC + yy[k]] += ww[k];
      }
      leftW.fill(0);
      let lw = 0;
      let lcnt = 0;
      for (let b = 0; b < nb - 1; b++) {
        let binW = 0;
        for (let c = 0; c < nC; c++) {
          const v = hist[b * nC + c];
          leftW[c] += v;
          binW += v;
        }
        if (binW === 0) continue; // same partition as the previous bin
        lw += binW;
        if (trackCounts) {
          lcnt += cnt[b];
          if (lcnt < minLeaf) continue;
          if (n - lcnt < minLeaf) break;
        }
        const rw = W - lw;
        // with fractional class weights W - lw is not exact: a right side that
        // is empty can be left with a rounding residue, far below any row's weight
        if (rw <= 1e-9 * W) break;
        let sl = 0;
        let sr = 0;
        for (let c = 0; c < nC; c++) {
          const l = leftW[c];
          const rr = nodeW[nb0 + c] - l;
          sl += l * l;
          sr += rr * rr;
        }
        const score = sl / lw + sr / rw;
        if (score > bestScore) {
          bestScore = score;
          bestF = f;
          // the split bins b..bHi give the same partition; take the middle cut
          let bHi = b;
          while (bHi + 1 < nb - 1) {
            let e = 0;
            for (let c = 0; c < nC; c++) e += hist[(bHi + 1) * nC + c];
            if (e !== 0) break;
            bHi++;
          }
          bestBin = (b + bHi) >> 1;
        }
      }
    }
    if (bestF < 0) continue; // no valid split: leaf

    importance[bestF] += bestScore - sumSq / W;
    // partition rows of the node: bin <= bestBin to the left
    const base = bestF * rows;
    let i = start;
    let k = end - 1;
    while (i <= k) {
      if (binned[base + idx[i]] <= bestBin) {
        i++;
      } else {
        let t = idx[i];
        idx[i] = idx[k];
        idx[k] = t;
        t = yy[i];
        yy[i] = yy[k];
        yy[k] = t;
        const tw = ww[i];
        ww[i] = ww[k];
        ww[k] = tw;
        k--;
      }
    }
    const l = nNodes;
    nNodes += 2;
    feature[node] = bestF;
    threshold[node] = thresholds[bestF][bestBin];
    left[node] = l;
    // children's class weights summed from their rows, not parent minus left:
    // with fractional class weights a subtraction leaves rounding residues
    // (a pure child would not look pure, a frequency could come out at -1e-17)
    const lb = l * nC;
    const rb = lb + nC;
    nodeW.fill(0, lb, rb + nC);
    for (let q = start; q < i; q++) nodeW[lb + yy[q]] += ww[q];
    for (let q = i; q < end; q++) nodeW[rb + yy[q]] += ww[q];
    stack.push(i, end, depth + 1, l + 1);
    stack.push(start, i, depth + 1, l);
  }

  const value = new Float32Array(nNodes * nC);
  for (let nd = 0; nd < nNodes; nd++) {
    let W = 0;
    for (let c = 0; c < nC; c++) W += nodeW[nd * nC + c];
    for (let c = 0; c < nC; c++) value[nd * nC + c] = W > 0 ? nodeW[nd * nC + c] / W : 0;
  }
  let s = 0;
  for (let f = 0; f < nF; f++) s += importance[f];
  if (s > 0) for (let f = 0; f < nF; f++) importance[f] /= s;
  return {
    feature: feature.slice(0, nNodes),
    threshold: threshold.slice(0, nNodes),
    left: left.slice(0, nNodes),
    value,
    importance,
  };
}
