/**
 * End to end on exports in other shapes: each variant folder of test/fixtures/robustness
 * goes through importPaths + buildFeatures + writeFeaturesCsv and must equal the golden
 * that the independent reference (ref_features.py) computed on the same data in the
 * standard form. Fixtures and goldens: scripts/make-robustness-goldens.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MANIFEST,
  diffFeatures,
  featuresCsv,
  goldenPath,
  importVariant,
  tableCounts,
} from './helpers';

describe('robustness: other export shapes give the reference features', () => {
  it('has the export variants of the sample-like plants', () => {
    const names = MANIFEST.map((v) => v.name);
    for (const n of [
      'shuffled',
      'semicolon-decimal-comma',
      'tab',
      'us-ampm-dates',
      'dot-dates',
      'iso-t',
      'crlf-bom',
      'quoted',
      'header-spellings',
      'pumps',
      'overlap',
      'machines-extra-columns',
      'sparse',
    ]) {
      expect(names).toContain(n);
    }
  });

  for (const v of MANIFEST) {
    it(`${v.name}: ${v.about}`, async () => {
      const { store, result } = await importVariant(v);
      try {
        expect(result.failed.map((f) => `${f.file}: ${f.error.message}`)).toEqual([]);
        const rejected = result.reports.flatMap((r) =>
          r.rejectedRows.map((x) => `${x.file}:${x.line} ${x.column}: ${x.reason}`),
        );
        expect(rejected).toEqual([]);
        expect(tableCounts(store)).toEqual(v.rows);
        const dups = result.reports.reduce((s, r) => s + r.duplicates, 0);
        expect(dups).toBe(v.duplicates);
        const diff = diffFeatures(featuresCsv(store), readFileSync(goldenPath(v.dataset), 'utf8'));
        expect(diff).toEqual([]);
      } finally {
        store.close();
      }
    });
  }
});
