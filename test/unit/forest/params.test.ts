import { describe, expect, it } from 'vitest';
import { featuresPerSplit, resolveForestParams } from '../../../workers/forest/params';
import { trainForest } from '../../../workers/forest/train-forest';

describe('forest hyperparameters', () => {
  it('fills the reference defaults', () => {
    expect(resolveForestParams()).toEqual({
      nTrees: 200,
      maxDepth: 15,
      maxBins: 32,
      minSamplesLeaf: 1,
      maxFeatures: 'sqrt',
      sampleFraction: 0.632,
      bootstrap: true,
      seed: 0,
      classWeight: 'none',
    });
  });

  it.each([
    [{ nTrees: 0 }, 'nTrees must be an integer in 1..10000, got 0'],
    [{ nTrees: 2.5 }, 'nTrees must be an integer in 1..10000, got 2.5'],
    [{ maxDepth: 65 }, 'maxDepth must be an integer in 1..64, got 65'],
    [{ maxBins: 1 }, 'maxBins must be an integer in 2..256, got 1'],
    [{ maxBins: 300 }, 'maxBins must be an integer in 2..256, got 300'],
    [{ minSamplesLeaf: 0 }, 'minSamplesLeaf must be an integer in 1..1000000000, got 0'],
    [{ sampleFraction: 0 }, 'sampleFraction must be in (0, 1], got 0'],
    [{ sampleFraction: 1.5 }, 'sampleFraction must be in (0, 1], got 1.5'],
    [
      { maxFeatures: 0 },
      "maxFeatures must be 'sqrt', 'log2', 'all', an integer >= 1 or a fraction in (0, 1), got 0",
    ],
    [
      { maxFeatures: 'half' },
      "maxFeatures must be 'sqrt', 'log2', 'all', an integer >= 1 or a fraction in (0, 1), got half",
    ],
    [{ seed: -1 }, 'seed must be an integer in 0..4294967295, got -1'],
    [
      { classWeight: 'auto' },
      'classWeight must be one of none, balanced, balanced_subsample, got auto',
    ],
    [{ trees: 3 }, 'unknown forest parameter "trees"'],
  ])('rejects %j with a RangeError naming the parameter and range', (p, msg) => {
    expect(() => resolveForestParams(p as any)).toThrow(RangeError);
    expect(() => resolveForestParams(p as any)).toThrow(msg);
  });

  it('trainForest validates before doing any work', async () => {
    const data = { values: new Float64Array(4), rows: 2, featureNames: ['a', 'b'] };
    await expect(trainForest(data, new Int32Array([0, 1]), 2, { maxDepth: 0 })).rejects.toThrow(
      'maxDepth must be an integer in 1..64, got 0',
    );
    await expect(trainForest(data, new Int32Array([0, 2]), 2)).rejects.toThrow(
      'y[1] must be a class index in 0..1, got 2',
    );
    await expect(trainForest(data, new Int32Array([0]), 2)).rejects.toThrow(
      'y must have one label per row (2)',
    );
  });

  it('counts features per split', () => {
    expect(featuresPerSplit('sqrt', 36)).toBe(6);
    expect(featuresPerSplit('log2', 36)).toBe(5);
    expect(featuresPerSplit('all', 36)).toBe(36);
    expect(featuresPerSplit(0.5, 36)).toBe(18);
    expect(featuresPerSplit(50, 36)).toBe(36);
    expect(featuresPerSplit('sqrt', 1)).toBe(1);
  });
});
