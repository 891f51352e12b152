/**
 * Parity with the golden file: the pdm-sample computed by the independent reference
 * implementation (ref_features.py in the project's shared folder, docs/ARCHITECTURE.md,
 * Tests), imported with the real importer. Same rows, same columns in order,
 * same datetime text, every number within 1e-6 (relative or absolute).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, beforeAll } from 'vitest';
import { GOLDEN_FEATURES, HAS_SAMPLE, SAMPLE_DIR } from '../../helpers/shared';
import { buildFeatures, writeFeaturesCsv } from '../../../workers/features';
import { Store } from '../../../workers/store/store';
import { importPaths } from '../../../workers/ingest/import-node';

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

describe.skipIf(!HAS_SAMPLE)('parity with the golden features file', () => {
  let store: Store;
  let csv = '';
  beforeAll(async () => {
    store = await Store.open(null);
    const imported = await importPaths(store, [SAMPLE_DIR]);
    expect(imported.failed).toEqual([]);
    const fs = buildFeatures(store);
    const chunks: string[] = [];
    writeFeaturesCsv(fs, (c) => chunks.push(c), { chunkRows: 97 });
    csv = chunks.join('');
  });

  it('writes the same header, rows, datetimes, labels and numbers', () => {
    const golden = readFileSync(GOLDEN_FEATURES, 'utf8').trimEnd().split('\n');
    const ours = csv.trimEnd().split('\n');
    expect(ours[0]).toBe(golden[0]);
    expect(ours.length).toBe(golden.length);
    const cols = golden[0].split(',');
    let mismatches = 0;
    const firstBad: string[] = [];
    for (let i = 1; i < golden.length; i++) {
      const g = golden[i].split(',');
      const o = ours[i].split(',');
      expect(o.length).toBe(g.length);
      expect(o[0]).toBe(g[0]);
      expect(o[1]).toBe(g[1]);
      expect(o[o.length - 1]).toBe(g[g.length - 1]);
      for (let c = 2; c < g.length - 1; c++) {
        if (!close(Number(o[c]), Number(g[c])) || o[c] === '') {
          mismatches++;
          if (firstBad.length < 5) firstBad.push(`line ${i + 1} ${cols[c]}: ${o[c]} vs ${g[c]}`);
        }
      }
    }
    expect(firstBad).toEqual([]);
    expect(mismatches).toBe(0);
  });

  it('writes integers without a decimal point', () => {
    const row = csv.split('\n')[1].split(',');
    // error counts, days since replacement (-1 or n.25/n.75/whole), age and models
    expect(row.slice(-9, -1).every((v) => /^-?\d+(\.\d+)?$/.test(v))).toBe(true);
    expect(row[row.length - 4]).toMatch(/^\d+$/); // age
  });
});
