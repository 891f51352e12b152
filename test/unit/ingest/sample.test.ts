/**
 * The real sample (in the project's shared folder; skipped without it): exact row
 * counts, values compared field by field with the CSV text, re-import and overlapping
 * import (union, duplicates counted), and the import log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest/import-csv';
import { importPaths } from '../../../workers/ingest/import-node';
import { civilToEpoch } from '../../../workers/shared/time';
import { HAS_SAMPLE, SAMPLE_DIR } from '../../helpers/shared';
import { count, memSource } from './helpers';

const EXPECTED = { telemetry: 21600, errors: 100, maint: 109, failures: 17, machines: 10 };

function csvLines(name: string): string[][] {
  return readFileSync(join(SAMPLE_DIR, name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(','));
}

function epoch(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s)!;
  return civilToEpoch(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
}

describe.skipIf(!HAS_SAMPLE)('import of pdm-sample', () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open(null);
    const r = await importPaths(store, [SAMPLE_DIR]);
    expect(r.failed).toEqual([]);
    expect(r.reports.map((x) => x.kind)).toEqual([
      'machines',
      'telemetry',
      'errors',
      'maint',
      'failures',
    ]);
  });

  it('stores exactly the source row counts', () => {
    for (const [t, n] of Object.entries(EXPECTED)) expect(count(store, t), t).toBe(n);
    expect(store.sensors().map((s) => s.name)).toEqual(['volt', 'rotate', 'pressure', 'vibration']);
  });

  it('telemetry values equal the CSV text, field by field (every 97th row)', () => {
    const lines = csvLines('PdM_telemetry.csv');
    const st = store.db.prepare('SELECT s1, s2, s3, s4 FROM telemetry WHERE machine_id=? AND t=?');
    let checked = 0;
    for (let i = 1; i < lines.length; i += 97) {
      const f = lines[i];
      st.bind([Number(f[1]), epoch(f[0])]);
      expect(st.step(), `line ${i + 1}`).toBe(true);
      expect(st.get(), `line ${i + 1}`).toEqual(f.slice(2).map(Number));
      st.reset();
      checked++;
    }
    st.free();
    expect(checked).toBeGreaterThan(200);
  });

  it('events and machines equal the CSV text', () => {
    for (const [file, table, col] of [
      ['PdM_errors.csv', 'errors', 'error_id'],
      ['PdM_maint.csv', 'maint', 'comp'],
      ['PdM_failures.csv', 'failures', 'failure'],
    ]) {
      const got = new Set(
        store
          .all<{ m: number; t: number; e: string }>(
            `SELECT machine_id m, t, ${col} e FROM ${table}`,
          )
          .map((r) => `${r.m}|${r.t}|${r.e}`),
      );
      const lines = csvLines(file).slice(1);
      expect(got.size).toBe(lines.length);
      for (const f of lines) expect(got.has(`${f[1]}|${epoch(f[0])}|${f[2]}`), f.join()).toBe(true);
    }
    const machines = store.all<{ machine_id: number; model: string; age: number }>(
      'SELECT * FROM machines ORDER BY machine_id',
    );
    expect(machines.map((m) => [String(m.machine_id), m.model, String(m.age)])).toEqual(
      csvLines('PdM_machines.csv').slice(1),
    );
  });

  it('logs every import with the SHA-256 of the file', () => {
    const log = store.all<{ file_name: string; content_hash: string; rows_added: number }>(
      'SELECT file_name, content_hash, rows_added FROM import_log ORDER BY id',
    );
    expect(log).toHaveLength(5);
    expect(log[1].rows_added).toBe(21600);
    expect(log.every((l) => /^[0-9a-f]{64}$/.test(l.content_hash))).toBe(true);
  });

  it('re-importing the same files adds nothing and counts every row as duplicate', async () => {
    const r = await importPaths(store, [SAMPLE_DIR]);
    for (const rep of r.reports) {
      expect(rep.added, rep.file).toBe(0);
      expect(rep.duplicates, rep.file).toBe(rep.rowsRead);
      expect(rep.seenBefore).toBe(true);
    }
    for (const [t, n] of Object.entries(EXPECTED)) expect(count(store, t), t).toBe(n);
  });

  it('overlapping exports give the union; the node and noble hashes agree', async () => {
    const text = readFileSync(join(SAMPLE_DIR, 'PdM_telemetry.csv'), 'utf8');
    const lines = text.split('\n');
    const header = lines[0];
    const a = [header, ...lines.slice(1, 12001)].join('\n') + '\n';
    const b = [header, ...lines.slice(8001, 21601)].join('\n') + '\n';
    const fresh = await Store.open(null);
    const ra = await importCsv(fresh, memSource('a.csv', a, 65536));
    const rb = await importCsv(fresh, memSource('b.csv', b, 65536));
    expect(ra).toMatchObject({ rowsRead: 12000, added: 12000, duplicates: 0 });
    expect(rb).toMatchObject({ rowsRead: 13600, added: 9600, duplicates: 4000 });
    expect(count(fresh, 'telemetry')).toBe(21600);
    const whole = await importCsv(fresh, memSource('whole.csv', text, 65536));
    expect(whole).toMatchObject({ added: 0, duplicates: 21600 });
    const logged = fresh.all<{ h: string }>(
      "SELECT content_hash h FROM import_log WHERE file_name='whole.csv'",
    );
    const viaNode = store.all<{ h: string }>(
      "SELECT content_hash h FROM import_log WHERE file_name LIKE '%PdM_telemetry.csv' LIMIT 1",
    );
    expect(logged[0].h).toBe(viaNode[0].h);
  });
});
