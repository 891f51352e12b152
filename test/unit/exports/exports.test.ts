/**
 * Real export shapes (test/fixtures/exports, made by scripts/make-export-fixtures.ts):
 * each shape folder is imported into a fresh store with the plant's time zone set.
 * Stored shapes must hold exactly the canonical rows of their data set (machine ids as
 * text, plant wall time) and give the features the independent reference computed
 * (goldens/); refused shapes must name the file and the reason and store nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import type { PathsResult } from '../../../workers/ingest/import-node';
import type { Store } from '../../../workers/store/store';
import { diffFeatures, featuresCsv } from '../robustness/helpers';
import {
  MANIFEST,
  canonicalDir,
  diffTables,
  dumpCanonical,
  formatTime,
  goldenPath,
  importFolder,
  importShape,
  plantRows,
  readCanonical,
  repeatedHourCount,
  shapeDir,
} from './helpers';

describe('exports: the manifest', () => {
  it('has the real-export shapes: text ids, time forms, numbers, encodings, refusals', () => {
    const names = MANIFEST.map((e) => e.name);
    for (const n of [
      'windfarm-logbook',
      'serial-numbers',
      'asset-tags',
      'excel-serial',
      'epoch-seconds',
      'epoch-ms',
      'month-names',
      'split-date-time',
      'offsets-mixed-dst',
      'thousands-point',
      'thousands-comma',
      'placeholders',
      'latin1',
      'sep-line',
      'two-digit-years',
      'year-1850',
      'text-column',
      'text-column-ignored',
      'duplicate-header',
      'zip',
      'utf16-no-bom',
      'hdd-daily-flags',
      'testbed-per-experiment',
      'failed-component-column',
      'alarm-code-column',
      'pi-long',
      'ignition-long',
      'cmapss-headerless',
    ]) {
      expect(names).toContain(n);
    }
  });

  it('every entry has its folder, canonical data and golden', () => {
    for (const e of MANIFEST) {
      const files = readdirSync(shapeDir(e.name));
      expect(files.length, e.name).toBeGreaterThan(0);
      if (e.expect === 'refused') {
        // Only the refused file: "nothing stored" then means an empty plant.
        expect(files, e.name).toEqual([e.file]);
        expect(e.messageIncludes.length, e.name).toBeGreaterThan(0);
      } else {
        expect(() => readCanonical(canonicalDir(e.dataset)), e.name).not.toThrow();
        if (e.golden) expect(() => readFileSync(goldenPath(e.dataset)), e.name).not.toThrow();
      }
    }
  });
});

describe('exports: real export shapes', () => {
  for (const e of MANIFEST) {
    describe(`${e.name} (${e.expect}): ${e.about}`, () => {
      let store: Store | null = null;
      let result: PathsResult = { reports: [], failed: [], skipped: [] };
      // An error that is not a refusal (e.g. options the importer rejects) fails every
      // test below instead of skipping them.
      let crash: unknown = null;
      const imported = () => {
        if (crash) throw crash;
        return store!;
      };
      beforeAll(async () => {
        try {
          ({ store, result } = await importShape(e));
        } catch (err) {
          crash = err;
        }
      });
      afterAll(() => store?.close());

      if (e.expect === 'refused') {
        it(`refuses ${e.file}, saying ${e.messageIncludes.join(', ')}`, () => {
          imported();
          const hit = result.failed.find((f) => basename(f.file) === e.file);
          expect(
            hit,
            `${e.file} should be refused; imported: ${result.reports.map((r) => basename(r.file)).join(', ')}`,
          ).toBeDefined();
          const msg = hit!.error.message.toLowerCase();
          for (const part of e.messageIncludes) {
            expect(msg, `message: ${hit!.error.message}`).toContain(part.toLowerCase());
          }
          expect(result.reports.map((r) => basename(r.file))).not.toContain(e.file);
        });
        it('stores nothing of it', () => {
          const rows = plantRows(imported());
          expect(rows).toEqual(Object.fromEntries(Object.keys(rows).map((k) => [k, 0])));
        });
        return;
      }

      it('imports every file, rejecting no row', () => {
        imported();
        expect(result.failed.map((f) => `${basename(f.file)}: ${f.error.message}`)).toEqual([]);
        const rejected = result.reports.flatMap((r) =>
          r.rejectedRows.map((x) => `${basename(x.file)}:${x.line} ${x.column}: ${x.reason}`),
        );
        expect(rejected.slice(0, 5)).toEqual([]);
      });
      it(`stores exactly canonical/${e.dataset}`, () => {
        expect(
          diffTables(dumpCanonical(imported()), readCanonical(canonicalDir(e.dataset))),
        ).toEqual([]);
      });
      it('reports not-imported columns, duplicates and repeated-hour readings', () => {
        imported();
        expect(result.failed.map((f) => basename(f.file))).toEqual([]);
        const ignored = [...new Set(result.reports.flatMap((r) => r.ignoredColumns))];
        for (const c of e.notImported) expect(ignored).toContain(c);
        expect(result.reports.reduce((s, r) => s + r.duplicates, 0)).toBe(e.duplicates);
        expect(repeatedHourCount(result.reports)).toBe(e.repeatedHour);
      });
      if (e.golden) {
        it(`gives the features of goldens/${e.dataset}.csv`, () => {
          const golden = readFileSync(goldenPath(e.dataset), 'utf8');
          expect(diffFeatures(featuresCsv(imported()), golden)).toEqual([]);
        });
      }
    });
  }
});

describe('exports: the harness itself', () => {
  it('reads the robustness canonical variant back exactly', async () => {
    const dir = join(REPO_ROOT, 'test', 'fixtures', 'robustness', 'variants', 'canonical');
    const { store, result } = await importFolder(dir, 'Europe/Berlin');
    try {
      expect(result.failed).toEqual([]);
      expect(diffTables(dumpCanonical(store), readCanonical(dir))).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('sees a changed value, a lost row and a wrong machine id', async () => {
    const e = MANIFEST.find((x) => x.name === 'baseline-numeric')!;
    const { store, result } = await importShape(e);
    try {
      expect(result.failed).toEqual([]);
      const expected = readCanonical(canonicalDir(e.dataset));
      expect(diffTables(dumpCanonical(store), expected)).toEqual([]);
      const col = store.sensors()[0].col;
      store.db.run(`UPDATE telemetry SET ${col} = ${col} + 1e-6 WHERE machine_id = 1 AND t =
        (SELECT min(t) FROM telemetry WHERE machine_id = 1)`);
      store.db.run(`DELETE FROM errors WHERE (machine_id, t, error_id) =
        (SELECT machine_id, t, error_id FROM errors ORDER BY machine_id, t LIMIT 1)`);
      store.db.run('UPDATE machines SET machine_id = 99 WHERE machine_id = 2');
      store.db.run("INSERT INTO machine_names(machine_id, name) VALUES(99, '99')");
      const diff = diffTables(dumpCanonical(store), expected).join('\n');
      expect(diff).toMatch(
        /telemetry 2015-01-01 00:00:00 \| 1 volt: stored '146\.37000\d+', canonical '146\.37'/,
      );
      expect(diff).toMatch(/errors: 1 canonical rows not stored/);
      expect(diff).toMatch(/machines: 1 canonical rows not stored, e\.g\. 2/);
      expect(diff).toMatch(/machines: 1 stored rows not canonical, e\.g\. 99/);
    } finally {
      store.close();
    }
  });

  it('writes fractions of a second only when there are some', () => {
    expect(formatTime(1420070400)).toBe('2015-01-01 00:00:00');
    expect(formatTime(1420070400.25)).toBe('2015-01-01 00:00:00.250');
    expect(formatTime(-3786825600)).toBe('1850-01-01 00:00:00');
  });
});
