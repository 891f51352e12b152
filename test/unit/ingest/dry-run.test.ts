/**
 * A dry run is the import without storing: for every fixture folder (export shapes and
 * the ingest fixtures), file by file, the dry run's report (mapping, sample, counts,
 * refusals) equals the real import's, it leaves the plant file's bytes unchanged, and
 * the app's preview (EngineApi.previewImport) says the same as the import.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import type { ImportPreview } from '../../../workers/app/api-types';
import { importCsv } from '../../../workers/ingest/import-csv';
import { expandPaths, fileSource, nodeSha256 } from '../../../workers/ingest/import-node';
import {
  ImportError,
  type ImportMapping,
  type ImportOptions,
  type ImportReport,
} from '../../../workers/ingest/types';
import { setPlantTimeZone } from '../../../workers/store/plant-settings';
import { Store } from '../../../workers/store/store';
import { MANIFEST, shapeDir } from '../exports/helpers';
import { FIXTURES, memSource } from './helpers';

interface Folder {
  name: string;
  dir: string;
  timeZone: string;
  options: ImportOptions;
}

const FOLDERS: Folder[] = [
  ...MANIFEST.map((e) => ({
    name: `exports/${e.name}`,
    dir: shapeDir(e.name),
    timeZone: e.timeZone,
    options: e.options,
  })),
  { name: 'ingest', dir: FIXTURES, timeZone: 'UTC', options: {} },
];

type Outcome =
  | { report: Omit<ImportReport, 'durationMs' | 'dryRun'> }
  | { error: string; reason: string; mapping: unknown };

async function attempt(fn: () => Promise<ImportReport>): Promise<Outcome> {
  try {
    const { durationMs: _d, dryRun: _r, ...report } = await fn();
    return { report };
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { error: e.message, reason: e.reason, mapping: e.mapping ?? null };
  }
}

/** What the preview and the import must agree on. */
function essentials(o: Outcome | ImportPreview) {
  if ('error' in o) return { error: o.error };
  const r = 'report' in o ? o.report : o;
  return {
    kind: r.kind,
    mapping: r.mapping,
    sample: r.sample,
    rowsRead: r.rowsRead,
    added: r.added,
    updated: r.updated,
    duplicates: r.duplicates,
    rejected: r.rejected,
    rejectedRows: r.rejectedRows,
    notImported: r.notImported,
    timestampForm: r.timestampForm,
  };
}

describe('dry run = import without storing; preview = import', () => {
  it.each(FOLDERS.map((f) => [f.name, f] as const))('%s', async (_, folder) => {
    const { files } = await expandPaths([folder.dir]);
    const opts: ImportOptions = { ...folder.options, mapMayMiss: files.length > 1 };
    const store = await Store.open(null);
    setPlantTimeZone(store, folder.timeZone);
    const api = new EngineApi();
    await api.newPlant('preview');
    await api.setTimeZone(folder.timeZone);
    const mapping = Object.keys(folder.options).length ? (folder.options as ImportMapping) : null;
    for (const f of files) {
      const before = store.export();
      const dry = await attempt(() =>
        importCsv(store, { ...fileSourceSync(f) }, { ...opts, dryRun: true, hasher: nodeSha256 }),
      );
      expect(Buffer.from(store.export()).equals(Buffer.from(before)), `${f}: bytes unchanged`).toBe(
        true,
      );
      const real = await attempt(async () =>
        importCsv(store, await fileSource(f), { ...opts, hasher: nodeSha256 }),
      );
      if ('report' in dry) {
        expect(dry.report.mapping.mapping).toBeDefined();
        expect(dry.report.sample.rows.length).toBeLessThanOrEqual(10);
      }
      expect(dry, f).toEqual(real);
      if ('report' in dry) {
        // The mapping a profile would keep reads the file the same way on its own.
        const { durationMs: _d, ...replay } = await importCsv(store, fileSourceSync(f), {
          ...dry.report.mapping.mapping,
          dryRun: true,
          hasher: nodeSha256,
        });
        expect(replay.mapping.columns, `${f}: replayed mapping`).toEqual(
          dry.report.mapping.columns,
        );
        expect(replay.sample, `${f}: replayed sample`).toEqual(dry.report.sample);
      }

      const bytes = new Uint8Array(readFileSync(f));
      const [preview] = await api.previewImport([{ name: f, bytes }], mapping, 0);
      expect(essentials(preview), `${f}: preview`).toEqual(essentials(real));
      if (!('error' in preview)) expect(preview.dryRun).toBe(true);
      await api.importFiles([{ name: f, bytes }], mapping ? { mapping } : {}, () => undefined);
    }
    store.close();
  });

  it('--limit-rows: a dry run stops after N data rows and says so', async () => {
    const store = await Store.open(null);
    const rows = Array.from({ length: 50 }, (_, h) => {
      const t = new Date(Date.UTC(2015, 0, 1, h)).toISOString().slice(0, 19).replace('T', ' ');
      return `${t},1,${170 + h},${400 + h}`;
    });
    const text = ['datetime,machineID,volt,rotate', ...rows].join('\n') + '\n';
    const all = await importCsv(store, memSource('t.csv', text), { dryRun: true });
    const two = await importCsv(store, memSource('t.csv', text), { dryRun: true, limitRows: 2 });
    expect(all.rowsRead).toBeGreaterThan(2);
    expect(two.rowsRead).toBe(2);
    expect(two.limitedTo).toBe(2);
    expect(all.limitedTo).toBeUndefined();
    expect(two.mapping).toEqual(all.mapping);
    await expect(importCsv(store, memSource('t.csv', text), { limitRows: 2 })).rejects.toThrow(
      /dry runs only/,
    );
    store.close();
  });
});

/** A re-readable source of a file read whole (the dry run and the import read alike). */
function fileSourceSync(path: string) {
  const bytes = new Uint8Array(readFileSync(path));
  return {
    name: path,
    size: bytes.length,
    chunks: async function* () {
      yield bytes;
    },
  };
}
