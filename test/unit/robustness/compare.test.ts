/**
 * The golden comparison itself must catch what the suite is for: a number off by more
 * than 1e-6, other datetime or label text, columns in another order, a missing row.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffFeatures, goldenPath } from './helpers';

const golden = readFileSync(goldenPath('base'), 'utf8');
const lines = golden.trimEnd().split('\n');
const edit = (row: number, col: number, v: string) =>
  lines
    .map((l, i) => {
      if (i !== row) return l;
      const f = l.split(',');
      f[col] = v;
      return f.join(',');
    })
    .join('\n');

describe('diffFeatures', () => {
  it('accepts the golden itself and numbers within 1e-6', () => {
    expect(diffFeatures(golden, golden)).toEqual([]);
    const v = Number(lines[3].split(',')[2]);
    expect(diffFeatures(edit(3, 2, String(v * (1 + 1e-8))), golden)).toEqual([]);
  });

  it('reports a number off by more than 1e-6, an empty number, other text', () => {
    const v = Number(lines[3].split(',')[2]);
    expect(diffFeatures(edit(3, 2, String(v * (1 + 1e-5))), golden)).toHaveLength(1);
    expect(diffFeatures(edit(3, 2, ''), golden)).toHaveLength(1);
    expect(diffFeatures(edit(5, 1, '2015-01-03 12:00:01'), golden)[0]).toMatch(/datetime/);
    const last = lines[0].split(',').length - 1;
    expect(diffFeatures(edit(7, last, 'compX'), golden)[0]).toMatch(/label/);
  });

  it('reports another column order and a missing row', () => {
    const h = lines[0].split(',');
    [h[2], h[3]] = [h[3], h[2]];
    expect(diffFeatures([h.join(','), ...lines.slice(1)].join('\n'), golden)[0]).toMatch(
      /header differs/,
    );
    expect(diffFeatures(lines.slice(0, -1).join('\n'), golden)[0]).toMatch(/rows: ours/);
  });
});
